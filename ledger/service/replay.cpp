#include "ledger/replay.hpp"

#include <filesystem>

#include "ledger/domain/org_rules.hpp"
#include "ledger/domain/records.hpp"
#include "ledger/service/admission.hpp"
#include "ledger/service/store_kv.hpp"

namespace ledger {
namespace {

namespace fs = std::filesystem;

// The replay's own facts, kept in the scratch store's meta column so that
// a kept replay can be resumed.
constexpr std::string_view kRegulatorMeta = "replay/regulator";

std::string LeafBytes(const Hash& leaf) { return std::string(reinterpret_cast<const char*>(leaf.data()), leaf.size()); }

}  // namespace

struct Replay::Impl {
  Impl(ReplayOptions options, std::unique_ptr<Store> store, OrgId regulator, ReplayEvents events, uint64_t size)
      : options(std::move(options)),
        scratch(std::move(store)),
        admission(std::move(regulator)),
        base(*scratch, std::move(events)),
        pending(std::make_unique<Overlay>(&base)),
        size(size) {}
  ~Impl() {
    const std::string dir = options.scratch_dir;
    const bool keep = options.keep;
    scratch.reset();
    std::error_code ec;
    if (!keep) fs::remove_all(dir, ec);
  }

  Status FlushIf() { return pending_events >= options.group_events ? Flush() : Status::Ok(); }
  Status Flush();

