#include "ledger/domain/kv.hpp"

namespace ledger {

Result<std::optional<std::string>> Overlay::Get(Space space, std::string_view key) const {
  if (auto it = changes_.find(std::pair(space, key)); it != changes_.end()) return it->second;
  return below_->Get(space, key);
}

Result<std::vector<std::optional<std::string>>> Overlay::MultiGet(
    Space space, std::span<const std::string> keys) const {
  std::vector<std::optional<std::string>> out(keys.size());
  std::vector<std::string> missing;
  std::vector<std::size_t> missing_at;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (auto it = changes_.find(std::pair(space, std::string_view(keys[i]))); it != changes_.end()) {
      out[i] = it->second;
    } else {
      missing.push_back(keys[i]);
      missing_at.push_back(i);
    }
  }
  if (missing.empty()) return out;
  LEDGER_ASSIGN_OR_RETURN(auto below, below_->MultiGet(space, missing));
  for (std::size_t j = 0; j < missing.size(); ++j) out[missing_at[j]] = std::move(below[j]);
  return out;
}

Status Overlay::Scan(Space space, std::string_view from, std::string_view to,
                     const KvVisitor& visit) const {
  auto it = changes_.lower_bound(std::pair(space, from));
  auto in_range = [&] {
    return it != changes_.end() && it->first.first == space &&
           (to.empty() || std::string_view(it->first.second) < to);
  };
  bool stopped = false;
  // Changes before `key` (all of them when null), in order; false to stop.
  auto emit_changes_before = [&](const std::string_view* key) {
    for (; in_range() && (!key || std::string_view(it->first.second) < *key); ++it) {
      if (it->second && !visit(it->first.second, *it->second)) {
        stopped = true;
        return false;
      }
    }
    return true;
  };
  Status scanned = below_->Scan(space, from, to, [&](std::string_view key, std::string_view value) {
    if (!emit_changes_before(&key)) return false;
    if (in_range() && std::string_view(it->first.second) == key) {  // changed here
      const std::optional<std::string>& changed = it->second;
      ++it;
      if (changed && !visit(key, *changed)) return !(stopped = true);
      return true;
    }
    if (!visit(key, value)) return !(stopped = true);
    return true;
  });
  LEDGER_RETURN_IF_ERROR(scanned);
  if (!stopped) emit_changes_before(nullptr);
  return Status::Ok();
}

Result<std::optional<PostedEvent>> Overlay::Posted(Seq seq) const {
  if (auto it = posted_.find(seq); it != posted_.end()) return std::optional<PostedEvent>(it->second);
  return below_->Posted(seq);
}

void Overlay::Put(Space space, std::string key, std::string value) {
  changes_.insert_or_assign(Key(space, std::move(key)), std::move(value));
}

void Overlay::Delete(Space space, std::string key) {
  changes_.insert_or_assign(Key(space, std::move(key)), std::nullopt);
}

void Overlay::AddPosted(PostedEvent event) {
  if (!keep_posted_) return;
  const Seq seq = event.seq;
  posted_.insert_or_assign(seq, std::move(event));
}

void Overlay::MergeInto(Overlay& parent) && {
  LEDGER_CHECK_MSG(&parent == below_, "an overlay merges into the one below it");
  for (auto& [key, value] : changes_) parent.changes_.insert_or_assign(key, std::move(value));
  for (auto& [seq, event] : posted_) parent.posted_.insert_or_assign(seq, std::move(event));
  changes_.clear();
  posted_.clear();
}

void Overlay::ForEachChange(
    const std::function<void(Space, std::string_view, const std::string*)>& f) const {
  for (const auto& [key, value] : changes_) f(key.first, key.second, value ? &*value : nullptr);
}

}  // namespace ledger
