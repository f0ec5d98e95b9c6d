#include "file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "export_file.hpp"
#include "ledger/crypto.hpp"

namespace ledger::audit {

Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

int Fd::Close() { return ::close(std::exchange(fd_, -1)); }

Error IoError(const std::string& what, const std::string& path, int err) {
  return Error::Io(what + " " + path + ": " + std::strerror(err));
}

Status PwriteAll(int fd, std::string_view text, uint64_t offset, const std::string& path) {
  while (!text.empty()) {
    ssize_t n = ::pwrite(fd, text.data(), text.size(), static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError("write", path, errno);
    text.remove_prefix(static_cast<std::size_t>(n));
    offset += static_cast<uint64_t>(n);
  }
  return Status::Ok();
}

Status PreadAll(int fd, std::string& into, uint64_t offset, const std::string& path) {
  std::size_t done = 0;
  while (done < into.size()) {
    ssize_t n = ::pread(fd, into.data() + done, into.size() - done,
                        static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError("read", path, errno);
    if (n == 0) return Error::Io("read " + path + ": the file shrank while it was read");
    done += static_cast<std::size_t>(n);
  }
  return Status::Ok();
}

Status SyncFd(int fd, const std::string& path) {
  if (::fsync(fd) != 0) return IoError("fsync", path, errno);
  return Status::Ok();
}

Status SyncParentDir(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  const std::string dir = parent.empty() ? std::string(".") : parent.string();
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return IoError("open directory", dir, errno);
  return SyncFd(fd.get(), dir);
}

Result<Fd> CreateNewFile(const std::string& path, int flags, mode_t mode) {
  Fd fd(::open(path.c_str(), O_CREAT | O_EXCL | O_CLOEXEC | flags, mode));
  if (fd.get() < 0) return IoError("create", path, errno);
  // open() applied the umask; fchmod sets exactly `mode`.
  if (::fchmod(fd.get(), mode) != 0) return IoError("chmod", path, errno);
  return Result<Fd>(std::move(fd));
}

Status ReplaceFile(const std::string& path, const std::string& temp, std::string_view text,
                   mode_t mode) {
  // A crashed run may have left its temp file; it never counts.
  if (::unlink(temp.c_str()) != 0 && errno != ENOENT) return IoError("remove", temp, errno);
  LEDGER_RETURN_IF_ERROR(WriteNewFile(temp, text, static_cast<int>(mode)));
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int saved_errno = errno;
    ::unlink(temp.c_str());
    return IoError("rename " + temp + " to", path, saved_errno);
  }
  return SyncParentDir(path);
}

Status InstallFile(const std::string& temp, const std::string& path, mode_t mode) {
  Status installed = [&]() -> Status {
    Fd fd(::open(temp.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return IoError("open", temp, errno);
    if (::fchmod(fd.get(), mode) != 0) return IoError("chmod", temp, errno);
    LEDGER_RETURN_IF_ERROR(SyncFd(fd.get(), temp));
    if (fd.Close() != 0) return IoError("close", temp, errno);
    if (std::rename(temp.c_str(), path.c_str()) != 0) return IoError("rename " + temp + " to", path, errno);
    return Status::Ok();
  }();
  if (!installed.ok()) {
    ::unlink(temp.c_str());
    return installed;
  }
  return SyncParentDir(path);
}

Status LineWriter::Add(std::string_view line) {
  buffer_.append(line);
  buffer_.push_back('\n');
  if (buffer_.size() >= kBufferBytes) return Flush();
  return Status::Ok();
}

Status LineWriter::Flush() {
  LEDGER_RETURN_IF_ERROR(PwriteAll(fd_, buffer_, offset_, path_));
  offset_ += buffer_.size();
  buffer_.clear();
  return Status::Ok();
}

std::string EventLineProblem(std::string_view bytes) {
  if (bytes.empty()) return "it is empty";
  if (bytes.size() > kMaxExportLineBytes)
    return "its " + std::to_string(bytes.size()) + " bytes are over the line limit of " +
           std::to_string(kMaxExportLineBytes);
  if (bytes.find('\n') != std::string_view::npos) return "it holds a raw newline";
  if (IsCheckpointLine(bytes)) return "it would read back as a checkpoint line";
  return {};
}

}  // namespace ledger::audit
