// Writing a whole ledger to an export file (ExportLedger): through a
// temporary file renamed into place once complete and synced. Every line is
// checked against the rules OpenExportFile reads by; export_appender.cpp
// writes the same lines one at a time.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "export_file.hpp"
#include "file_io.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/log.hpp"

namespace ledger::audit {
namespace {

// Events, and checkpoint sizes, read from the log at a time.
constexpr std::size_t kExportPageItems = 1000;

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
    auto fd = CreateNewFile(path_, O_WRONLY, kAuditFileMode);
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

}  // namespace ledger::audit
