#include "auditor.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <tuple>

#include "chain.hpp"
#include "ledger/encoding.hpp"
#include "ledger/read_models.hpp"
#include "ledger/rebuild.hpp"
#include "ledger/replay.hpp"
#include "ledger/store.hpp"
#include "ledger/log.hpp"
#include "ledger/timestamp.hpp"
#include "rules.hpp"
#include "served_funds.hpp"

namespace ledger::audit {
namespace {

// Today in UTC+8, which disclosure deadlines are judged on by default.
Date TodayInBeijing() {
  auto day = DayOfTimestamp(FormatTimestamp(std::chrono::system_clock::now()));
  LEDGER_CHECK_MSG(day.ok(), "a formatted timestamp parses");
  return Date{*day};
}

constexpr std::size_t kPage = 1000;
constexpr std::size_t kShownDifferences = 10;

using Steady = std::chrono::steady_clock;

Failure SourceFailure(const Error& e, std::optional<uint64_t> seq = std::nullopt) {
  return Failure{.check = "source", .seq = seq, .reason = e.ToString()};
}

std::string TempScratchDir() {
  std::random_device random;
  return (std::filesystem::temp_directory_path() / ("ledger-audit-" + std::to_string(random()))).string();
}

// One audit run: the state that its steps share.
class Run {
 public:
  Run(Source& source, const AuditOptions& options, AuditReport& report)
      : source_(source), options_(options), report_(report), started_(Steady::now()) {}

  void Go(AuditEnd* end);

 private:
  bool Fail(Failure failure) {
    if (!report_.failure) report_.failure = std::move(failure);
    return false;
  }
  bool Start();
  bool Resume();
  bool TakeGenesis(const SourceEvent& event);
  bool TakeEvent(const SourceEvent& event);
  bool CheckCheckpoint(uint64_t size);
  bool CheckBeyondEnd(uint64_t size);
  bool CheckTrustedPrefix();
  bool CheckConsistency();
  bool CheckAccounts();
  bool CheckProjections();
  void Progress(bool last);

