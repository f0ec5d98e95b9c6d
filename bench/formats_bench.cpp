// The log's open formats on one ledger of N donations (default 100,000, the
// export row limit), each against a baseline measured in the same
// repetition: the whole log read through the paged GET /v1/events
// (limit 1000), the same events as JSON and no other formatting.
//
//   exports      GET /v1/orgs/{id}/export of the N donations, CSV and XLSX
//   tile routes  every entry bundle and every level-0 hash tile, GET /tile/...
//   static tiles WriteStaticTiles (what `ledgerctl tiles` runs) into a new
//                directory
//   change feed  GET /v1/events/stream?from=0, its source drained until it
//                has sent the whole log
//
// Every route is answered through Router::Handle, in-process (no socket).
// After the repetitions, 1,000 more donations are posted and each
// repetition's static tree is brought up to date: the incremental run
// against the full one. Each ratio is taken within one repetition; the
// table gives the median value and the range of the ratios.
//
//   formats_bench [--donations N] [--repeat R] [--dir DIR]
#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "donation_ledger.hpp"
#include "event_stream.hpp"
#include "ledger/org_export.hpp"
#include "ledger/static_tiles.hpp"
#include "ledger/tiles.hpp"
#include "ratio_table.hpp"
#include "routes/export_routes.hpp"
#include "routes/log_routes.hpp"
#include "routes/stream_routes.hpp"
#include "routes/tile_routes.hpp"

