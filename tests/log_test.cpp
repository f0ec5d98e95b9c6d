#include "ledger/log.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <random>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "ledger/log/appender.hpp"
#include "ledger/signing.hpp"
#include "ledger_fixture.hpp"

namespace ledger {
namespace {

using testing::ExpectValidChain;
using testing::LedgerFixture;
using testing::NoteEntry;
using testing::TempDir;

Json ReadJson(const Log& log, uint64_t seq) { return *ParseStrict(*log.ReadEvent(seq)); }

TEST(Genesis, InitAppendsASignedGenesisEventAndACheckpoint) {
  LedgerFixture f;
  auto log = f.Open();
  ASSERT_EQ(log->size(), 1u);
  Json genesis = ReadJson(*log, 0);
  EXPECT_EQ(genesis["type"], "ledger.genesis");
  EXPECT_EQ(genesis["org"], "ledger");
  EXPECT_EQ(genesis["idem"], "genesis");
  EXPECT_EQ(genesis["seq"], 0);
  EXPECT_EQ(genesis["prev"], std::string(64, '0'));
  EXPECT_EQ(genesis["body"]["origin"], testing::kTestOrigin);
  EXPECT_EQ(genesis["body"]["log_key"], f.log_key().public_key().Base64());
  EXPECT_EQ(genesis["body"]["regulator"]["public_key"], f.regulator().public_key().Base64());
  // The signature covers the submission as posted, without what the log added.
  Json submission = genesis;
  for (const char* stamped : {"seq", "prev", "ts"}) submission.erase(stamped);
  EXPECT_TRUE(VerifySignature(submission, f.log_key().public_key()).ok());
  auto note = log->LatestCheckpoint();
  ASSERT_TRUE(note.ok());
  auto verifier = ParseVerifierKey(log->verifier_key());
  ASSERT_TRUE(verifier.ok());
  auto cp = VerifyCheckpoint(*note, *verifier);
  ASSERT_TRUE(cp.ok()) << cp.error().ToString();
  EXPECT_EQ(cp->size, 1u);
  EXPECT_EQ(cp->root, LeafHash(*log->ReadEvent(0)));
}

TEST(Genesis, LogKeyFileIsPrivate) {
  LedgerFixture f;
  struct stat st {};
  ASSERT_EQ(stat((f.data_dir() + "/" + kLogKeyFile).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
}

TEST(Genesis, InitRefusesADirectoryThatHoldsALedger) {
  LedgerFixture f;
  auto again = InitLedger({.dir = f.data_dir(), .origin = "other.example/x",
                           .regulator = {"r", "R", f.regulator().public_key()}});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Code::kConflict);
  EXPECT_EQ(again.error().field, "data");
  EXPECT_EQ(f.Open()->size(), 1u);  // untouched
  auto key = PrivateKey::ReadPemFile(f.data_dir() + "/" + kLogKeyFile);
  EXPECT_EQ(key->public_key(), f.log_key().public_key());
}

TEST(Genesis, InitRefusesANonEmptyDirectoryAndABadOrigin) {
  TempDir dir;
  auto regulator = *PrivateKey::Generate();
  ASSERT_TRUE(WriteNewFile(dir.Sub("notes.txt"), "mine", 0644).ok());
  auto r = InitLedger({.dir = dir.path().string(), .origin = "a.example/x",
                       .regulator = {"r", "R", regulator.public_key()}});
  EXPECT_EQ(r.error().code, Code::kInvalidArgument);
  EXPECT_EQ(r.error().field, "data");
  auto bad = InitLedger({.dir = dir.Sub("new"), .origin = "has space",
                         .regulator = {"r", "R", regulator.public_key()}});
  EXPECT_EQ(bad.error().field, "origin");
  auto no_id = InitLedger({.dir = dir.Sub("new"), .origin = "a.example/x",
                           .regulator = {"", "R", regulator.public_key()}});
  EXPECT_EQ(no_id.error().field, "regulator.id");
}

TEST(Log, AppendStampsConsecutiveSeqsChainedByPrev) {
  LedgerFixture f;
  auto log = f.Open();
  for (int i = 1; i <= 5; ++i) {
    auto r = log->Append({NoteEntry(i)});
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    ASSERT_EQ(r->size(), 1u);
    EXPECT_EQ((*r)[0].seq, static_cast<uint64_t>(i));
    EXPECT_EQ((*r)[0].leaf_hash, LeafHash(*log->ReadEvent(i)));
    EXPECT_EQ(ReadJson(*log, i)["prev"], HexEncode(*log->LeafHashAt(i - 1)));
  }
  EXPECT_EQ(log->size(), 6u);
  EXPECT_EQ(ExpectValidChain(*log), 6u);
}

TEST(Log, StoredEventIsTheCanonicalEntryPlusStamps) {
  LedgerFixture f;
  auto log = f.Open();
  Json entry = {{"type", "test.note"}, {"zeta", 1}, {"alpha", {{"b", 2}, {"a", "x\ny"}}},
                {"sig", "c2ln"}, {"s", 1}, {"pz", true}, {"tz", nullptr}};
  ASSERT_TRUE(log->Append({entry}).ok());
  Json expected = entry;
  Json stored = ReadJson(*log, 1);
  expected["seq"] = 1;
  expected["prev"] = stored["prev"];
  expected["ts"] = stored["ts"];
  EXPECT_EQ(*log->ReadEvent(1), *Canonicalize(expected));
}

TEST(Log, AppendRefusesStampedFieldsAndWritesNothing) {
  LedgerFixture f;
  auto log = f.Open();
  for (const char* stamped : {"seq", "prev", "ts", "leaf_hash"}) {
    Json entry = NoteEntry(1);
    entry[stamped] = 7;
    auto r = log->Append({NoteEntry(0), entry});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Code::kInvalidArgument);
    EXPECT_EQ(r.error().field, std::string("entries[1].") + stamped);
  }
  EXPECT_EQ(log->size(), 1u);
}

TEST(Log, AppendRefusesNonObjectsFloatsAndOversizeEvents) {
  LedgerFixture f;
  auto log = f.Open();
  auto not_object = log->Append({Json::array()});
  EXPECT_EQ(not_object.error().field, "entries[0]");
  Json with_float = NoteEntry(1);
  with_float["body"]["amount_fen"] = 1.5;
  auto floaty = log->Append({with_float});
  EXPECT_EQ(floaty.error().field, "entries[0].body.amount_fen");
  Json big = NoteEntry(2);
  big["body"]["text"] = std::string(kMaxEventBytes, 'x');
  auto oversize = log->Append({big});
  EXPECT_EQ(oversize.error().field, "entries[0]");
  auto empty = log->Append({});
  EXPECT_EQ(empty.error().field, "entries");
  EXPECT_EQ(log->size(), 1u);
}

TEST(Log, EventJustUnderTheSizeLimitIsAccepted) {
  LedgerFixture f;
  auto log = f.Open();
  Json entry = NoteEntry(1);
  entry["body"]["text"] = std::string(kMaxEventBytes - 400, 'x');
  auto r = log->Append({entry});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_LE(log->ReadEvent(1)->size(), kMaxEventBytes);
}

// The limit is checked before stamping, on the entry plus kStampBytes (an
// upper bound of what seq, prev and ts add): an entry whose canonical form
// is at the bound is accepted, one byte more is refused naming it, and no
// stored event exceeds kMaxEventBytes, the largest a tile's entry bundle
// can prefix with its uint16 length.
TEST(Log, AnEventAtTheSizeLimitIsAcceptedAndOneByteMoreRefused) {
  LedgerFixture f;
  auto log = f.Open();
  ASSERT_EQ(kMaxEventBytes, 65'535u);
  auto sized = [](int n, std::size_t canonical_bytes) {
    Json entry = NoteEntry(n);
    entry["body"]["text"] = "";
    const std::size_t empty = Canonicalize(entry)->size();
    entry["body"]["text"] = std::string(canonical_bytes - empty, 'x');
    EXPECT_EQ(Canonicalize(entry)->size(), canonical_bytes);
    return entry;
  };
  // An entry's size as checked: its members and separators, without braces.
  const std::size_t at_limit = kMaxEventBytes - kStampBytes + 1;
  auto over = log->Append({sized(1, at_limit + 1)});
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().field, "entries[0]");
  EXPECT_NE(over.error().message.find("the limit is 65535"), std::string::npos) << over.error().message;
  EXPECT_EQ(log->size(), 1u);
  auto r = log->Append({sized(2, at_limit)});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_LE(log->ReadEvent(1)->size(), kMaxEventBytes);
}

TEST(Log, MultiEntryAppendTakesConsecutiveSeqs) {
  LedgerFixture f;
  auto log = f.Open();
  auto r = log->Append({NoteEntry(1), NoteEntry(2), NoteEntry(3)});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 3u);
  for (uint64_t i = 0; i < 3; ++i) EXPECT_EQ((*r)[i].seq, i + 1);
  EXPECT_EQ(ExpectValidChain(*log), 4u);
}

TEST(Log, ConcurrentAppendersGetUniqueContiguousSeqs) {
  LedgerFixture f;
  auto log = f.Open();
  constexpr int kThreads = 16, kEach = 50;
  std::vector<std::vector<uint64_t>> seqs(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = log->Append({NoteEntry(t * 1000 + i)});
        ASSERT_TRUE(r.ok());
        seqs[t].push_back((*r)[0].seq);
      }
    });
  for (auto& t : threads) t.join();
  std::set<uint64_t> all;
  for (const auto& s : seqs) {
    EXPECT_TRUE(std::is_sorted(s.begin(), s.end()));  // one caller's appends keep their order
    all.insert(s.begin(), s.end());
  }
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kEach));
  EXPECT_EQ(*all.begin(), 1u);
  EXPECT_EQ(*all.rbegin(), static_cast<uint64_t>(kThreads * kEach));
  EXPECT_EQ(ExpectValidChain(*log), static_cast<uint64_t>(kThreads * kEach + 1));
}

