// Reading an export file as an audit Source: one pass indexes where every
// event line starts and which size every checkpoint line claims; events
// and notes are re-read from the file when asked for. Nothing is judged
// here beyond the line structure: the auditor checks every byte.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "export_file.hpp"
#include "file_io.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/checkpoint.hpp"

namespace ledger::audit {
namespace {

constexpr std::string_view kCheckpointPrefix = R"({"checkpoint":)";
// The read window: large enough for the longest line with its '\n'.
constexpr std::size_t kReadWindowBytes = 1 << 20;
static_assert(kReadWindowBytes > kMaxExportLineBytes);
// A first read for one event fetched out of order (most are far smaller).
constexpr std::size_t kRandomReadBytes = 8 * 1024;

std::string LineName(uint64_t line_no) { return "line " + std::to_string(line_no); }

enum class LineFault {
  kNone,
  kEnd,         // no line starts here: the end of the file
  kIncomplete,  // bytes without their '\n' before the end of the file
  kTooLong,     // no '\n' within kMaxExportLineBytes
};

struct Line {
  std::string_view text;  // without its '\n'
  LineFault fault = LineFault::kNone;
};

Error LineError(uint64_t line_no, LineFault fault) {
  LEDGER_CHECK(fault == LineFault::kIncomplete || fault == LineFault::kTooLong);
  if (fault == LineFault::kIncomplete)
    return Error::Invalid({}, LineName(line_no) + " is incomplete: the file was cut short");
  return Error::Invalid({}, LineName(line_no) + ": longer than the limit of " +
                                std::to_string(kMaxExportLineBytes) + " bytes");
}

// A window of the file, refilled so that the line asked for lies wholly in
// it. Lines it returns stay valid until the next call.
class LineReader {
 public:
  LineReader(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

  // The line starting at `offset`; `first_read_bytes` is how much to read
  // first when it is not in the window (a line longer is read again).
  Result<Line> LineAt(uint64_t offset, std::size_t first_read_bytes) {
    if (auto line = Find(offset)) return *line;
    for (std::size_t bytes : {first_read_bytes, kReadWindowBytes}) {
      LEDGER_RETURN_IF_ERROR(Fill(offset, bytes));
      if (auto line = Find(offset)) return *line;
    }
    LEDGER_CHECK_MSG(false, "a full window always settles a line");
    return Line{};
  }

 private:
  std::optional<Line> Find(uint64_t offset) const {
    if (offset < start_ || offset > start_ + window_.size()) return std::nullopt;
    const std::string_view rest = std::string_view(window_).substr(offset - start_);
    const std::size_t newline = rest.substr(0, kMaxExportLineBytes + 1).find('\n');
    if (newline != std::string_view::npos) return Line{rest.substr(0, newline)};
    if (rest.size() > kMaxExportLineBytes) return Line{{}, LineFault::kTooLong};
    if (!window_at_eof_) return std::nullopt;
    return Line{{}, rest.empty() ? LineFault::kEnd : LineFault::kIncomplete};
  }

  // Reads `bytes` from `offset`, or up to the end of the file.
  Status Fill(uint64_t offset, std::size_t bytes) {
    window_.resize(bytes);
    std::size_t got = 0;
    while (got < bytes) {
      ssize_t n = ::pread(fd_, window_.data() + got, bytes - got, static_cast<off_t>(offset + got));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        window_.clear();
        return IoError("read", path_, errno);
      }
      if (n == 0) break;
      got += static_cast<std::size_t>(n);
    }
    window_.resize(got);
    start_ = offset;
    window_at_eof_ = got < bytes;
    return Status::Ok();
  }