namespace ledger::bench {
namespace {

constexpr std::size_t kBatchEvents = 1000;      // donations per signed submission
constexpr std::size_t kIncrementEvents = 1000;  // posted before the incremental static run
constexpr double kBytesPerMB = 1e6;
constexpr const char* kBaseline = "events pages";

// What one measurement read, and how long it took.
struct Read {
  uint64_t events = 0;  // or rows
  uint64_t bytes = 0;
  double seconds = 0;
  double events_per_second() const { return events / seconds; }
  double mb_per_second() const { return bytes / kBytesPerMB / seconds; }
};

[[noreturn]] void Fail(const std::string& what) {
  std::cerr << "formats_bench: " << what << "\n";
  std::exit(1);
}

long PeakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

// The 1-, 5- and 15-minute load averages: how busy the shared machine was.
std::string LoadAverage() {
  std::ifstream file("/proc/loadavg");
  std::string one, five, fifteen;
  file >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

// Posts donations first_n .. first_n + count - 1, in signed batches.
void Post(Ledger& ledger, const PrivateKey& charity, uint64_t first_n, std::size_t count) {
  for (std::size_t done = 0; done < count; done += kBatchEvents) {
    const std::size_t size = std::min(kBatchEvents, count - done);
    for (const std::string& body : SignedBatches(charity, first_n + done, 1, size)) {
      auto outcome = ledger.Submit(std::string_view(body));
      if (!outcome.ok()) Die("batch from " + std::to_string(first_n + done), outcome.error());
    }
  }
}

api::Response Get(const api::Router& router, const std::string& target) {
  api::Response response = router.Handle(api::Request{"GET", target, {}, {}});
  if (response.status != 200)
    Fail("GET " + target + ": HTTP " + std::to_string(response.status) + " " + response.body);
  return response;
}

// The baseline: the log's `size` events through GET /v1/events, in pages
// of the largest limit, as a client pages it.
Read PageEvents(const api::Router& router, uint64_t size) {
  Read read{.events = size};
  const std::string limit = "&limit=" + std::to_string(api::kMaxPageLimit);
  std::string last_page;
  const auto start = SteadyClock::now();
  for (uint64_t from = 0; from < size; from += api::kMaxPageLimit) {
    api::Response page = Get(router, "/v1/events?from=" + std::to_string(from) + limit);
    read.bytes += page.body.size();
    last_page = std::move(page.body);
  }
  read.seconds = SecondsSince(start);
  if (!last_page.ends_with("\"next\":null}")) Fail("the last page of /v1/events names a next page");
  return read;
}

// The charity's `rows` donations as one export file.
Read Export(const api::Router& router, const std::string& format, uint64_t rows) {
  const auto start = SteadyClock::now();
  const api::Response file =
      Get(router, std::string("/v1/orgs/") + kCharity + "/export?what=donations&format=" + format);
  return {.events = rows, .bytes = file.body.size(), .seconds = SecondsSince(start)};
}

// Every level-0 tile of a log of `size` events (entry bundles when
// `entries`, else hash tiles), the full ones and the partial last one.
Read LevelZeroTiles(const api::Router& router, uint64_t size, bool entries) {
  Read read{.events = size};
  const uint64_t count = FullTileCount(0, size) + (PartialTileWidth(0, size) != 0 ? 1 : 0);
  const auto start = SteadyClock::now();
  for (uint64_t index = 0; index < count; ++index) {
    const TileId tile{.entries = entries, .level = 0, .index = index, .width = TileWidthAt(0, index, size)};
    std::string target = "/";  // appended: GCC 12 warns falsely (-Wrestrict) on "/" + string
    target += TilePath(tile);
    read.bytes += Get(router, target).body.size();
  }
  read.seconds = SecondsSince(start);
  if (!entries && read.bytes != size * kTileHashBytes)
    Fail("the level-0 tiles do not hold one hash per event");
  return read;
}

// GET /v1/events/stream?from=0, its source asked for pieces (as the session
// asks once a piece is written) until it has sent the log's `size` events.
Read DrainStream(const api::Router& router, uint64_t size) {
  Read read;
  const auto start = SteadyClock::now();
  const api::Response response = Get(router, "/v1/events/stream?from=0");
  if (!response.stream) Fail("GET /v1/events/stream answered without a stream");
  while (read.events < size) {
    Result<api::StreamPiece> piece = response.stream->Next(SteadyClock::now());
    if (!piece) Die("the stream at event " + std::to_string(read.events), piece.error());
    if (piece->bytes.empty()) Fail("the stream paused at event " + std::to_string(read.events));
    read.events += piece->events;
    read.bytes += piece->bytes.size();
  }
  read.seconds = SecondsSince(start);
  if (read.events != size) Fail("the stream sent more events than the log holds");
  return read;
}

struct StaticRun {
  StaticTilesReport report;
  double seconds = 0;
  uint64_t files() const { return report.tiles + report.bundles; }
};

StaticRun WriteTiles(const std::string& data_dir, const std::string& out_dir) {
  const auto start = SteadyClock::now();
  auto report = WriteStaticTiles({.data_dir = data_dir, .out_dir = out_dir});
  if (!report) Die("tiles into " + out_dir, report.error());
  return {*report, SecondsSince(start)};
}

// One ledger, its routes, and what the repetitions found.
struct Bench {
  Ledger& ledger;
  const api::Router& router;
  std::string data_dir;
  std::string work_dir;  // each repetition's static tree is in work_dir/tiles-<r>
  uint64_t donations = 0;
  RatioTable table;
  std::vector<double> full_write_seconds;  // per repetition

  std::string TilesDir(std::size_t rep) const { return work_dir + "/tiles-" + std::to_string(rep); }
};

// A rate of events (or rows) with its ratio to the baseline's, and its MB/s.
void AddRead(Bench& bench, const std::string& what, const std::string& unit, const Read& read,
             const Read& baseline) {
  bench.table.Add(what, unit, read.events_per_second(), kBaseline,
                  read.events_per_second() / baseline.events_per_second());
  bench.table.Add(what, "MB/s", read.mb_per_second());
}

void StaticFullWrite(Bench& bench, std::size_t rep, const Read& baseline) {
  std::filesystem::remove_all(bench.TilesDir(rep));
  const StaticRun run = WriteTiles(bench.data_dir, bench.TilesDir(rep));
  if (run.report.size != baseline.events) Fail("the static tree is not of the whole log");
  AddRead(bench, "static tiles, full write", "events/s",
          {.events = run.report.size, .bytes = run.report.bytes, .seconds = run.seconds}, baseline);
  bench.table.Add("static tiles, full write", "files/s", run.files() / run.seconds);
  bench.table.Add("static tiles, full write", "s", run.seconds);
  bench.full_write_seconds.push_back(run.seconds);
}

void Repetition(Bench& bench, std::size_t rep) {
  const uint64_t size = bench.ledger.log().size();
  const Read baseline = PageEvents(bench.router, size);
  AddRead(bench, "events pages (baseline)", "events/s", baseline, baseline);
  for (const char* format : {"csv", "xlsx"})
    AddRead(bench, std::string(format) + " export", "rows/s", Export(bench.router, format, bench.donations),
            baseline);
  AddRead(bench, "tile routes, entry bundles", "events/s", LevelZeroTiles(bench.router, size, true),
          baseline);
  AddRead(bench, "tile routes, level-0 tiles", "events/s", LevelZeroTiles(bench.router, size, false),
          baseline);
  AddRead(bench, "change feed from 0", "events/s", DrainStream(bench.router, size), baseline);
  StaticFullWrite(bench, rep, baseline);
  std::fprintf(stderr, "repetition %zu done; load average %s\n", rep + 1, LoadAverage().c_str());
}

// Repetition `rep`'s static tree brought up to date from `before` events,
// then once more with nothing new: what a run costs whatever it writes.
void StaticRerun(Bench& bench, std::size_t rep, uint64_t before) {
  const std::string what = "static tiles, +" + std::to_string(kIncrementEvents) + " events";
  const double full_seconds = bench.full_write_seconds[rep];
  const StaticRun run = WriteTiles(bench.data_dir, bench.TilesDir(rep));
  if (run.report.from_size != before || run.report.size != bench.ledger.log().size())
    Fail("the incremental run did not go from the full tree to the new size");
  bench.table.Add(what, "s", run.seconds, "full write", run.seconds / full_seconds);
  bench.table.Add(what, "files", static_cast<double>(run.files()));
  const StaticRun idle = WriteTiles(bench.data_dir, bench.TilesDir(rep));
  if (idle.report.checkpoint_written) Fail("a rerun with nothing new wrote a checkpoint");
  bench.table.Add("static tiles, rerun, up to date", "s", idle.seconds, "full write",
                  idle.seconds / full_seconds);
}

// 1,000 more donations, a checkpoint of them, and each repetition's static
// tree brought up to date.
void StaticIncremental(Bench& bench, const PrivateKey& charity) {
  const uint64_t before = bench.ledger.log().size();
  Post(bench.ledger, charity, bench.donations, kIncrementEvents);
  if (!bench.ledger.log().MakeCheckpoint()) Fail("no checkpoint after the increment");
  for (std::size_t rep = 0; rep < bench.full_write_seconds.size(); ++rep) {
    StaticRerun(bench, rep, before);
    std::filesystem::remove_all(bench.TilesDir(rep));
  }
}

api::Router FormatRoutes(const Ledger& ledger) {
  api::Router router;
  api::AddLogRoutes(router, ledger.log());
  api::AddExportRoutes(router, ledger, {.max_bytes = 256u << 20});
  api::AddTileRoutes(router, ledger.log());
  api::AddStreamRoutes(router, ledger.log());
  return router;
}

struct Options {
  uint64_t donations = kMaxExportRows;
  std::size_t repeat = 3;
  std::string dir = (std::filesystem::temp_directory_path() / "formats-bench").string();
};

Options ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--donations") options.donations = std::stoull(argv[i + 1]);
    else if (flag == "--repeat") options.repeat = std::stoul(argv[i + 1]);
    else if (flag == "--dir") options.dir = argv[i + 1];
    else Fail("unknown flag " + flag + "; usage: formats_bench [--donations N] [--repeat R] [--dir DIR]");
  }
  if (options.donations == 0 || options.donations > kMaxExportRows)
    Fail("--donations must be 1 to " + std::to_string(kMaxExportRows) + ", the export's row limit");
  if (options.repeat == 0) Fail("--repeat must be at least 1");
  return options;
}

int Run(int argc, char** argv) {
  const Options options = ParseOptions(argc, argv);
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // in order with the progress on stderr
  std::printf("## open formats: %llu donations, %zu repetitions; load average at start %s\n",
              static_cast<unsigned long long>(options.donations), options.repeat, LoadAverage().c_str());
  const std::string data_dir = options.dir + "/formats-ledger";
  auto charity = Must(PrivateKey::Generate(), "key");
  auto ledger = NewLedger(data_dir, charity);
  const auto posting = SteadyClock::now();
  Post(*ledger, charity, 0, options.donations);
  if (!ledger->log().MakeCheckpoint()) Fail("no checkpoint of the ledger");
  std::printf("ledger: %llu events (%llu donations) posted in %.1f s; peak RSS %ld MiB\n",
              static_cast<unsigned long long>(ledger->log().size()),
              static_cast<unsigned long long>(options.donations), SecondsSince(posting), PeakRssMiB());
  const api::Router router = FormatRoutes(*ledger);
  Bench bench{.ledger = *ledger, .router = router, .data_dir = data_dir, .work_dir = options.dir,
              .donations = options.donations};
  for (std::size_t rep = 0; rep < options.repeat; ++rep) Repetition(bench, rep);
  StaticIncremental(bench, charity);
  std::printf("median of %zu repetitions; ratio: min-max over them, each against the baseline of its own "
              "repetition (shared, noisy machine: compare ratios, not rates)\n",
              options.repeat);
  bench.table.Print();
  std::printf("peak RSS %ld MiB (the process, posting included); load average at end %s\n", PeakRssMiB(),
              LoadAverage().c_str());
  ledger.reset();
  std::filesystem::remove_all(data_dir);
  return 0;
}

}  // namespace
}  // namespace ledger::bench

int main(int argc, char** argv) { return ledger::bench::Run(argc, argv); }
