// ExportAppender: the --follow mirror, an export file grown line by line.
// An existing file is checked (its header names this ledger) and cut back
// to the length the caller's state counts before anything is appended;
// every line is checked against the rules OpenExportFile reads by.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <string>
#include <utility>

#include "export_file.hpp"
#include "file_io.hpp"

namespace ledger::audit {
namespace {

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
  auto created = CreateNewFile(path, O_RDWR, kAuditFileMode);
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