  ReplayOptions options;
  std::unique_ptr<Store> scratch;
  Admission admission;
  StoreKv base;
  std::unique_ptr<Overlay> pending;  // decided, not yet written
  std::map<uint64_t, Hash> pending_leaves;
  std::map<std::string, std::string, std::less<>> pending_meta;
  uint64_t size = 0;
  uint64_t pending_events = 0;
};

Status Replay::Impl::Flush() {
  WriteSet writes(*scratch);
  WriteChanges(*pending, writes);
  for (const auto& [seq, leaf] : pending_leaves) writes.Put(Column::kTree, NodeKey({0, seq}), LeafBytes(leaf));
  for (const auto& [name, value] : pending_meta) writes.Put(Column::kMeta, "caller/" + name, value);
  writes.Put(Column::kState, kAppliedKey, SeqKey(size));
  LEDGER_RETURN_IF_ERROR(scratch->Write(writes, /*sync=*/false));
  pending = std::make_unique<Overlay>(&base);
  pending_leaves.clear();
  pending_meta.clear();
  pending_events = 0;
  return Status::Ok();
}

Replay::Replay(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Replay::~Replay() = default;

Result<std::unique_ptr<Replay>> Replay::Create(const ReplayOptions& options, const StoredEvent& genesis,
                                               ReplayEvents events) {
  if (genesis.event.kind() != EventKind::kGenesis) return Error::Invalid("genesis", "event 0 is not ledger.genesis");
  LEDGER_ASSIGN_OR_RETURN(Org regulator, GenesisRegulator(std::get<Genesis>(genesis.event.body)));
  std::error_code ec;
  if (fs::exists(options.scratch_dir, ec))
    return Error::Invalid("scratch", options.scratch_dir + " exists already; a replay starts in a new directory");
  LEDGER_ASSIGN_OR_RETURN(auto store, Store::Open({.dir = options.scratch_dir, .create_if_missing = true, .scratch = true}));
  WriteSet start(*store);
  std::string org;
  Encode(regulator, org);
  start.Put(Column::kState, keys::Org(OrgId(regulator.id)), org);
  start.Put(Column::kState, kVersionKey, kStateVersion);
  start.Put(Column::kState, kAppliedKey, SeqKey(1));
  start.Put(Column::kMeta, kRegulatorMeta, regulator.id);
  LEDGER_RETURN_IF_ERROR(store->Write(start, false));
  return std::unique_ptr<Replay>(
      new Replay(std::make_unique<Impl>(options, std::move(store), OrgId(regulator.id), std::move(events), 1)));
}

Result<std::unique_ptr<Replay>> Replay::Resume(const ReplayOptions& options, ReplayEvents events) {
  LEDGER_ASSIGN_OR_RETURN(auto store, Store::Open({.dir = options.scratch_dir, .scratch = true}));
  LEDGER_ASSIGN_OR_RETURN(auto regulator, store->Get(Column::kMeta, kRegulatorMeta));
  LEDGER_ASSIGN_OR_RETURN(auto applied, store->Get(Column::kState, kAppliedKey));
  if (!regulator || !applied) return Error::Invalid("scratch", options.scratch_dir + " holds no kept replay");
  LEDGER_ASSIGN_OR_RETURN(const uint64_t size, DecodeSeqKey(*applied));
  return std::unique_ptr<Replay>(
      new Replay(std::make_unique<Impl>(options, std::move(store), OrgId(*regulator), std::move(events), size)));
}

uint64_t Replay::size() const { return impl_->size; }
const std::string& Replay::regulator_id() const { return impl_->admission.regulator().str(); }

Status Replay::Verify(const Submission& submission, std::span<const std::string_view> ts,
                      bool verify_signature) {
  Overlay batch(impl_->pending.get());
  State state(batch);
  const PublicKey* checked_key = nullptr;
  std::optional<Org> signer;
  if (!verify_signature) {
    LEDGER_ASSIGN_OR_RETURN(signer, FindOrg(state, submission.org));
    if (signer) checked_key = signer->KeyAt(impl_->size);
  }
  LEDGER_ASSIGN_OR_RETURN(Decision decided,
                          impl_->admission.Decide(submission, checked_key, Seq(impl_->size), ts, state));
  if (decided.duplicate)
    return Error{Code::kConflict, submission.is_batch ? "events[0].idem" : "idem",
                 "repeats org " + submission.org.str() + "'s submission at seq " +
                     std::to_string(decided.original.front().value) +
                     ": the ledger answers a resend and appends nothing"};
  std::move(batch).MergeInto(*impl_->pending);
  impl_->size += submission.events.size();
  impl_->pending_events += submission.events.size();
  return impl_->FlushIf();
}

Status Replay::Apply(const StoredEvent& stored) {
  LEDGER_CHECK(stored.seq.value == impl_->size);
  Overlay event(impl_->pending.get());  // a refused event leaves nothing behind
  State state(event);
  LEDGER_RETURN_IF_ERROR(impl_->admission.CatchUp(stored, state));
  std::move(event).MergeInto(*impl_->pending);
  ++impl_->size;
  ++impl_->pending_events;
  return impl_->FlushIf();
}

void Replay::RecordLeaf(Seq seq, const Hash& leaf) { impl_->pending_leaves[seq.value] = leaf; }

Result<std::optional<Hash>> Replay::LeafAt(Seq seq) const {
  if (auto it = impl_->pending_leaves.find(seq.value); it != impl_->pending_leaves.end())
    return std::optional<Hash>(it->second);
  LEDGER_ASSIGN_OR_RETURN(auto bytes, impl_->scratch->Get(Column::kTree, NodeKey({0, seq.value})));
  if (!bytes) return std::optional<Hash>();
  if (bytes->size() != 32) return Error::Corruption("a kept leaf hash is not 32 bytes");
  Hash leaf;
  std::copy(bytes->begin(), bytes->end(), leaf.begin());
  return std::optional<Hash>(leaf);
}

Status Replay::Flush() { return impl_->Flush(); }

void Replay::PutMeta(std::string_view name, std::string value) {
  impl_->pending_meta.insert_or_assign(std::string(name), std::move(value));
}

Result<std::optional<std::string>> Replay::GetMeta(std::string_view name) const {
  if (auto it = impl_->pending_meta.find(name); it != impl_->pending_meta.end())
    return std::optional<std::string>(it->second);
  return impl_->scratch->Get(Column::kMeta, "caller/" + std::string(name));
}
const Store& Replay::store() const { return *impl_->scratch; }

}  // namespace ledger