TEST(Log, TimestampsNeverGoBackwards) {
  using namespace std::chrono;
  auto now = std::make_shared<system_clock::time_point>(sys_days{2026y / 11 / 23} + 10h);
  LedgerFixture f([now] { return *now; });
  LogOptions options{.clock = [now] { return *now; },
                     .checkpoint_interval = milliseconds(0)};
  auto log = f.Open(options);
  *now += 1500ms;
  ASSERT_TRUE(log->Append({NoteEntry(1)}).ok());
  EXPECT_EQ(ReadJson(*log, 1)["ts"], "2026-11-23T10:00:01.500Z");
  *now -= 1h;  // the clock steps back
  ASSERT_TRUE(log->Append({NoteEntry(2)}).ok());
  EXPECT_EQ(ReadJson(*log, 2)["ts"], "2026-11-23T10:00:01.500Z");
}

TEST(Log, FormatTimestampIsUtcWithMilliseconds) {
  using namespace std::chrono;
  EXPECT_EQ(FormatTimestamp(system_clock::time_point{}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(sys_days{2024y / 2 / 29} + 23h + 59min + 59s + 999ms),
            "2024-02-29T23:59:59.999Z");
}

TEST(Log, ReopenKeepsEverythingAndAppendingContinuesTheChain) {
  LedgerFixture f;
  Hash root;
  {
    auto log = f.Open();
    for (int i = 1; i <= 10; ++i) ASSERT_TRUE(log->Append({NoteEntry(i)}).ok());
    root = *log->RootAt(11);
  }
  auto log = f.Open();
  EXPECT_EQ(log->size(), 11u);
  EXPECT_EQ(*log->RootAt(11), root);
  ASSERT_TRUE(log->Append({NoteEntry(11)}).ok());
  EXPECT_EQ(ExpectValidChain(*log), 12u);
}

// A clean close flushes what the store holds in memory: the next open has
// no write-ahead log to replay, so restarting does not take longer as the
// ledger grows.
TEST(Log, ACleanCloseLeavesNoWriteAheadLogToReplay) {
  LedgerFixture f;
  {
    auto log = f.Open();
    for (int i = 1; i <= 200; ++i) ASSERT_TRUE(log->Append({NoteEntry(i)}).ok());
  }
  uint64_t wal_bytes = 0;
  int wal_files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(f.data_dir()))
    if (entry.path().extension() == ".log") wal_bytes += entry.file_size(), ++wal_files;
  EXPECT_GT(wal_files, 0) << "RocksDB keeps a (new, empty) WAL file";
  EXPECT_EQ(wal_bytes, 0u);
}

