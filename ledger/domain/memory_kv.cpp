#include "ledger/domain/memory_kv.hpp"

namespace ledger {

Result<std::optional<std::string>> MemoryKv::Get(Space space, std::string_view key) const {
  auto it = data_.find({space, std::string(key)});
  if (it == data_.end()) return std::optional<std::string>();
  return std::optional<std::string>(it->second);
}

Result<std::vector<std::optional<std::string>>> MemoryKv::MultiGet(Space space,
                                                                   std::span<const std::string> keys) const {
  std::vector<std::optional<std::string>> out;
  for (const std::string& key : keys) {
    LEDGER_ASSIGN_OR_RETURN(auto value, Get(space, key));
    out.push_back(std::move(value));
  }
  return out;
}

Status MemoryKv::Scan(Space space, std::string_view from, std::string_view to, const KvVisitor& visit) const {
  for (auto it = data_.lower_bound({space, std::string(from)});
       it != data_.end() && it->first.first == space && (to.empty() || it->first.second < to); ++it)
    if (!visit(it->first.second, it->second)) break;
  return Status::Ok();
}

Result<std::optional<PostedEvent>> MemoryKv::Posted(Seq seq) const {
  auto it = posted_.find(seq);
  if (it == posted_.end()) return std::optional<PostedEvent>();
  return std::optional<PostedEvent>(it->second);
}

void MemoryKv::Commit(const Overlay& overlay) {
  overlay.ForEachChange([this](Space space, std::string_view key, const std::string* value) {
    if (value) data_[{space, std::string(key)}] = *value;
    else data_.erase({space, std::string(key)});
  });
  overlay.ForEachPosted([this](const PostedEvent& event) { posted_.insert_or_assign(event.seq, event); });
}

}  // namespace ledger
