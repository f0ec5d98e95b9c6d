#!/usr/bin/env bash
# Checks that the README's two commands work on a fresh Debian 12: builds a
# minimal bookworm root with debootstrap, copies this checkout's committed
# tree into it (no build directory, no node_modules), and runs there, as
# root with a clean environment, `scripts/test.sh` and then a short
# `scripts/demo.sh`, stopped with SIGTERM once its portal answers. Ends with
# a summary; exits 0 only when every test passed and the demo answered and
# stopped cleanly.
#
# Usage (as root, from anywhere):
#
#   scripts/fresh-check.sh [--reuse] [--remove]
#
#   --reuse   keep the Debian root of an earlier run, with the packages that
#             scripts/setup.sh installed in it (quicker, but no longer a
#             fresh machine); the checkout and its build are new all the same
#   --remove  delete the Debian root at the end (it is kept by default, to
#             look into a failure or to --reuse it)
#
# Environment:
#   FRESH_ROOT       work directory (/var/tmp/welfare-ledger-fresh); the
#                    Debian root is FRESH_ROOT/root, the logs beside it
#   FRESH_MIRROR     Debian mirror for debootstrap (default: the host's
#                    first Debian mirror, else http://deb.debian.org/debian)
#   FRESH_DEMO_PORT  the demo's port (default: the first free one from 18080)
#
# Time on 2 cores: 25-30 min in all (debootstrap 1-2 min; setup.sh's
# packages, the build and the tests 20-27, mostly the build; the demo under
# a minute), more on a busier machine or a slower mirror. Disk: about 3 GiB
# in FRESH_ROOT.
#
# It deletes nothing but FRESH_ROOT/root, and that only in a FRESH_ROOT it
# made itself (marked by FRESH_ROOT/.fresh-check) and only once nothing is
# mounted under it. Whatever it mounts is unmounted on every exit.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
readonly repo
readonly suite=bookworm
readonly checkout_in_root=/root/welfare-ledger
readonly demo_ready_timeout_s=1800
readonly demo_stop_timeout_s=30

reuse=false
remove=false
work=""
root=""

say() { echo "fresh-check: $*" >&2; }
die() { say "$*"; exit 1; }

usage() {
  sed -n '/^# Usage/,/^# It deletes/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit "$1"
}

parse_args() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --reuse) reuse=true ;;
      --remove) remove=true ;;
      -h | --help) usage 0 ;;
      *) say "unknown argument: $1"; usage 2 ;;
    esac
    shift
  done
}