TEST(Log, ProofsFromTheLogVerify) {
  LedgerFixture f;
  auto log = f.Open();
  for (int i = 1; i < 37; ++i) ASSERT_TRUE(log->Append({NoteEntry(i)}).ok());
  for (uint64_t size = 1; size <= 37; size += 6) {
    const Hash root = *log->RootAt(size);
    for (uint64_t seq = 0; seq < size; ++seq) {
      auto proof = log->InclusionProof(seq, size);
      ASSERT_TRUE(proof.ok());
      EXPECT_TRUE(VerifyInclusion(seq, size, *log->LeafHashAt(seq), *proof, root).ok());
    }
    for (uint64_t from = 1; from <= size; ++from) {
      auto proof = log->ConsistencyProof(from, size);
      ASSERT_TRUE(proof.ok());
      EXPECT_TRUE(VerifyConsistency(from, size, *log->RootAt(from), root, *proof).ok());
    }
  }
}

TEST(Log, ProofRequestsOutsideTheLogAreRefusedByName) {
  LedgerFixture f;
  auto log = f.Open();
  EXPECT_EQ(log->InclusionProof(0, 2).error().code, Code::kNotFound);
  EXPECT_EQ(log->InclusionProof(1, 1).error().field, "seq");
  EXPECT_EQ(log->ConsistencyProof(0, 1).error().field, "from");
  EXPECT_EQ(log->ConsistencyProof(2, 1).error().field, "from");
  EXPECT_EQ(log->ConsistencyProof(1, 5).error().field, "to");
  EXPECT_EQ(log->ReadEvent(1).error().code, Code::kNotFound);
  EXPECT_EQ(log->ConsistencyProof(1, 1)->size(), 0u);
}

