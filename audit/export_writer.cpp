// Writing export files: a whole ledger at once (ExportLedger, through a
// temporary file renamed into place) and line by line (ExportAppender, the
// --follow mirror). Both write lines that OpenExportFile reads back: every
// line is checked here against the same rules the reader applies.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>

#include "export_file.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/log.hpp"

namespace ledger::audit {
namespace {

constexpr mode_t kExportFileMode = 0644;
// Lines are gathered into writes of about this size.
constexpr std::size_t kWriteBufferBytes = 1 << 20;
// Events, and checkpoint sizes, read from the log at a time.
constexpr std::size_t kExportPageItems = 1000;

// Closes on scope exit; Close() reports the error a writer must see (on
// some filesystems a failed write surfaces only at close).
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&&) = delete;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int Close() { return ::close(std::exchange(fd_, -1)); }

 private:
  int fd_;
};

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

Status SyncFd(int fd, const std::string& path) {
  if (::fsync(fd) != 0) return IoError("fsync", path, errno);
  return Status::Ok();
}

// Makes a new or renamed directory entry durable, not only the content.
Status SyncParentDir(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  const std::string dir = parent.empty() ? std::string(".") : parent.string();
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return IoError("open directory", dir, errno);
  return SyncFd(fd.get(), dir);
}

Result<Fd> CreateNewFile(const std::string& path, int flags) {
  Fd fd(::open(path.c_str(), O_CREAT | O_EXCL | O_CLOEXEC | flags, kExportFileMode));
  if (fd.get() < 0) return IoError("create", path, errno);
  // open() applied the umask; fchmod sets exactly 0644.
  if (::fchmod(fd.get(), kExportFileMode) != 0) return IoError("chmod", path, errno);
  return Result<Fd>(std::move(fd));
}

Error OutExists(const std::string& out) {
  return Error::Invalid("--out", out + " exists already; refusing to overwrite it "
                                       "(remove it or choose another name)");
}

// Renames without ever replacing `to`; on filesystems that cannot promise
// that, falls back to a plain rename after checking `to` is absent.
Status RenameNoReplace(const std::string& from, const std::string& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0)
    return Status::Ok();
  if (errno == EEXIST) return OutExists(to);
  if (errno != EINVAL && errno != ENOSYS) return IoError("rename " + from + " to", to, errno);
  struct stat st;
  if (::lstat(to.c_str(), &st) == 0) return OutExists(to);
  if (::rename(from.c_str(), to.c_str()) != 0) return IoError("rename " + from + " to", to, errno);
  return Status::Ok();
}

// Why `bytes` cannot be one event line of an export file, or "".
std::string EventLineProblem(std::string_view bytes) {
  if (bytes.empty()) return "it is empty";
  if (bytes.size() > kMaxExportLineBytes)
    return "its " + std::to_string(bytes.size()) + " bytes are over the line limit of " +
           std::to_string(kMaxExportLineBytes);
  if (bytes.find('\n') != std::string_view::npos) return "it holds a raw newline";
  if (IsCheckpointLine(bytes)) return "it would read back as a checkpoint line";
  return {};
}

// Buffers whole lines and writes them at `offset` onwards.
class LineWriter {
 public:
  LineWriter(int fd, std::string path, uint64_t offset)
      : fd_(fd), path_(std::move(path)), offset_(offset) {}

  Status Add(std::string_view line) {
    buffer_.append(line);
    buffer_.push_back('\n');
    if (buffer_.size() >= kWriteBufferBytes) return Flush();
    return Status::Ok();
  }
  Status Flush() {
    LEDGER_RETURN_IF_ERROR(PwriteAll(fd_, buffer_, offset_, path_));
    offset_ += buffer_.size();
    buffer_.clear();
    return Status::Ok();
  }
  uint64_t bytes() const { return offset_ + buffer_.size(); }

 private:
  int fd_;
  std::string path_;
  uint64_t offset_;
  std::string buffer_;
};

// The log's kept checkpoint sizes, paged, so that a log with millions of
// checkpoints is not held in memory. Writes each after its size's event.
class CheckpointCursor {
 public:
  explicit CheckpointCursor(const Log& log) : log_(log) {}

