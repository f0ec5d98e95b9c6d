#include "ledger/rebuild.hpp"

#include <filesystem>
#include <random>

#include "ledger/domain/records.hpp"
#include "ledger/domain/state.hpp"
#include "ledger/event_codec.hpp"
#include "ledger/genesis.hpp"
#include "ledger/log.hpp"
#include "ledger/replay.hpp"

namespace ledger {
namespace {

namespace fs = std::filesystem;

constexpr Column kStateColumns[] = {Column::kState, Column::kIdem, Column::kIndex};
constexpr std::size_t kShownDifferences = 10;
constexpr std::size_t kFixWritesPerBatch = 100'000;
constexpr std::size_t kReadPage = 1000;

void Note(RebuildReport& report, Column column, std::string_view key, const char* what) {
  ++report.differences;
  if (report.first.size() < kShownDifferences)
    report.first.push_back({ColumnName(column), State::Printable(key), what});
}

// One column of both stores, side by side.
Status CompareColumn(const Store& stored, const Store& expected, Column column, RebuildReport& report,
                     WriteSet* fix, const std::function<Status(WriteSet&)>& flush) {
  auto have = stored.NewCursor(column);
  auto want = expected.NewCursor(column);
  have->Seek("");
  want->Seek("");
  auto fixed = [&]() -> Status {
    if (fix && fix->Count() >= kFixWritesPerBatch && flush) {
      LEDGER_RETURN_IF_ERROR(flush(*fix));
      fix->Clear();
    }
    return Status::Ok();
  };
  // A cursor that stops on an error is not at its end: checked before
  // each step, so that a failed read never passes for missing keys.
  auto stopped = [&]() -> Status {
    LEDGER_RETURN_IF_ERROR(have->status());
    return want->status();
  };
  while (have->Valid() || want->Valid()) {
    LEDGER_RETURN_IF_ERROR(stopped());
    const bool only_want = !have->Valid() || (want->Valid() && want->key() < have->key());
    const bool only_have = !want->Valid() || (have->Valid() && have->key() < want->key());
    if (want->Valid() && !only_have) ++report.keys;
    if (only_want) {
      Note(report, column, want->key(), "missing");
      if (fix) fix->Put(column, want->key(), want->value());
      want->Next();
    } else if (only_have) {
      Note(report, column, have->key(), "unexpected");
      if (fix) fix->Delete(column, have->key());
      have->Next();
    } else {
      if (have->value() != want->value()) {
        Note(report, column, have->key(), "differs");
        if (fix) fix->Put(column, want->key(), want->value());
      }
      have->Next();
      want->Next();
    }
    LEDGER_RETURN_IF_ERROR(fixed());
  }
  return stopped();
}

Result<std::unique_ptr<Log>> OpenLog(const std::string& dir, bool write) {
  LogOptions options{.dir = dir, .checkpoint_interval = std::chrono::milliseconds(0), .read_only = !write};
  if (!write) return Log::Open(options, std::nullopt);
  LEDGER_ASSIGN_OR_RETURN(auto key, PrivateKey::ReadPemFile((fs::path(dir) / kLogKeyFile).string()));
  return Log::Open(options, std::move(key));
}

std::string ScratchDir() {
  std::random_device random;
  return (fs::temp_directory_path() / ("welfare-ledger-rebuild-" + std::to_string(random()))).string();
}

Result<StoredEvent> DecodeAt(uint64_t seq, const std::string& bytes) {
  auto stored = DecodeStoredEvent(bytes);
  if (!stored.ok()) return Error::Corruption("event " + std::to_string(seq) + ": " + stored.error().ToString());
  return std::move(*stored);
}

// The log replayed through the rules into a scratch state.
Result<std::unique_ptr<Replay>> Replayed(const Log& log, const std::function<void(uint64_t, uint64_t)>& progress) {
  LEDGER_ASSIGN_OR_RETURN(std::string genesis_bytes, log.ReadEvent(0));
  LEDGER_ASSIGN_OR_RETURN(StoredEvent genesis, DecodeAt(0, genesis_bytes));
  ReplayEvents events = [&log](Seq seq) -> Result<std::optional<std::string>> {
    if (seq.value >= log.size()) return std::optional<std::string>();
    LEDGER_ASSIGN_OR_RETURN(std::string bytes, log.ReadEvent(seq.value));
    return std::optional<std::string>(std::move(bytes));
  };
  LEDGER_ASSIGN_OR_RETURN(auto replay, Replay::Create({.scratch_dir = ScratchDir()}, genesis, events));
  const uint64_t size = log.size();
  for (uint64_t from = 1; from < size; from += kReadPage) {
    LEDGER_ASSIGN_OR_RETURN(auto page, log.ReadEvents(from, kReadPage));
    for (std::size_t i = 0; i < page.size(); ++i) {
      LEDGER_ASSIGN_OR_RETURN(StoredEvent stored, DecodeAt(from + i, page[i]));
      LEDGER_RETURN_IF_ERROR(replay->Apply(stored));
    }
    if (progress && (from / kReadPage) % 100 == 0) progress(from, size);
  }
  LEDGER_RETURN_IF_ERROR(replay->Flush());
  return replay;
}

}  // namespace

Status CompareState(const Store& stored, const Store& expected, RebuildReport& report, WriteSet* fix,
                    const std::function<Status(WriteSet&)>& flush) {
  for (Column column : kStateColumns)
    LEDGER_RETURN_IF_ERROR(CompareColumn(stored, expected, column, report, fix, flush));
  if (fix && fix->Count() > 0 && flush) {
    LEDGER_RETURN_IF_ERROR(flush(*fix));
    fix->Clear();
  }
  return Status::Ok();
}

Result<RebuildReport> RebuildProjections(const std::string& dir, bool write,
                                         const std::function<void(uint64_t, uint64_t)>& progress) {
  LEDGER_ASSIGN_OR_RETURN(auto log, OpenLog(dir, write));
  LEDGER_ASSIGN_OR_RETURN(auto replay, Replayed(*log, progress));
  RebuildReport report;
  report.events = log->size();
  if (!write) {
    LEDGER_RETURN_IF_ERROR(CompareState(log->store(), replay->store(), report));
    return report;
  }
  // Fixes go out in several writes. The state's version is taken away
  // before the first and put back after the last, so that a rebuild cut
  // short leaves a state that ledgerd rebuilds from the log on its next
  // open, never one half old and half new that claims to be current.
  bool unmarked = false;
  auto flush = [&log, &unmarked](WriteSet& writes) -> Status {
    if (!unmarked) {
      WriteSet unmark(log->store());
      unmark.Delete(Column::kState, kVersionKey);
      LEDGER_RETURN_IF_ERROR(log->WriteState(unmark));
      unmarked = true;
    }
    return log->WriteState(writes);
  };
  WriteSet fix(log->store());
  LEDGER_RETURN_IF_ERROR(CompareState(log->store(), replay->store(), report, &fix, flush));
  if (unmarked) {
    WriteSet mark(log->store());
    mark.Put(Column::kState, kVersionKey, kStateVersion);
    LEDGER_RETURN_IF_ERROR(log->WriteState(mark));
  }
  report.written = report.differences > 0;
  return report;
}

}  // namespace ledger