  Source& source_;
  const AuditOptions& options_;
  AuditReport& report_;
  Steady::time_point started_;
  Steady::time_point last_progress_{};
  uint64_t size_ = 0;
  std::vector<uint64_t> checkpoint_sizes_;
  std::size_t next_checkpoint_ = 0;
  std::optional<VerifierKey> verifier_;
  ChainChecker chain_;
  std::unique_ptr<RuleChecker> rules_;
  std::string first_checkpoint_;
  std::optional<uint64_t> first_checkpoint_size_;
  Hash first_checkpoint_root_{};
  std::string latest_checkpoint_;
  Hash latest_root_{};
};

bool Run::Start() {
  auto size = source_.Size();
  if (!size.ok()) return Fail(SourceFailure(size.error()));
  size_ = *size;
  if (size_ == 0) return Fail({.check = "source", .reason = "the source holds no events"});
  auto sizes = source_.CheckpointSizes();
  if (!sizes.ok()) return Fail(SourceFailure(sizes.error()));
  checkpoint_sizes_ = std::move(*sizes);
  return true;
}

// Goes on from where a kept replay stopped: the chain from its frontier,
// the rules from its state, the checkpoints verified then skipped.
bool Run::Resume() {
  const ResumePoint& at = *options_.resume;
  LEDGER_CHECK(options_.log_key && options_.trusted && !options_.scratch_dir.empty());
  chain_.Restore(at.frontier, at.last_leaf);
  if (!CheckTrustedPrefix()) return false;
  verifier_ = *options_.log_key;
  report_.origin = verifier_->name;
  report_.log_key = VerifierKeyString(verifier_->name, verifier_->key);
  report_.log_key_pinned = true;
  if (options_.rules) {
    auto rules = RuleChecker::Resume(source_, options_.scratch_dir);
    if (!rules.ok()) return Fail({.check = "source", .reason = "the kept replay: " + rules.error().ToString()});
    rules_ = std::move(*rules);
    if (rules_->decided() != at.size)
      return Fail({.check = "source", .reason = "the kept replay decided " + std::to_string(rules_->decided()) +
                                                " events, not " + std::to_string(at.size)});
  }
  while (next_checkpoint_ < checkpoint_sizes_.size() && checkpoint_sizes_[next_checkpoint_] <= at.size)
    ++next_checkpoint_;
  latest_checkpoint_ = options_.trusted->checkpoint;
  latest_root_ = options_.trusted->root;
  report_.checkpoint_size = at.size;
  report_.checkpoint_root = HexEncode(latest_root_);
  return true;
}

bool Run::TakeGenesis(const SourceEvent& event) {
  std::optional<Failure> failure;
  auto genesis = CheckGenesis(event.bytes, failure);
  if (!genesis.ok()) return Fail(std::move(*failure));
  report_.origin = genesis->origin;
  if (options_.log_key) {
    const bool named = !options_.log_key->name.empty();
    if (options_.log_key->key != genesis->log_key || (named && options_.log_key->name != genesis->origin))
      return Fail({.check = "genesis", .seq = 0, .type = "ledger.genesis", .org = "ledger",
                   .reason = "the genesis event announces the log key " +
                             VerifierKeyString(genesis->origin, genesis->log_key) +
                             ", not the pinned one"});
    verifier_ = *options_.log_key;
    if (!named) verifier_ = VerifierKey{genesis->origin, KeyHash(genesis->origin, genesis->log_key), genesis->log_key};
    report_.log_key_pinned = true;
  } else {
    auto parsed = ParseVerifierKey(VerifierKeyString(genesis->origin, genesis->log_key));
    if (!parsed.ok()) return Fail({.check = "genesis", .seq = 0, .reason = parsed.error().ToString()});
    verifier_ = *parsed;
    report_.notes.push_back(
        "the log key was not pinned (--log-key): checkpoints were checked with the key the genesis "
        "event announces; compare it with the key the ledger's operator published");
  }
  report_.log_key = VerifierKeyString(verifier_->name, verifier_->key);
  if (options_.rules) {
    const bool temp = options_.scratch_dir.empty();
    auto rules = RuleChecker::Create(event.bytes, chain_.LastLeaf(), source_,
                                     temp ? TempScratchDir() : options_.scratch_dir, /*keep=*/!temp);
    if (!rules.ok()) return Fail({.check = "source", .seq = 0, .reason = "the replay: " + rules.error().ToString()});
    rules_ = std::move(*rules);
  }
  return true;
}

bool Run::TakeEvent(const SourceEvent& event) {
  if (Status chained = chain_.Append(event.key, event.bytes); !chained.ok()) {
    const uint64_t seq = chain_.size();
    return Fail({.check = chained.error().field == "prev" ? "chain" : "seq", .seq = seq,
                 .reason = chained.error().message});
  }
  const uint64_t seq = chain_.size() - 1;
  if (seq == 0) {
    if (!TakeGenesis(event)) return false;
  } else if (rules_) {
    const bool trusted = options_.trusted && seq < options_.trusted->size;
    if (auto failure = rules_->Add(seq, event.bytes, chain_.LastLeaf(), trusted)) return Fail(std::move(*failure));
  }
  if (options_.trusted && chain_.size() == options_.trusted->size && !CheckTrustedPrefix()) return false;
  while (next_checkpoint_ < checkpoint_sizes_.size() &&
         checkpoint_sizes_[next_checkpoint_] <= chain_.size()) {
    if (!CheckCheckpoint(checkpoint_sizes_[next_checkpoint_])) return false;
    ++next_checkpoint_;
  }
  return true;
}

// Every note kept for `size` must be signed by the log key and hold the
// root recomputed from the events; two notes of one size with different
// roots are a fork, whichever of them matches.
bool Run::CheckCheckpoint(uint64_t size) {
  auto notes = source_.CheckpointNotes(size);
  if (!notes.ok()) return Fail(SourceFailure(notes.error()));
  std::optional<Hash> first_root;
  for (const std::string& note : *notes) {
    auto cp = VerifyCheckpoint(note, *verifier_);
    if (!cp.ok())
      return Fail({.check = "checkpoint_signature", .checkpoint = size,
                   .reason = "the checkpoint of size " + std::to_string(size) +
                             " is not signed by the log key: " + cp.error().ToString()});
    if (cp->size != size)
      return Fail({.check = "checkpoint_signature", .checkpoint = size,
                   .reason = "the checkpoint kept as size " + std::to_string(size) + " says size " +
                             std::to_string(cp->size)});
    if (first_root && *first_root != cp->root)
      return Fail({.check = "fork", .checkpoint = size,
                   .reason = "two checkpoints of size " + std::to_string(size) +
                             ", both signed by the log key, have different roots (" +
                             HexEncode(*first_root) + " and " + HexEncode(cp->root) +
                             "): the log has shown two histories"});
    first_root = cp->root;
  }
  if (first_root && *first_root != chain_.Root())
    return Fail({.check = "checkpoint_root", .checkpoint = size,
                 .reason = "the checkpoint of size " + std::to_string(size) + " has root " +
                           HexEncode(*first_root) + " but the events hash to " +
                           HexEncode(chain_.Root())});
  if (notes->empty()) return true;
  ++report_.checkpoints;
  latest_checkpoint_ = notes->front();
  latest_root_ = chain_.Root();
  report_.checkpoint_size = size;
  report_.checkpoint_root = HexEncode(chain_.Root());
  if (!first_checkpoint_size_) {
    first_checkpoint_size_ = size;
    first_checkpoint_root_ = chain_.Root();
  }
  return true;
}

// A kept checkpoint beyond the last event: either the log lost its tail or
// someone forged the checkpoint; its signature tells which.
bool Run::CheckBeyondEnd(uint64_t size) {
  auto notes = source_.CheckpointNotes(size);
  if (!notes.ok()) return Fail(SourceFailure(notes.error()));
  const bool signed_by_log = !notes->empty() && VerifyCheckpoint(notes->front(), *verifier_).ok();
  return Fail({.check = signed_by_log ? "truncated" : "checkpoint_signature", .seq = chain_.size(),
               .checkpoint = size,
               .reason = signed_by_log
                             ? "the log key signed a checkpoint of size " + std::to_string(size) +
                                   " but the log holds only " + std::to_string(chain_.size()) +
                                   " events: events from seq " + std::to_string(chain_.size()) +
                                   " on are missing"
                             : "a checkpoint of size " + std::to_string(size) +
                                   " beyond the log's end is not signed by the log key"});
}

bool Run::CheckTrustedPrefix() {
  if (chain_.Root() == options_.trusted->root) return true;
  return Fail({.check = "trusted_prefix", .checkpoint = options_.trusted->size,
               .reason = "the events an earlier run verified no longer hash to the root it verified at "
                         "size " + std::to_string(options_.trusted->size)});
}

// A server's own consistency proof from the first verified checkpoint to
// the latest: what a monitor that keeps no events relies on, checked
// against the roots recomputed here. (A --follow run checks the proof
// from its earlier checkpoint itself, before auditing: follow.hpp.)
bool Run::CheckConsistency() {
  if (options_.trusted) return true;
  const uint64_t from = first_checkpoint_size_.value_or(0);
  const Hash& root_from = first_checkpoint_root_;
  if (from == 0 || !report_.checkpoint_size || from >= *report_.checkpoint_size) return true;
  const uint64_t to = *report_.checkpoint_size;
  auto proof = source_.ConsistencyProof(from, to);
  if (!proof.ok()) return Fail(SourceFailure(proof.error()));
  if (!*proof) return true;
  const Hash& root_to = latest_root_;
  Status verified = (*proof)->root_from != root_from || (*proof)->root_to != root_to
                        ? Status(Error::Refused("", "the proof's roots are not the verified ones"))
                        : VerifyConsistency(from, to, root_from, root_to, (*proof)->hashes);
  if (verified.ok()) return true;
  return Fail({.check = "consistency", .checkpoint = to,
               .reason = "the server's consistency proof from size " + std::to_string(from) + " to " +
                         std::to_string(to) + " does not verify: " + verified.error().message});
}

// What the replay holds must add up (ledger::CheckAccounts): balances,
// lots and months, every source's fen, and all the money in all.
bool Run::CheckAccounts() {
  Status added_up = ledger::CheckAccounts(rules_->state(), report_.totals_fen);
  if (added_up.ok()) return true;
  if (added_up.error().code != Code::kCorruption) return Fail(SourceFailure(added_up.error()));
  return Fail({.check = "accounts", .reason = added_up.error().message});
}

bool Run::CheckProjections() {
  const Store* store = source_.store();
  if (!rules_ || !options_.projections) return true;
  if (!store) {
    ServedFundsCheck served = CompareServedFunds(source_, rules_->state(), chain_.size(), rules_->last_year());
    report_.notes.insert(report_.notes.end(), served.notes.begin(), served.notes.end());
    if (served.failure) return Fail(std::move(*served.failure));
    if (served.funds > 0) report_.served_funds = served.funds;
    return true;
  }
  // The projections claim the events below the stored "applied" marker.
  // ledgerd writes them with every event, so they claim the whole log; only
  // a ledger made by `ledgerctl init` and never opened has none at all.
  auto stored = ReadStoredState(*store);
  if (!stored.ok()) return Fail(SourceFailure(stored.error()));
  switch (stored->layout) {
    case StoredState::Layout::kNone:
      report_.notes.push_back("the ledger has no stored projections yet (never opened by ledgerd): none compared");
      return true;
    case StoredState::Layout::kOlder:
      report_.notes.push_back("the ledger's state is kept in the layout of version " + stored->version +
                              " (an older welfare-ledger); it was not compared with the replay: open it once with "
                              "ledgerd, which brings it to version " + std::string(CurrentStateVersion()));
      return true;
    case StoredState::Layout::kUnversioned:
      return Fail({.check = "projections",
                   .reason = "the ledger's state has no layout version (state key \"projections\"): it was "
                             "altered, or kept by the earliest welfare-ledger; it cannot be compared with the "
                             "replay (ledgerd rebuilds such a state from the log on its next open)"});
    case StoredState::Layout::kNewer:
      return Fail({.check = "projections",
                   .reason = "the ledger's state is kept in the layout of version " + stored->version +
                             ", by a newer welfare-ledger; this audit compares version " +
                             std::string(CurrentStateVersion()) + " only: audit it with that newer ledger-audit"});
    case StoredState::Layout::kCurrent:
      break;
  }
  if (stored->applied != chain_.size())
    return Fail({.check = "projections",
                 .reason = "the stored projections claim " + std::to_string(stored->applied) +
                           " events (state key \"applied\") but the log holds " + std::to_string(chain_.size())});
  RebuildReport compared;
  if (Status s = CompareState(*store, rules_->state(), compared); !s.ok()) return Fail(SourceFailure(s.error()));
  report_.projection_keys = compared.keys;
  report_.projection_differences = compared.differences;
  for (const ProjectionDifference& d : compared.first)
    if (report_.first_differences.size() < kShownDifferences)
      report_.first_differences.push_back({d.column, d.key, d.what});
  if (compared.differences == 0) return true;
  const ProjectionDifference& d = compared.first.front();
  return Fail({.check = "projections",
               .reason = std::to_string(compared.differences) +
                         " stored projection keys disagree with the replay; first: " + d.column + " " +
                         d.key + " " + d.what});
}

void Run::Progress(bool last) {
  if (!options_.progress) return;
  const auto now = Steady::now();
  if (!last && now - last_progress_ < options_.progress_interval) return;
  last_progress_ = now;
  options_.progress({chain_.size(), size_, std::chrono::duration<double>(now - started_).count()});
}

void Run::Go(AuditEnd* end) {
  report_.source = source_.Describe();
  report_.mode = options_.rules ? "full" : "chain";
  last_progress_ = started_;
  bool ok = Start() && (!options_.resume || Resume());
  for (uint64_t from = chain_.size(); ok && chain_.size() < size_; from = chain_.size()) {
    auto page = source_.ReadEvents(from, kPage);
    if (!page.ok()) {
      ok = Fail(SourceFailure(page.error(), from));
      break;
    }
    if (page->empty()) {
      ok = Fail({.check = "seq", .seq = from,
                 .reason = "the log ends at " + std::to_string(from) + " events but claims " +
                           std::to_string(size_)});
      break;
    }
    for (const SourceEvent& event : *page)
      if (!(ok = TakeEvent(event))) break;
    Progress(false);
  }
  // A signed checkpoint beyond the end explains a batch cut short: report
  // the lost tail, not the batch.
  if (ok && next_checkpoint_ < checkpoint_sizes_.size()) ok = CheckBeyondEnd(checkpoint_sizes_[next_checkpoint_]);
  if (ok && rules_)
    if (auto failure = rules_->Finish(chain_)) ok = Fail(std::move(*failure));
  if (ok && options_.trusted && chain_.size() < options_.trusted->size)
    ok = Fail({.check = "truncated", .seq = chain_.size(),
               .reason = "an earlier run verified " + std::to_string(options_.trusted->size) +
                         " events; the log now holds " + std::to_string(chain_.size())});
  if (ok) ok = CheckConsistency();
  if (ok && rules_) ok = CheckAccounts() && CheckProjections();
  Progress(true);
  report_.events = chain_.size();
  report_.trusted = options_.trusted ? std::min(options_.trusted->size, chain_.size()) : 0;
  if (rules_) {
    report_.batches = rules_->batches();
    report_.by_type = rules_->by_type();
    auto orgs = ListOrgs(rules_->state());
    auto funds = ListFunds(rules_->state());
    if (orgs.ok()) report_.orgs = orgs->size();
    if (funds.ok()) report_.funds = funds->size();
    if (ok && options_.ratios) {
      auto warnings = StateWarnings(rules_->state(), rules_->last_year());
      if (warnings.ok()) report_.warnings = std::move(*warnings);
      else ok = Fail(SourceFailure(warnings.error()));
      auto disclosure = DisclosureWarnings(rules_->state(), options_.today ? *options_.today : TodayInBeijing());
      if (disclosure.ok()) report_.warnings.insert(report_.warnings.end(), disclosure->begin(), disclosure->end());
      else ok = Fail(SourceFailure(disclosure.error()));
      std::stable_sort(report_.warnings.begin(), report_.warnings.end(), [](const RatioWarning& a, const RatioWarning& b) {
        return std::tie(a.check, a.org, a.year) < std::tie(b.check, b.org, b.year);
      });
    }
  }
  if (end) *end = {chain_.size(), chain_.Root(), chain_.LastLeaf(), latest_checkpoint_};
}

}  // namespace

AuditReport RunAudit(Source& source, const AuditOptions& options, AuditEnd* end) {
  AuditReport report;
  const auto started = Steady::now();
  Run(source, options, report).Go(end);
  report.seconds = std::chrono::duration<double>(Steady::now() - started).count();
  return report;
}

}  // namespace ledger::audit
