// The rules part of an audit: every stored event decoded (canonical form,
// envelope, schemas) and every submission re-decided, at its seq, by the
// ledger's own rules (ledger::Replay, over a scratch state in a directory
// of its own): org, signature with the key the org held at that seq, idem,
// suspension, role, and every accounting rule. A batch is decided when its
// last event has arrived, as it was admitted: whole.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auditor.hpp"
#include "chain.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/ratios.hpp"
#include "ledger/replay.hpp"
#include "report.hpp"
#include "source.hpp"

namespace ledger::audit {

// What event 0 establishes.
struct GenesisFacts {
  std::string origin;
  PublicKey log_key;
};

// Checks event 0: a canonical ledger.genesis by org "ledger" with idem
// "genesis", whose signature verifies with the log key it announces.
// Err: the failure (check "genesis").
Result<GenesisFacts> CheckGenesis(std::string_view bytes, std::optional<Failure>& failure);

class RuleChecker {
 public:
  // `genesis_bytes` passed CheckGenesis; its leaf is `genesis_leaf`. The
  // replay's scratch state goes in `scratch_dir` (kept when `keep`).
  static Result<std::unique_ptr<RuleChecker>> Create(std::string_view genesis_bytes, const Hash& genesis_leaf,
                                                     Source& source, const std::string& scratch_dir, bool keep);
  // A kept replay (--follow) that has decided the events before its size().
  static Result<std::unique_ptr<RuleChecker>> Resume(Source& source, const std::string& scratch_dir);
  ~RuleChecker();

  // Event `seq` >= 1 (chain-checked already; `leaf` is its leaf hash).
  // `trusted`: verified by an earlier audit; its signature is not checked
  // again. A failure names the seq at fault (for a batch, the event the
  // error is about).
  std::optional<Failure> Add(uint64_t seq, std::string_view bytes, const Hash& leaf, bool trusted);
  // The log ended: a batch still open is a failure. Writes what the replay
  // holds to its scratch state, with where `chain` ended (for Resume).
  std::optional<Failure> Finish(const ChainChecker& chain);

  // Where the replay kept in `scratch_dir` ended, if it holds one.
  static Result<std::optional<ResumePoint>> KeptEnd(const std::string& scratch_dir);

  uint64_t decided() const;  // events decided so far, genesis included
  uint64_t batches() const { return batches_; }
  const std::map<std::string, uint64_t>& by_type() const { return by_type_; }
  // The replayed state (after Finish).
  const Store& state() const;
  // The year of the newest event decided (UTC+8): years before it are complete.
  int last_year() const { return last_year_; }

 private:
  RuleChecker(Source& source, std::unique_ptr<Replay> replay);
  static ReplayEvents EventsFrom(Source& source, const RuleChecker* self);
  Status RestoreCounts(std::string_view text);
  std::optional<Failure> AddBatchEvent(uint64_t seq, StoredEvent event, bool trusted);
  std::optional<Failure> Decide(const std::vector<StoredEvent>& stored, uint64_t first_seq, bool trusted);
  void Count(const std::vector<StoredEvent>& stored);

  Source& source_;
  std::unique_ptr<Replay> replay_;
  std::vector<StoredEvent> batch_;  // a batch whose last event has not come yet
  uint64_t batch_start_ = 0, batch_size_ = 0;
  uint64_t batches_ = 0;
  std::map<std::string, uint64_t> by_type_;
  int last_year_ = 0;
};

}  // namespace ledger::audit