# The work directory is deleted from, so it must be a plain absolute path
# that is not a system directory, and ours if it already holds anything.
choose_work_dir() {
  work=$(realpath -m -- "${FRESH_ROOT:-/var/tmp/welfare-ledger-fresh}")
  case "$work" in
    / | /bin | /boot | /dev | /etc | /home | /lib* | /proc | /root | /run | /sbin | /srv | /sys | /tmp | /usr | /usr/* | /var | /var/tmp)
      die "FRESH_ROOT=$work is a system directory; choose a directory of its own" ;;
  esac
  # Mount points are found by path in /proc/self/mountinfo, which escapes
  # blanks: a path without them is matched as it is.
  [[ "$work" =~ ^/[A-Za-z0-9._/+-]+$ ]] || die "FRESH_ROOT=$work: use letters, digits and ._+- only"
  if [ -e "$work" ] && [ ! -f "$work/.fresh-check" ] && [ -n "$(ls -A "$work" 2>/dev/null)" ]; then
    die "$work exists and was not made by fresh-check; choose another FRESH_ROOT"
  fi
  mkdir -p "$work"
  touch "$work/.fresh-check"
  root=$work/root
}

install_debootstrap() {
  command -v debootstrap >/dev/null && return
  say "installing debootstrap"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
}

# Mount points under the root, deepest first, as the kernel lists them
# (also those of an earlier run that was killed before it could unmount).
mounts_under_root() {
  awk -v root="$root" '$5 == root || index($5, root "/") == 1 { print $5 }' /proc/self/mountinfo |
    sort -r
}

# Processes whose root directory is the Debian root were started by this
# script (or an earlier run of it): a demo's ledgerd, a test left behind.
processes_in_root() {
  local pid
  for pid in /proc/[0-9]*; do
    if [ "$(readlink "$pid/root" 2>/dev/null)" = "$root" ]; then echo "${pid#/proc/}"; fi
  done
}

stop_processes_in_root() {
  local pids
  [ -d "$root" ] || return 0
  pids=$(processes_in_root)
  [ -n "$pids" ] || return 0
  say "stopping what is still running in the root: $(tr "\n" " " <<<"$pids")"
  # shellcheck disable=SC2086 # one word a pid
  kill -TERM $pids 2>/dev/null || true
  sleep 2
  # Asked again, so that a pid reused meanwhile outside the root is spared.
  pids=$(processes_in_root)
  # shellcheck disable=SC2086
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
}

unmount_all() {
  local point
  stop_processes_in_root
  for point in $(mounts_under_root); do
    umount "$point" 2>/dev/null || umount -l "$point" || say "could not unmount $point"
  done
}

cleanup() {
  if [ -n "$root" ]; then unmount_all; fi
}

# Deletes the Debian root, and nothing else: never while anything is
# mounted under it, and never across into another file system.
remove_root() {
  [ -d "$root" ] || return 0
  [ -f "$work/.fresh-check" ] || die "refusing to delete $root: $work is not fresh-check's"
  unmount_all
  [ -z "$(mounts_under_root)" ] || die "refusing to delete $root: still mounted: $(mounts_under_root | tr '\n' ' ')"
  say "deleting $root"
  rm -rf --one-file-system -- "$root"
}

# The host's first Debian mirror, so that a machine that reaches Debian
# through its own mirror builds the root from it too.
host_mirror() {
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' \
      /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; exit } }' \
      /etc/apt/sources.list)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

make_root() {
  local mirror=${FRESH_MIRROR:-$(host_mirror)}
  say "debootstrap $suite (minbase) from $mirror into $root (log: $work/debootstrap.log)"
  # ca-certificates is on every real install, and the host's extra CAs are
  # added to it below.
  if ! debootstrap --variant=minbase --include=ca-certificates "$suite" "$root" "$mirror" \
    >"$work/debootstrap.log" 2>&1; then
    tail -n 20 "$work/debootstrap.log" >&2
    die "debootstrap failed (log: $work/debootstrap.log)"
  fi
  touch "$root/.fresh-check-ready"
}

# What the root needs from the host to reach the network as the host does:
# the name server, the apt sources, and the CAs of a proxy in between.
configure_root() {
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  # minbase has no netbase, so no /etc/hosts; an installed machine has one.
  [ -s "$root/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' \
    >"$root/etc/hosts"
  # The host's sources only if they are bookworm's: another release's
  # would turn the root into that release.
  if [ -f /etc/apt/sources.list.d/debian.sources ] && grep -qw "$suite" /etc/apt/sources.list.d/debian.sources; then
    cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/debian.sources"
    rm -f "$root/etc/apt/sources.list"
  elif [ -f /etc/apt/sources.list ] && grep -qw "$suite" /etc/apt/sources.list; then
    cp /etc/apt/sources.list "$root/etc/apt/sources.list"
  fi
  local certs=(/usr/local/share/ca-certificates/*.crt)
  if [ -f "${certs[0]}" ]; then
    say "adding the host's ${#certs[@]} extra CA certificate(s)"
    mkdir -p "$root/usr/local/share/ca-certificates"
    cp "${certs[@]}" "$root/usr/local/share/ca-certificates/"
    chroot "$root" /usr/sbin/update-ca-certificates >/dev/null
  fi
  # Packages must not start services in a chroot: they would run on the
  # host's network and keep the root's mounts busy.
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
}

mount_one() {
  local target=$root$1
  shift
  mkdir -p "$target"
  mount "$@" "$target"
}

# What a build, apt and headless Chromium need. /dev is a bind mount,
# made private so that what is mounted under it here (and unmounted
# later) cannot spread to the host's /dev through mount propagation.
mount_system() {
  mount_one /proc -t proc proc
  mount_one /sys -t sysfs sysfs
  mount_one /dev --bind /dev
  mount --make-private "$root/dev"
  mount_one /dev/pts -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts
  mount_one /dev/shm -t tmpfs -o mode=1777,nosuid,nodev shm
}

copy_checkout() {
  if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]; then
    say "note: uncommitted changes in $repo are not part of the check (it copies HEAD)"
  fi
  rm -rf --one-file-system -- "${root:?}$checkout_in_root"
  mkdir -p "$root$checkout_in_root"
  git -C "$repo" archive --format=tar HEAD | tar -x -C "$root$checkout_in_root"
  say "copied $(git -C "$repo" rev-parse --short HEAD) into $checkout_in_root"
}

# Sets inside_command to run a command in the checkout inside the root, as
# root would run it after logging in: nothing of this shell's environment
# comes along. Every step execs the next, so the process started from
# inside_command is the command itself, and a signal sent to it arrives.
inside_command=()
inside() {
  inside_command=(chroot "$root" /usr/bin/env -i HOME=/root LOGNAME=root USER=root SHELL=/bin/bash
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    /bin/bash -c "cd $checkout_in_root && exec \"\$@\"" bash "$@")
}

# Answers "STATUS CONTENT-TYPE" for GET / on 127.0.0.1:$1 (the root shares
# the host's network), or nothing when no server answers.
get_root_page() {
  local port=$1 line status="" type=""
  { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 0
  printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
  read -r -t 10 _ status _ <&3 || true
  while IFS= read -r -t 10 line <&3; do
    line=${line%$'\r'}
    [ -z "$line" ] && break
    case "${line,,}" in content-type:*) type=${line#*:} ;; esac
  done
  exec 3<&-
  echo "$status ${type# }"
}

free_port() {
  local port
  for port in $(seq 18080 18179); do
    { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || { echo "$port"; return; }
    exec 3<&-
  done
  die "no free port in 18080-18179; set FRESH_DEMO_PORT"
}

test_result=""  # ctest's summary line, or why there is none
test_status=1

run_tests() {
  say "running scripts/test.sh inside (log: $work/test.log)"
  test_status=0
  inside scripts/test.sh
  # In the background, so that Ctrl-C or SIGTERM reaches this shell's traps
  # at once rather than after the whole run.
  { "${inside_command[@]}" 2>&1 | tee "$work/test.log"; } &
  wait $! || test_status=$?
  test_result=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$work/test.log" | tail -n 1)
  if [ -n "$test_result" ]; then
    local failed total
    failed=$(sed -E 's/.* ([0-9]+) tests? failed out of.*/\1/' <<<"$test_result")
    total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$test_result")
    test_result="$test_result ($((total - failed)) passed, $failed failed; exit $test_status)"
  else
    test_result="no ctest summary (scripts/test.sh exit $test_status, before or without ctest)"
    [ "$test_status" -ne 0 ] || test_status=1
  fi
}