  // Writes every checkpoint not yet written whose size is <= `max_size`.
  Status WriteUpTo(uint64_t max_size, LineWriter& out) {
    for (;;) {
      if (next_ == page_.size()) LEDGER_RETURN_IF_ERROR(Refill());
      if (next_ == page_.size() || page_[next_] > max_size) return Status::Ok();
      const uint64_t size = page_[next_++];
      auto note = log_.CheckpointAt(size);
      if (!note.ok()) return note.error();
      auto line = CheckpointLine(*note);
      if (!line.ok())
        return Error::Corruption("the checkpoint of size " + std::to_string(size) +
                                 " cannot be exported: " + line.error().ToString());
      LEDGER_RETURN_IF_ERROR(out.Add(*line));
      ++written_;
    }
  }
  uint64_t written() const { return written_; }

 private:
  Status Refill() {
    page_.clear();
    next_ = 0;
    if (last_page_) return Status::Ok();
    auto sizes = log_.CheckpointSizes(from_, kExportPageItems);
    if (!sizes.ok()) return sizes.error();
    page_ = std::move(*sizes);
    last_page_ = page_.size() < kExportPageItems || page_.back() == UINT64_MAX;
    if (!last_page_) from_ = page_.back() + 1;
    return Status::Ok();
  }

  const Log& log_;
  std::vector<uint64_t> page_;
  std::size_t next_ = 0;
  uint64_t from_ = 0;
  bool last_page_ = false;
  uint64_t written_ = 0;
};

Result<ExportSummary> WriteExport(const Log& log, LineWriter& out,
                                  const std::function<void(uint64_t, uint64_t)>& progress) {
  LEDGER_RETURN_IF_ERROR(out.Add(ExportHeaderLine({log.origin(), log.verifier_key()})));
  CheckpointCursor checkpoints(log);
  const uint64_t total = log.size();
  for (uint64_t from = 0; from < total; from += kExportPageItems) {
    auto events = log.ReadEvents(from, kExportPageItems);
    if (!events.ok()) return events.error();
    if (events->empty()) return Error::Corruption("event " + std::to_string(from) + " is missing");
    for (std::size_t i = 0; i < events->size(); ++i) {
      const uint64_t seq = from + i;
      // A checkpoint of size `seq` covers events 0 … seq-1: it goes here.
      LEDGER_RETURN_IF_ERROR(checkpoints.WriteUpTo(seq, out));
      const std::string problem = EventLineProblem((*events)[i]);
      if (!problem.empty())
        return Error::Corruption("event " + std::to_string(seq) + " cannot be one line: " + problem);
      LEDGER_RETURN_IF_ERROR(out.Add((*events)[i]));
    }
    if (progress) progress(from + events->size(), total);
  }
  // Those of the full size, and any the log keeps beyond it.
  LEDGER_RETURN_IF_ERROR(checkpoints.WriteUpTo(UINT64_MAX, out));
  LEDGER_RETURN_IF_ERROR(out.Flush());
  return ExportSummary{total, checkpoints.written()};
}

// The export being written: removed unless Commit renamed it into place.
class TempExport {
 public:
  explicit TempExport(const std::string& out)
      : path_(out + ".tmp-" + std::to_string(::getpid())) {}
  ~TempExport() {
    if (created_ && !committed_) ::unlink(path_.c_str());
  }
  TempExport(const TempExport&) = delete;
  TempExport& operator=(const TempExport&) = delete;

  Status Create() {
    auto fd = CreateNewFile(path_, O_WRONLY);
    if (!fd.ok()) return fd.error();
    fd_.emplace(std::move(*fd));
    created_ = true;
    return Status::Ok();
  }
  int fd() const { return fd_->get(); }
  const std::string& path() const { return path_; }

  // Syncs and renames onto `out`, then syncs the directory.
  Status Commit(const std::string& out) {
    LEDGER_RETURN_IF_ERROR(SyncFd(fd_->get(), path_));
    if (fd_->Close() != 0) return IoError("close", path_, errno);
    LEDGER_RETURN_IF_ERROR(RenameNoReplace(path_, out));
    committed_ = true;
    return SyncParentDir(out);
  }

 private:
  std::string path_;
  std::optional<Fd> fd_;
  bool created_ = false;
  bool committed_ = false;
};

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