  int fd_;
  std::string path_;
  std::string window_;
  uint64_t start_ = 0;
  bool window_at_eof_ = false;
};

struct CheckpointLineData {
  std::string note;
  uint64_t size = 0;
};

// The note and the size it claims; its signature is the auditor's to check.
Result<CheckpointLineData> ParseCheckpointLine(std::string_view text) {
  auto json = ParseStrict(text, NumberMode::kAny);
  if (!json.ok() || !json->is_object() || json->size() != 1 || !json->contains("checkpoint") ||
      !(*json)["checkpoint"].is_string())
    return Error::Invalid({}, R"(a checkpoint line must be {"checkpoint":"<signed note>"})");
  CheckpointLineData data{(*json)["checkpoint"].get<std::string>()};
  auto note = ParseSignedNote(data.note);
  if (!note.ok()) return Error::Invalid({}, "its note does not parse: " + note.error().ToString());
  auto body = ParseCheckpointBody(note->text);
  if (!body.ok())
    return Error::Invalid({}, "its note's checkpoint does not parse: " + body.error().ToString());
  data.size = body->size;
  return data;
}

class ExportFileSource final : public Source {
 public:
  ExportFileSource(const std::string& path, int fd)
      : path_(path), fd_(fd), reader_(fd_.get(), path_) {}

  // The one pass over the file: checks the line structure and indexes it.
  Status Index();

  std::string Describe() const override { return "log:" + path_; }
  Result<uint64_t> Size() override { return static_cast<uint64_t>(events_.size()); }

  Result<std::vector<SourceEvent>> ReadEvents(uint64_t from, std::size_t limit) override {
    std::vector<SourceEvent> events;
    for (uint64_t key = from; key < events_.size() && events.size() < limit; ++key) {
      auto bytes = EventAt(key, kReadWindowBytes);
      if (!bytes.ok()) return bytes.error();
      events.push_back({key, std::move(*bytes)});
    }
    return events;
  }

  Result<std::string> ReadEvent(uint64_t seq) override {
    if (seq >= events_.size())
      return Error::NotFound("event " + std::to_string(seq) + " is not in " + path_ +
                             ", which holds " + std::to_string(events_.size()));
    return EventAt(seq, kRandomReadBytes);
  }

  Result<std::vector<uint64_t>> CheckpointSizes() override {
    std::vector<uint64_t> sizes;
    for (const IndexedCheckpoint& cp : checkpoints_)
      if (sizes.empty() || sizes.back() != cp.size) sizes.push_back(cp.size);
    return sizes;
  }

  Result<std::vector<std::string>> CheckpointNotes(uint64_t size) override;

 private:
  struct IndexedCheckpoint {
    uint64_t size = 0;
    uint64_t offset = 0;
    uint64_t line_no = 0;
  };

  Result<Line> IndexedLine(uint64_t line_no, uint64_t offset);
  Result<std::string> EventAt(uint64_t key, std::size_t first_read_bytes);
  Error Changed(const std::string& what, uint64_t offset) const {
    return Error::Corruption(what + " (byte " + std::to_string(offset) + " of " + path_ +
                             ") can no longer be read: the file changed since it was opened");
  }

