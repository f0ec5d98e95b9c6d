#include "ledger/rebuild.hpp"

#include <filesystem>
#include <map>
#include <utility>

#include "ledger/admission.hpp"
#include "ledger/genesis.hpp"
#include "ledger/log.hpp"
#include "ledger/projections.hpp"

namespace ledger {
namespace {

using Expected = ProjectionMap;
constexpr Column kProjectionColumns[] = {Column::kState, Column::kIdem, Column::kIndex};
constexpr std::size_t kShownDifferences = 10;
constexpr std::size_t kWritesPerBatch = 100'000;

std::string Printable(std::string_view key) {
  std::string out;
  for (unsigned char c : key) {
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      static const char* kHex = "0123456789abcdef";
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

Result<std::unique_ptr<Log>> OpenLog(const std::string& dir, bool write) {
  LogOptions options{.dir = dir, .checkpoint_interval = std::chrono::milliseconds(0),
                     .read_only = !write};
  if (!write) return Log::Open(options, std::nullopt);
  auto key = PrivateKey::ReadPemFile((std::filesystem::path(dir) / kLogKeyFile).string());
  if (!key.ok()) return key.error();
  return Log::Open(options, std::move(*key));
}

// Every projection key and value that the log implies: the log replayed
// through the very code that writes them live, into a map.
Result<Expected> Implied(const Log& log, RebuildReport& report,
                         const std::function<void(uint64_t, uint64_t)>& progress) {
  auto registry = RegistryAtGenesis(log);
  if (!registry.ok()) return registry.error();
  LogEvents durable(log);
  Admitter admitter(durable, std::move(*registry));
  Expected expected;
  const ProjectionSink sink = [&expected](Column column, const std::string& key, const std::string* value) {
    if (value) expected[{column, key}] = *value;
    else expected.erase({column, key});
  };
  LEDGER_RETURN_IF_ERROR(SinkGenesisProjections(admitter.registry(), sink));
  const uint64_t size = log.size();
  const std::string applied = SeqKey(size);
  sink(Column::kState, std::string(kAppliedStateKey), &applied);
  LEDGER_RETURN_IF_ERROR(admitter.ReplayLog(log, 1, &sink, [&](uint64_t seq, const Submission&) {
    if (progress && seq % 100'000 == 0) progress(seq, size);
  }));
  report.events = size;
  report.keys = expected.size();
  return expected;
}

void Note(RebuildReport& report, Column column, std::string_view key, const char* what) {
  ++report.differences;
  if (report.first.size() < kShownDifferences)
    report.first.push_back({ColumnName(column), Printable(key), what});
}

// Compares the stored projections with `expected`, in key order; with
// `fix`, adds to it what makes the store agree.
Status CompareInto(const Store& store, const Expected& expected, RebuildReport& report,
               std::vector<std::pair<std::pair<Column, std::string>, const std::string*>>* fix) {
  for (Column column : kProjectionColumns) {
    auto want = expected.lower_bound({column, std::string()});
    auto at_end = [&] { return want == expected.end() || want->first.first != column; };
    auto missing_before = [&](std::string_view key) {
      while (!at_end() && want->first.second < key) {
        Note(report, column, want->first.second, "missing");
        if (fix) fix->push_back({want->first, &want->second});
        ++want;
      }
    };
    LEDGER_RETURN_IF_ERROR(store.Scan(column, "", [&](std::string_view key, std::string_view value) {
      missing_before(key);
      if (at_end() || want->first.second != key) {
        Note(report, column, key, "unexpected");
        if (fix) fix->push_back({{column, std::string(key)}, nullptr});
        return true;
      }
      if (want->second != value) {
        Note(report, column, key, "differs");
        if (fix) fix->push_back({want->first, &want->second});
      }
      ++want;
      return true;
    }));
    while (!at_end()) {
      Note(report, column, want->first.second, "missing");
      if (fix) fix->push_back({want->first, &want->second});
      ++want;
    }
  }
  return Status::Ok();
}

}  // namespace

Status CompareProjections(const Store& store, const ProjectionMap& expected, RebuildReport& report) {
  report.keys = expected.size();
  return CompareInto(store, expected, report, nullptr);
}

Result<RebuildReport> RebuildProjections(const std::string& dir, bool write,
                                         const std::function<void(uint64_t, uint64_t)>& progress) {
  auto log = OpenLog(dir, write);
  if (!log.ok()) return log.error();
  RebuildReport report;
  auto expected = Implied(**log, report, progress);
  if (!expected.ok()) return expected.error();
  std::vector<std::pair<std::pair<Column, std::string>, const std::string*>> fix;
  LEDGER_RETURN_IF_ERROR(CompareInto((*log)->store(), *expected, report, write ? &fix : nullptr));
  if (!write || fix.empty()) return report;
  WriteSet writes((*log)->store());
  for (const auto& [where, value] : fix) {
    if (value) writes.Put(where.first, where.second, *value);
    else writes.Delete(where.first, where.second);
    if (writes.Count() >= kWritesPerBatch) {
      LEDGER_RETURN_IF_ERROR((*log)->WriteState(writes));
      writes.Clear();
    }
  }
  if (writes.Count() > 0) LEDGER_RETURN_IF_ERROR((*log)->WriteState(writes));
  report.written = true;
  return report;
}

}  // namespace ledger