// Whether the byte before `offset` (> 0) ends a line.
Result<bool> EndsLine(int fd, uint64_t offset, const std::string& path) {
  std::string last(1, '\0');
  LEDGER_RETURN_IF_ERROR(PreadAll(fd, last, offset - 1, path));
  return last[0] == '\n';
}

Result<std::string> ReadFirstLine(int fd, uint64_t length, const std::string& path) {
  std::string head(std::min<uint64_t>(length, kMaxExportLineBytes + 1), '\0');
  LEDGER_RETURN_IF_ERROR(PreadAll(fd, head, 0, path));
  const std::size_t newline = head.find('\n');
  if (newline != std::string::npos) return head.substr(0, newline);
  if (head.size() > kMaxExportLineBytes)
    return Error::Invalid({}, path + ": line 1: longer than the limit of " +
                                  std::to_string(kMaxExportLineBytes) + " bytes");
  return Error::Invalid({}, path + ": line 1 is incomplete: the file was cut short");
}

// Empties the file and writes the header: the length to append at.
Result<uint64_t> StartAfresh(int fd, const std::string& path, const ExportHeader& header) {
  if (::ftruncate(fd, 0) != 0) return IoError("truncate", path, errno);
  const std::string line = ExportHeaderLine(header) + '\n';
  LEDGER_RETURN_IF_ERROR(PwriteAll(fd, line, 0, path));
  LEDGER_RETURN_IF_ERROR(SyncFd(fd, path));
  return line.size();
}

Error KeepBeyondEnd(const std::string& path, uint64_t keep_bytes, uint64_t length) {
  return Error::Invalid("keep_bytes", "cannot keep " + std::to_string(keep_bytes) + " bytes of " +
                                          path + ": it holds " + std::to_string(length));
}

Status CheckSameLedger(const ExportHeader& found, const ExportHeader& want,
                       const std::string& path) {
  if (found.origin == want.origin && found.log_key == want.log_key) return Status::Ok();
  return Error::Invalid({}, path + " mirrors " + found.origin + " (log key " + found.log_key +
                                "), not " + want.origin + " (log key " + want.log_key + ")");
}

// Checks an existing mirror and cuts it back as asked: the length to
// append at, always the end of a whole line.
Result<uint64_t> PrepareExisting(int fd, const std::string& path, const ExportHeader& want,
                                 std::optional<uint64_t> keep_bytes) {
  struct stat st;
  if (::fstat(fd, &st) != 0) return IoError("stat", path, errno);
  const auto length = static_cast<uint64_t>(st.st_size);
  if (keep_bytes.value_or(0) > length) return KeepBeyondEnd(path, *keep_bytes, length);
  if (length == 0) return StartAfresh(fd, path, want);  // created, never written
  auto first = ReadFirstLine(fd, length, path);
  if (!first.ok()) return first.error();
  auto found = ParseExportHeader(*first);
  if (!found.ok()) return Error::Invalid({}, path + ": " + found.error().ToString());
  LEDGER_RETURN_IF_ERROR(CheckSameLedger(*found, want, path));
  if (keep_bytes == 0) return StartAfresh(fd, path, want);
  const uint64_t keep = keep_bytes.value_or(length);
  auto at_line_end = EndsLine(fd, keep, path);
  if (!at_line_end.ok()) return at_line_end.error();
  if (!*at_line_end && !keep_bytes)
    return Error::Invalid("keep_bytes", path + " ends in an incomplete line (a run was cut "
                                               "short): reopen it with the length to keep");
  if (!*at_line_end)
    return Error::Invalid("keep_bytes", "cannot keep " + std::to_string(keep) + " bytes of " +
                                            path + ": that is not the end of a line");
  if (keep == length) return length;
  if (::ftruncate(fd, static_cast<off_t>(keep)) != 0) return IoError("truncate", path, errno);
  LEDGER_RETURN_IF_ERROR(SyncFd(fd, path));
  return keep;
}

class FileAppender final : public ExportAppender {
 public:
  FileAppender(Fd fd, const std::string& path, uint64_t length)
      : fd_(std::move(fd)), path_(path), writer_(fd_.get(), path, length) {}