demo_result=""
demo_status=1

# The demo sets up, builds (already done by the tests), seeds a city year
# and serves; once it says it serves, the portal must answer, and SIGTERM
# (what demo.sh turns Ctrl-C into) must stop it and its ledgerd.
run_demo() {
  local port=${FRESH_DEMO_PORT:-$(free_port)} pid answer="" waited=0 exit_status=0
  say "running scripts/demo.sh inside on port $port (log: $work/demo.log)"
  inside env PORT="$port" scripts/demo.sh
  "${inside_command[@]}" >"$work/demo.log" 2>&1 &
  pid=$!
  until grep -q '^demo: the transparency portal:' "$work/demo.log"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" || exit_status=$?
      tail -n 20 "$work/demo.log" >&2
      demo_result="demo.sh exited ($exit_status) before its portal was up"
      return
    fi
    if [ "$waited" -ge "$demo_ready_timeout_s" ]; then
      demo_result="demo.sh did not say it serves within ${demo_ready_timeout_s} s"
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      return
    fi
    sleep 2
    waited=$((waited + 2))
  done
  answer=$(get_root_page "$port")
  say "GET http://127.0.0.1:$port/ answered: ${answer:-nothing}"

  kill -TERM "$pid"
  for _ in $(seq 1 "$demo_stop_timeout_s"); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    demo_result="portal answered '$answer', but demo.sh did not stop within ${demo_stop_timeout_s} s of SIGTERM"
    return
  fi
  wait "$pid" || exit_status=$?
  local still=""
  [ -n "$(get_root_page "$port")" ] && still=" but port $port still answers"

  if [[ "$answer" =~ ^200\ text/html ]] && [ "$exit_status" -eq 143 ] && [ -z "$still" ]; then
    demo_status=0
    demo_result="portal answered GET / with 200 text/html on port $port; stopped cleanly on SIGTERM"
  else
    demo_result="GET / answered '${answer:-nothing}'; demo.sh exited $exit_status on SIGTERM$still"
  fi
}

# 125 -> "2:05"
minutes() { printf '%d:%02d' $(($1 / 60)) $(($1 % 60)); }

main() {
  parse_args "$@"
  [ "$(id -u)" -eq 0 ] || die "run as root: debootstrap, chroot and mount need it (sudo $0)"
  command -v git >/dev/null || die "git is needed to copy the checkout"
  choose_work_dir
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  local started=$SECONDS phase_started root_s tests_s demo_s
  install_debootstrap
  unmount_all  # a killed run's mounts, before the root is reused or deleted
  if $reuse && [ -f "$root/.fresh-check-ready" ]; then
    say "reusing $root (--reuse)"
  else
    remove_root
    make_root
  fi
  configure_root
  mount_system
  copy_checkout
  root_s=$((SECONDS - started))

  phase_started=$SECONDS
  run_tests
  tests_s=$((SECONDS - phase_started))
  phase_started=$SECONDS
  run_demo
  demo_s=$((SECONDS - phase_started))
  unmount_all
  local kept="root kept in $root"
  if $remove; then
    remove_root
    kept="root deleted (--remove)"
  fi

  echo
  echo "fresh-check: Debian 12 ($suite), $(minutes $((SECONDS - started))) in all (root $(minutes "$root_s")," \
    "setup, build and tests $(minutes "$tests_s"), demo $(minutes "$demo_s")); $kept"
  echo "  tests: $test_result"
  echo "  demo:  $demo_result"
  if [ "$test_status" -eq 0 ] && [ "$demo_status" -eq 0 ]; then
    echo "fresh-check: passed"
  else
    echo "fresh-check: FAILED (logs: $work/test.log, $work/demo.log)"
    exit 1
  fi
}

main "$@"