TEST(Checkpoints, AreSignedKeptBySizeAndSurviveReopen) {
  LedgerFixture f;
  auto verifier = *ParseVerifierKey(f.Open()->verifier_key());
  {
    auto log = f.Open();
    ASSERT_TRUE(log->Append({NoteEntry(1), NoteEntry(2)}).ok());
    auto note = log->MakeCheckpoint();
    ASSERT_TRUE(note.ok());
    auto cp = VerifyCheckpoint(*note, verifier);
    ASSERT_TRUE(cp.ok());
    EXPECT_EQ(cp->size, 3u);
    EXPECT_EQ(cp->origin, testing::kTestOrigin);
    EXPECT_EQ(cp->root, *log->RootAt(3));
    EXPECT_EQ(*log->MakeCheckpoint(), *note);  // same size: the same note
  }
  auto log = f.Open();
  auto latest = log->LatestCheckpoint();
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(VerifyCheckpoint(*latest, verifier)->size, 3u);
  EXPECT_EQ(*log->CheckpointSizes(0, 10), (std::vector<uint64_t>{1, 3}));
  EXPECT_EQ(*log->CheckpointSizes(2, 10), (std::vector<uint64_t>{3}));
  EXPECT_EQ(VerifyCheckpoint(*log->CheckpointAt(1), verifier)->size, 1u);
  EXPECT_EQ(log->CheckpointAt(2).error().code, Code::kNotFound);
}

TEST(Checkpoints, AreMadeInTheBackgroundWhileTheLogGrows) {
  using namespace std::chrono;
  LedgerFixture f;
  auto log = f.Open({.checkpoint_interval = milliseconds(20)});
  ASSERT_TRUE(log->Append({NoteEntry(1)}).ok());
  const auto deadline = steady_clock::now() + seconds(10);
  auto verifier = *ParseVerifierKey(log->verifier_key());
  uint64_t latest = 0;
  while (latest != 2 && steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(5));
    latest = VerifyCheckpoint(*log->LatestCheckpoint(), verifier)->size;
  }
  EXPECT_EQ(latest, 2u);
}

TEST(Log, ReadOnlyOpenRefusesAppends) {
  LedgerFixture f;
  auto log = f.Open({.read_only = true});
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(log->size(), 1u);
  auto r = log->Append({NoteEntry(1)});
  EXPECT_EQ(r.error().code, Code::kUnavailable);
  EXPECT_EQ(log->MakeCheckpoint().error().code, Code::kUnavailable);
}

TEST(Log, OpenRefusesAForeignLogKeyAndANonLedger) {
  LedgerFixture f;
  auto r = Log::Open({.dir = f.data_dir()}, *PrivateKey::Generate());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "log_key");
  TempDir empty;
  auto none = Log::Open({.dir = empty.Sub("nothing")}, std::nullopt);
  EXPECT_FALSE(none.ok());
}

// StampEvent splices the stamps into pre-sorted members; the result must be
// exactly what canonicalising the whole object gives, whatever the names.
TEST(StampEvent, EqualsCanonicalisingTheWholeEvent) {
  std::mt19937 rng(42);
  const std::vector<std::string> names = {"a", "p", "pr", "prev0", "pre", "s", "sea", "seq0",
                                          "t", "ts0", "tt", "u", "\xc3\xbc", "\xf0\x9f\x98\x82",
                                          "\xef\xac\xb3", "Z", "", "\x7f"};
  for (int round = 0; round < 500; ++round) {
    Json entry = Json::object();
    for (const auto& n : names)
      if (rng() % 2) entry[n] = static_cast<int>(rng() % 1000);
    if (entry.empty()) continue;
    auto prepared = PrepareEntries({entry});
    ASSERT_TRUE(prepared.ok());
    Hash prev{};
    prev[5] = static_cast<uint8_t>(round);
    std::string stamped = StampEvent((*prepared)[0], round, prev, "2026-01-01T00:00:00.000Z");
    Json whole = entry;
    whole["seq"] = round;
    whole["prev"] = HexEncode(prev);
    whole["ts"] = "2026-01-01T00:00:00.000Z";
    ASSERT_EQ(stamped, *Canonicalize(whole)) << entry.dump();
  }
}

}  // namespace
}  // namespace ledger