  Status AppendEvent(std::string_view canonical_bytes) override {
    LEDGER_RETURN_IF_ERROR(Usable());
    const std::string problem = EventLineProblem(canonical_bytes);
    if (!problem.empty()) return Error::Invalid("event", "cannot append the event: " + problem);
    return Track(writer_.Add(canonical_bytes));
  }
  Status AppendCheckpoint(std::string_view note) override {
    LEDGER_RETURN_IF_ERROR(Usable());
    auto line = CheckpointLine(note);
    if (!line.ok()) return line.error();
    return Track(writer_.Add(*line));
  }
  Status Sync() override {
    LEDGER_RETURN_IF_ERROR(Usable());
    LEDGER_RETURN_IF_ERROR(Track(writer_.Flush()));
    return Track(SyncFd(fd_.get(), path_));
  }
  uint64_t bytes() const override { return writer_.bytes(); }

 private:
  // After a failed write the file may end in part of a line.
  Status Usable() const {
    if (!failed_) return Status::Ok();
    return Error::Io("an earlier write to " + path_ + " failed; reopen it with keep_bytes");
  }
  Status Track(Status status) {
    if (!status.ok()) failed_ = true;
    return status;
  }

  Fd fd_;
  std::string path_;
  LineWriter writer_;
  bool failed_ = false;
};

}  // namespace

std::string ExportHeaderLine(const ExportHeader& header) {
  std::string line = R"({"format":)";
  AppendCanonicalString(kExportFormat, line);
  line += R"(,"log_key":)";
  AppendCanonicalString(header.log_key, line);
  line += R"(,"origin":)";
  AppendCanonicalString(header.origin, line);
  line += '}';
  return line;
}

Result<std::string> CheckpointLine(std::string_view note) {
  auto parsed = ParseSignedNote(note);
  if (!parsed.ok())
    return Error::Invalid("checkpoint", "the note does not parse: " + parsed.error().ToString());
  auto body = ParseCheckpointBody(parsed->text);
  if (!body.ok())
    return Error::Invalid("checkpoint",
                          "the note's body does not parse: " + body.error().ToString());
  auto line = Canonicalize(Json{{"checkpoint", std::string(note)}});
  if (!line.ok()) return line.error();
  if (line->size() > kMaxExportLineBytes)
    return Error::Invalid("checkpoint", "the note is over the line limit of " +
                                            std::to_string(kMaxExportLineBytes) + " bytes");
  return line;
}

Result<ExportSummary> ExportLedger(const std::string& data_dir, const std::string& out,
                                   const std::function<void(uint64_t, uint64_t)>& progress) {
  struct stat st;
  if (::lstat(out.c_str(), &st) == 0) return OutExists(out);
  auto log = Log::Open({.dir = data_dir,
                        .checkpoint_interval = std::chrono::milliseconds(0),
                        .read_only = true},
                       std::nullopt);
  if (!log.ok()) return log.error();
  TempExport temp(out);
  LEDGER_RETURN_IF_ERROR(temp.Create());
  LineWriter writer(temp.fd(), temp.path(), 0);
  auto summary = WriteExport(**log, writer, progress);
  if (!summary.ok()) return summary.error();
  LEDGER_RETURN_IF_ERROR(temp.Commit(out));
  return summary;
}


Result<std::unique_ptr<ExportAppender>> ExportAppender::Open(const std::string& path,
                                                             const std::string& origin,
                                                             const std::string& log_key,
                                                             std::optional<uint64_t> keep_bytes) {
  const ExportHeader header{origin, log_key};
  Fd existing(::open(path.c_str(), O_RDWR | O_CLOEXEC));
  if (existing.get() >= 0) {
    auto length = PrepareExisting(existing.get(), path, header, keep_bytes);
    if (!length.ok()) return length.error();
    return std::unique_ptr<ExportAppender>(
        std::make_unique<FileAppender>(std::move(existing), path, *length));
  }
  if (errno != ENOENT) return IoError("open", path, errno);
  if (keep_bytes.value_or(0) > 0) return KeepBeyondEnd(path, *keep_bytes, 0);
  auto created = CreateNewFile(path, O_RDWR);
  if (!created.ok()) return created.error();
  auto length = StartAfresh(created->get(), path, header);
  Status started = length.ok() ? SyncParentDir(path) : Status(length.error());
  if (!started.ok()) {
    ::unlink(path.c_str());  // ours: leave no file without its header
    return started.error();
  }
  return std::unique_ptr<ExportAppender>(
      std::make_unique<FileAppender>(std::move(*created), path, *length));
}

}  // namespace ledger::audit
