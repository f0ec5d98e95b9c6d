// Whole-file reads and create-once writes, for key files and the like.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "ledger/crypto.hpp"

namespace ledger {
namespace {

// Closes on scope exit; Close() reports the error a caller must see after
// writing (on some filesystems a failed write surfaces only at close).
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int Close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

Error IoError(const std::string& what, const std::string& path, int err) {
  return Error::Io(what + " " + path + ": " + std::strerror(err));
}

Status WriteAll(int fd, std::string_view text, const std::string& path) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError("write", path, errno);
    text.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

// Makes the new directory entry durable, not only the file's content.
Status SyncParentDir(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return SyncDirectory(parent.empty() ? std::string(".") : parent.string());
}

// Fills the file we just created; the caller removes it on error.
Status FillNewFile(Fd& fd, std::string_view text, mode_t mode, const std::string& path) {
  // open() applied the umask; fchmod sets exactly `mode`.
  if (::fchmod(fd.get(), mode) != 0) return IoError("chmod", path, errno);
  LEDGER_RETURN_IF_ERROR(WriteAll(fd.get(), text, path));
  if (::fsync(fd.get()) != 0) return IoError("fsync", path, errno);
  if (fd.Close() != 0) return IoError("close", path, errno);
  return Status::Ok();
}

}  // namespace

Status SyncDirectory(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return IoError("open directory", dir, errno);
  if (::fsync(fd.get()) != 0) return IoError("fsync directory", dir, errno);
  return Status::Ok();
}

Status CheckKeyFileMode(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return IoError("stat", path, errno);
  const unsigned mode = st.st_mode & 0777;
  if ((mode & 077) == 0) return Status::Ok();
  char octal[8];
  std::snprintf(octal, sizeof octal, "%04o", mode);
  return Error{Code::kPermissionDenied, path,
               std::string("mode ") + octal +
                   " lets its group or others read or write this private key; "
                   "make it readable by its owner only: chmod 600 " + path};
}

Status WriteNewFile(const std::string& path, std::string_view text, int mode) {
  LEDGER_CHECK((mode & ~0777) == 0);
  const auto file_mode = static_cast<mode_t>(mode);
  Fd fd(::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, file_mode));
  if (fd.get() < 0) {
    if (errno == EEXIST) return Error::Io("refusing to overwrite existing file " + path);
    return IoError("create", path, errno);
  }
  Status written = FillNewFile(fd, text, file_mode, path);
  if (written.ok()) written = SyncParentDir(path);
  if (!written.ok()) ::unlink(path.c_str());  // ours: leave no partial file
  return written;
}

Result<std::string> ReadFile(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return IoError("open", path, errno);
  std::string text;
  char buf[16 * 1024];
  // Read to EOF rather than trusting st_size: pipes and /proc report 0.
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError("read", path, errno);
    if (n == 0) return text;
    if (text.size() + static_cast<size_t>(n) > kMaxReadFileBytes) {
      return Error::Invalid({}, "file " + path + " is over the limit of " +
                                    std::to_string(kMaxReadFileBytes) + " bytes");
    }
    text.append(buf, static_cast<size_t>(n));
  }
}

}  // namespace ledger
