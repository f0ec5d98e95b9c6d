// Log: signing, keeping and serving checkpoints.
#include "ledger/log.hpp"
#include "ledger/log/log_impl.hpp"

namespace ledger {

Result<std::string> Log::MakeCheckpoint() {
  Impl& i = *impl_;
  if (!i.log_key) return Error{Code::kUnavailable, {}, "the log is open read-only"};
  // One checkpoint at a time, so that sizes are kept in increasing order.
  std::lock_guard lock(i.checkpoint_mu);
  const uint64_t tree_size = size();
  if (tree_size == i.latest_note_size && !i.latest_note.empty()) return i.latest_note;
  auto root = ledger::RootAt(tree_size, i.store->nodes());
  if (!root.ok()) return root.error();
  std::string note = SignCheckpoint({i.origin, tree_size, *root}, i.origin, *i.log_key);
  WriteSet writes(*i.store);
  writes.Put(Column::kCheckpoints, SeqKey(tree_size), note);
  LEDGER_RETURN_IF_ERROR(i.store->Write(writes, /*sync=*/true));
  i.latest_note = note;
  i.latest_note_size = tree_size;
  return note;
}

Result<std::string> Log::LatestCheckpoint() const {
  std::lock_guard lock(impl_->checkpoint_mu);
  if (impl_->latest_note.empty()) return Error::NotFound("no checkpoint has been made yet");
  return impl_->latest_note;
}

Result<std::string> Log::CheckpointAt(uint64_t tree_size) const {
  auto note = impl_->store->Get(Column::kCheckpoints, SeqKey(tree_size));
  if (!note.ok()) return note.error();
  if (!*note)
    return Error{Code::kNotFound, "size",
                 "no checkpoint of size " + std::to_string(tree_size) + " is kept"};
  return std::move(**note);
}

Result<std::vector<uint64_t>> Log::CheckpointSizes(uint64_t from, std::size_t limit) const {
  std::vector<uint64_t> sizes;
  if (limit == 0) return sizes;
  bool bad_key = false;
  Status scanned = impl_->store->Scan(
      Column::kCheckpoints, SeqKey(from), [&](std::string_view key, std::string_view) {
        auto size = DecodeSeqKey(key);
        if (!size.ok()) {
          bad_key = true;
          return false;
        }
        sizes.push_back(*size);
        return sizes.size() < limit;
      });
  LEDGER_RETURN_IF_ERROR(scanned);
  if (bad_key) return Error::Corruption("a checkpoint key is not 8 bytes");
  return sizes;
}

}  // namespace ledger
