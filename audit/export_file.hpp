// The export file: a ledger on a USB stick. JSON lines, UTF-8:
//
//   {"format":"welfare-ledger-export/1","log_key":"<verifier key>","origin":"<origin>"}
//   <event 0: its canonical bytes, exactly as hashed>
//   <event 1>
//   …
//   {"checkpoint":"<signed note>"}   after the event that completes its size
//   …
//
// Events are the log's canonical bytes, one per line (canonical JSON never
// holds a raw newline). A checkpoint line follows the last event it covers,
// so a file can grow by appending (an auditor's --follow mirror is such a
// file). Header and checkpoint lines are canonical JSON. The header's
// origin and log_key are informative: an audit checks them against the
// genesis event and the pinned key, never trusts them.
// docs/log-format.md gives the format; docs/audit.md how to use it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/status.hpp"
#include "source.hpp"

namespace ledger::audit {

inline constexpr std::string_view kExportFormat = "welfare-ledger-export/1";
// A line longer than this is refused (an event is at most 64 KiB; a note
// at most 16 KiB before JSON escaping).
inline constexpr std::size_t kMaxExportLineBytes = 256 * 1024;

// Writes the ledger in `data_dir` (opened read-only: safe beside a running
// ledgerd, which it sees as of the open) to `out`, through a temporary file
// (`out`.tmp-<pid>) renamed into place once complete and synced: `out` is
// never half-written, and on error the temporary file is removed. An `out`
// that exists already is refused (field "--out"), never overwritten.
// Every kept checkpoint is written, each after the event completing its
// size (one of size 0 right after the header; any beyond the log's size at
// the end). `progress` (if set) gets (events written, events in all) after
// every page of events.
struct ExportSummary {
  uint64_t events = 0;
  uint64_t checkpoints = 0;
};
Result<ExportSummary> ExportLedger(const std::string& data_dir, const std::string& out,
                                   const std::function<void(uint64_t, uint64_t)>& progress = {});

// Opens an export file as a Source. Reading it indexes every line once
// (8 bytes per event in memory, 32 per checkpoint line); events and notes
// are re-read from the file. Lines are only split, never judged: event
// JSON and checkpoint signatures are the auditor's to check; a checkpoint
// line is parsed just far enough to learn its size. The file is refused,
// kInvalidArgument with the line named ("line 42: …"), when its first line
// is not the header of kExportFormat, a line is blank or longer than
// kMaxExportLineBytes, the last line lacks its '\n' (a file cut short), or
// a checkpoint line does not hold a parsable note. kIoError: unreadable.
// The Source is not thread-safe (one read buffer).
Result<std::unique_ptr<Source>> OpenExportFile(const std::string& path);

// The header's informative members.
struct ExportHeader {
  std::string origin;
  std::string log_key;
};
// The header line (canonical JSON, without its '\n').
std::string ExportHeaderLine(const ExportHeader& header);
// Checks that `line` (line 1, without its '\n') is a header of
// kExportFormat; errors say what was expected ("line 1: …").
Result<ExportHeader> ParseExportHeader(std::string_view line);
// {"checkpoint":"<note>"} in canonical JSON, without its '\n'. Refuses a
// note that OpenExportFile could not read back (one that does not parse).
Result<std::string> CheckpointLine(std::string_view note);
// True for a line that is a checkpoint line rather than an event.
bool IsCheckpointLine(std::string_view line);

// Appends to an export file (creating it with its header if missing):
// the --follow mirror. Each Sync makes what was appended durable; what was
// appended after the last Sync may be lost (the destructor writes
// nothing). A run that crashed may have left lines that its state file
// does not count: Open cuts the file back to `keep_bytes` (the length the
// state file recorded at its last verified checkpoint) before appending.
// Open refuses: an existing file whose header is not kExportFormat or
// names another origin or log key; `keep_bytes` beyond the file's length
// or not at the end of a line (0 starts the file afresh); without
// `keep_bytes`, a file whose last line is incomplete. Appends refuse what
// would not read back as one line (a raw newline, an empty or over-long
// line, an event that looks like a checkpoint line, a note that does not
// parse). After a failed write every call fails: reopen with keep_bytes.
// Not thread-safe.
class ExportAppender {
 public:
  static Result<std::unique_ptr<ExportAppender>> Open(const std::string& path,
                                                      const std::string& origin,
                                                      const std::string& log_key,
                                                      std::optional<uint64_t> keep_bytes);
  virtual ~ExportAppender() = default;
  virtual Status AppendEvent(std::string_view canonical_bytes) = 0;
  virtual Status AppendCheckpoint(std::string_view note) = 0;
  virtual Status Sync() = 0;
  virtual uint64_t bytes() const = 0;  // the file's length with what was appended
};

}  // namespace ledger::audit
