// File I/O shared inside ledger-audit (the export writer, the --follow
// appender, the export file reader, the state file and the --json report):
// an owning file descriptor, whole reads and writes at an offset, and the
// fsyncs that make a file and its directory entry durable. Not a public
// contract: nothing outside audit/ includes it.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "ledger/status.hpp"

namespace ledger::audit {

// Export files and state files are readable by all, writable by the owner.
inline constexpr mode_t kAuditFileMode = 0644;

// Closes on scope exit; Close() reports the error a writer must see (on
// some filesystems a failed write surfaces only at close).
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd();
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&&) = delete;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int Close();

 private:
  int fd_;
};

// kIoError "<what> <path>: <strerror(err)>".
Error IoError(const std::string& what, const std::string& path, int err);

// Writes all of `text` at `offset` (retrying short writes and EINTR).
Status PwriteAll(int fd, std::string_view text, uint64_t offset, const std::string& path);
// Fills all of `into` from `offset`; a file that ends first is kIoError.
Status PreadAll(int fd, std::string& into, uint64_t offset, const std::string& path);
Status SyncFd(int fd, const std::string& path);
// Makes a new or renamed directory entry durable, not only the content.
Status SyncParentDir(const std::string& path);

// Creates `path`, which must not exist, with exactly `mode` (the umask does
// not apply), opened with O_CREAT | O_EXCL | O_CLOEXEC | `flags`.
Result<Fd> CreateNewFile(const std::string& path, int flags, mode_t mode);

// Replaces `path` atomically and durably with `text`: written to a new
// `temp` (one a crashed run left is removed first) with exactly `mode`,
// fsynced, renamed onto `path`, then the directory fsynced. On error
// `path` is as it was and no `temp` is left.
Status ReplaceFile(const std::string& path, const std::string& temp, std::string_view text,
                   mode_t mode);

// Makes the finished file `temp` (written beside `path` by another writer,
// such as a workbook library) `path`, atomically and durably: sets exactly
// `mode`, fsyncs it, renames it onto `path`, fsyncs the directory. On error
// `temp` is removed and `path` is as it was.
Status InstallFile(const std::string& temp, const std::string& path, mode_t mode);

// Buffers whole lines (each given without its '\n') and writes them at
// `offset` onwards, in writes of about kBufferBytes. Does not own `fd`.
class LineWriter {
 public:
  static constexpr std::size_t kBufferBytes = 1 << 20;

  LineWriter(int fd, std::string path, uint64_t offset)
      : fd_(fd), path_(std::move(path)), offset_(offset) {}

  Status Add(std::string_view line);
  Status Flush();
  // The file's length once what was added is flushed.
  uint64_t bytes() const { return offset_ + buffer_.size(); }

 private:
  int fd_;
  std::string path_;
  uint64_t offset_;
  std::string buffer_;
};

// Why `bytes` cannot be one event line of an export file (export_file.hpp),
// or "": the rule both ExportLedger and ExportAppender write by, so that
// OpenExportFile reads back every line they write.
std::string EventLineProblem(std::string_view bytes);

}  // namespace ledger::audit
