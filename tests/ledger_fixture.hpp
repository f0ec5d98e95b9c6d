// A real ledger in a temporary directory, made with InitLedger, for tests.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "ledger/genesis.hpp"
#include "ledger/ledger.hpp"
#include "ledger/log.hpp"
#include "test_util.hpp"

namespace ledger::testing {

inline constexpr const char* kTestOrigin = "ledger.example.org/test";

class LedgerFixture {
 public:
  explicit LedgerFixture(Clock clock = [] { return std::chrono::system_clock::now(); })
      : regulator_(*PrivateKey::Generate()) {
    auto made = InitLedger({.dir = data_dir(),
                            .origin = kTestOrigin,
                            .regulator = {"civil-affairs", "Civil Affairs Bureau",
                                          regulator_.public_key()},
                            .clock = std::move(clock)});
    EXPECT_TRUE(made.ok()) << made.error().ToString();
    auto key = PrivateKey::ReadPemFile((std::filesystem::path(data_dir()) / kLogKeyFile).string());
    EXPECT_TRUE(key.ok()) << key.error().ToString();
    log_key_ = std::make_unique<PrivateKey>(std::move(*key));
  }

  std::string data_dir() const { return dir_.Sub("data"); }
  const PrivateKey& log_key() const { return *log_key_; }
  const PrivateKey& regulator() const { return regulator_; }

  // Opens the ledger service (the log plus its rules); checkpoints on demand.
  std::unique_ptr<Ledger> OpenLedger(
      LogOptions options = {.checkpoint_interval = std::chrono::milliseconds(0)}) const {
    options.dir = data_dir();
    auto ledger = Ledger::Open(options, options.read_only ? std::nullopt
                                                          : std::optional<PrivateKey>(*log_key_));
    EXPECT_TRUE(ledger.ok()) << ledger.error().ToString();
    return ledger.ok() ? std::move(*ledger) : nullptr;
  }

  // Opens the ledger; checkpoints only on demand unless `options` says so.
  std::unique_ptr<Log> Open(LogOptions options = {.checkpoint_interval = std::chrono::milliseconds(0)}) const {
    options.dir = data_dir();
    auto log = Log::Open(options, options.read_only ? std::nullopt
                                                    : std::optional<PrivateKey>(*log_key_));
    EXPECT_TRUE(log.ok()) << log.error().ToString();
    return log.ok() ? std::move(*log) : nullptr;
  }

 private:
  TempDir dir_;
  PrivateKey regulator_;
  std::unique_ptr<PrivateKey> log_key_;
};

// A small entry for appending; `n` makes it distinct.
inline Json NoteEntry(int n) {
  return {{"type", "test.note"}, {"org", "tester"}, {"idem", "n-" + std::to_string(n)},
          {"body", {{"n", n}, {"text", "note number " + std::to_string(n)}}}};
}

}  // namespace ledger::testing

namespace ledger::testing {

// Reads every event back and checks, independently of the writer: seq is
// the index, bytes are canonical, prev links to the previous leaf, the
// stored leaf hash is the hash of the bytes, and the stored root equals a
// tree rebuilt from the leaves. Returns the number of events checked.
inline uint64_t ExpectValidChain(const Log& log) {
  const uint64_t size = log.size();
  MemoryTree tree;
  Hash prev{};
  for (uint64_t from = 0; from < size; from += 1000) {
    auto events = log.ReadEvents(from, 1000);
    EXPECT_TRUE(events.ok()) << events.error().ToString();
    if (!events.ok()) return 0;
    for (std::size_t i = 0; i < events->size(); ++i) {
      const uint64_t seq = from + i;
      const std::string& bytes = (*events)[i];
      auto parsed = ParseStrict(bytes);
      EXPECT_TRUE(parsed.ok()) << "seq " << seq;
      if (!parsed.ok()) return 0;
      EXPECT_EQ(*Canonicalize(*parsed), bytes) << "seq " << seq << " is not canonical";
      EXPECT_EQ((*parsed)["seq"], seq);
      EXPECT_EQ((*parsed)["prev"], HexEncode(prev)) << "seq " << seq << " breaks the chain";
      const Hash leaf = LeafHash(bytes);
      EXPECT_EQ(*log.LeafHashAt(seq), leaf) << "seq " << seq;
      tree.Append(leaf);
      prev = leaf;
    }
  }
  EXPECT_EQ(tree.size(), size);
  EXPECT_EQ(*log.RootAt(size), tree.Root());
  return size;
}

}  // namespace ledger::testing