  std::string path_;
  Fd fd_;
  LineReader reader_;
  std::vector<uint64_t> events_;  // where each event line starts
  std::vector<IndexedCheckpoint> checkpoints_;  // by size, then file order
};

// A line found by the index pass: its faults are errors naming it.
Result<Line> ExportFileSource::IndexedLine(uint64_t line_no, uint64_t offset) {
  auto line = reader_.LineAt(offset, kReadWindowBytes);
  if (!line.ok()) return line.error();
  if (line->fault == LineFault::kIncomplete || line->fault == LineFault::kTooLong)
    return LineError(line_no, line->fault);
  return line;
}

Status ExportFileSource::Index() {
  auto header = IndexedLine(1, 0);
  if (!header.ok()) return header.error();
  if (header->fault == LineFault::kEnd)
    return Error::Invalid({}, "line 1: the file is empty; expected the header {\"format\":\"" +
                                  std::string(kExportFormat) + "\",…}");
  LEDGER_RETURN_IF_ERROR(ParseExportHeader(header->text));
  uint64_t offset = header->text.size() + 1;
  for (uint64_t line_no = 2;; ++line_no) {
    auto line = IndexedLine(line_no, offset);
    if (!line.ok()) return line.error();
    if (line->fault == LineFault::kEnd) break;
    if (line->text.empty()) return Error::Invalid({}, LineName(line_no) + ": blank line");
    if (IsCheckpointLine(line->text)) {
      auto checkpoint = ParseCheckpointLine(line->text);
      if (!checkpoint.ok())
        return Error::Invalid({}, LineName(line_no) + ": " + checkpoint.error().message);
      checkpoints_.push_back({checkpoint->size, offset, line_no});
    } else {
      events_.push_back(offset);
    }
    offset += line->text.size() + 1;
  }
  std::stable_sort(checkpoints_.begin(), checkpoints_.end(),
                   [](const IndexedCheckpoint& a, const IndexedCheckpoint& b) {
                     return a.size < b.size;
                   });
  return Status::Ok();
}

Result<std::string> ExportFileSource::EventAt(uint64_t key, std::size_t first_read_bytes) {
  const uint64_t offset = events_[key];
  auto line = reader_.LineAt(offset, first_read_bytes);
  if (!line.ok()) return line.error();
  if (line->fault != LineFault::kNone || line->text.empty() || IsCheckpointLine(line->text))
    return Changed("event " + std::to_string(key), offset);
  return std::string(line->text);
}

Result<std::vector<std::string>> ExportFileSource::CheckpointNotes(uint64_t size) {
  auto [first, last] = std::equal_range(
      checkpoints_.begin(), checkpoints_.end(), IndexedCheckpoint{size},
      [](const IndexedCheckpoint& a, const IndexedCheckpoint& b) { return a.size < b.size; });
  std::vector<std::string> notes;  // none for a size the file does not hold
  for (auto it = first; it != last; ++it) {
    const std::string what = "the checkpoint on " + LineName(it->line_no);
    auto line = reader_.LineAt(it->offset, kRandomReadBytes);
    if (!line.ok()) return line.error();
    if (line->fault != LineFault::kNone) return Changed(what, it->offset);
    auto checkpoint = ParseCheckpointLine(line->text);
    if (!checkpoint.ok() || checkpoint->size != size) return Changed(what, it->offset);
    notes.push_back(std::move(checkpoint->note));
  }
  return notes;
}

}  // namespace

bool IsCheckpointLine(std::string_view line) { return line.starts_with(kCheckpointPrefix); }

Result<ExportHeader> ParseExportHeader(std::string_view line) {
  const std::string expected = "{\"format\":\"" + std::string(kExportFormat) + "\",…}";
  auto json = ParseStrict(line, NumberMode::kAny);
  if (!json.ok() || !json->is_object() || !json->contains("format"))
    return Error::Invalid({}, "line 1: expected the header " + expected +
                                  ": this is not a welfare-ledger export file");
  const Json& format = (*json)["format"];
  if (!format.is_string() || format.get<std::string>() != kExportFormat)
    return Error::Invalid({}, "line 1: format is " + format.dump() + ", expected \"" +
                                  std::string(kExportFormat) + "\"");
  ExportHeader header;
  for (auto [name, value] : {std::pair{"origin", &header.origin},
                             std::pair{"log_key", &header.log_key}}) {
    auto member = json->find(name);
    if (member == json->end() || !member->is_string())
      return Error::Invalid({}, std::string("line 1: the header's \"") + name +
                                    "\" is missing or not a string");
    *value = member->get<std::string>();
  }
  return header;
}

Result<std::unique_ptr<Source>> OpenExportFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("open", path, errno);
  auto source = std::make_unique<ExportFileSource>(path, fd);
  LEDGER_RETURN_IF_ERROR(source->Index());
  return std::unique_ptr<Source>(std::move(source));
}

}  // namespace ledger::audit
