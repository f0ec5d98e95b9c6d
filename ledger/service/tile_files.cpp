#include "ledger/service/tile_files.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "ledger/crypto.hpp"

namespace ledger {
namespace {

namespace fs = std::filesystem;

// ".NAME" + kTempMarker + kTempRandom: what mkstemp fills in.
constexpr std::string_view kTempMarker = ".tmp-";
constexpr std::string_view kTempRandom = "XXXXXX";

Error IoFailure(const char* what, const std::string& path) {
  return Error::Io(std::string(what) + " " + path + ": " + std::strerror(errno));
}

// Closes on every path out.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() {
    if (fd_ >= 0) ::close(fd_);
  }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoFailure("write", path);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status::Ok();
}

// The temporary file, fsynced and closed; removed on failure.
Status WriteTemporary(std::string& temp, std::string_view bytes) {
  FdCloser fd(::mkstemp(temp.data()));
  if (fd.get() < 0) return IoFailure("create", temp);
  Status written = WriteAll(fd.get(), bytes, temp);
  if (written.ok() && ::fchmod(fd.get(), 0644) != 0) written = IoFailure("chmod", temp);
  if (written.ok() && ::fsync(fd.get()) != 0) written = IoFailure("fsync", temp);
  if (written.ok() && ::close(fd.release()) != 0) written = IoFailure("close", temp);
  if (!written.ok()) ::unlink(temp.c_str());
  return written;
}

}  // namespace

Status TileFileWriter::MakeDirectories(const std::string& dir) {
  std::vector<fs::path> missing;
  std::error_code ec;
  for (fs::path p = dir; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) missing.push_back(p);
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0755) != 0 && errno != EEXIST) return IoFailure("create directory", it->string());
    const fs::path parent = it->has_parent_path() ? it->parent_path() : fs::path(".");
    LEDGER_RETURN_IF_ERROR(SyncDirectory(parent.string()));
  }
  return Status::Ok();
}

Status TileFileWriter::SyncPending() {
  if (pending_dir_.empty()) return Status::Ok();
  LEDGER_RETURN_IF_ERROR(SyncDirectory(pending_dir_));
  pending_dir_.clear();
  return Status::Ok();
}

Status TileFileWriter::Write(std::string_view relative, std::string_view bytes) {
  const fs::path path = fs::path(root_) / relative;
  const std::string dir = path.parent_path().string();
  if (dir != pending_dir_) {
    LEDGER_RETURN_IF_ERROR(SyncPending());
    LEDGER_RETURN_IF_ERROR(MakeDirectories(dir));
  }
  std::string name = ".";  // appended, not "." + name: GCC 12 warns falsely (-Wrestrict)
  name += path.filename().string();
  name += kTempMarker;
  name += kTempRandom;
  std::string temp = (path.parent_path() / name).string();
  LEDGER_RETURN_IF_ERROR(WriteTemporary(temp, bytes));
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    Error failed = IoFailure("rename onto", path.string());
    ::unlink(temp.c_str());
    return failed;
  }
  pending_dir_ = dir;
  return Status::Ok();
}

Status TileFileWriter::Finish() { return SyncPending(); }

bool IsTileTemporaryName(std::string_view name) {
  const std::size_t suffix = kTempMarker.size() + kTempRandom.size();
  // At least one character of NAME between the dot and the marker.
  if (name.size() < 2 + suffix || name.front() != '.') return false;
  const std::string_view tail = name.substr(name.size() - suffix);
  if (tail.substr(0, kTempMarker.size()) != kTempMarker) return false;
  for (char c : tail.substr(kTempMarker.size())) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!alnum) return false;
  }
  return true;
}

Result<uint64_t> TileFileWriter::RemoveStaleTemporaries() {
  std::error_code ec;
  if (!fs::exists(root_, ec)) return uint64_t{0};
  uint64_t removed = 0;
  fs::recursive_directory_iterator it(root_, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (!IsTileTemporaryName(it->path().filename().string())) continue;
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    fs::remove(it->path(), ec);
    if (ec) return Error::Io("remove " + it->path().string() + ": " + ec.message());
    ++removed;
  }
  if (ec) return Error::Io("list " + root_ + ": " + ec.message());
  return removed;
}

}  // namespace ledger
