// A state held in memory (internal): the base of a Model and of the unit
// tests of the rules. Accepted overlays are committed into it.
#pragma once

#include <map>
#include <string>

#include "ledger/domain/kv.hpp"

namespace ledger {

class MemoryKv final : public KvReader {
 public:
  Result<std::optional<std::string>> Get(Space space, std::string_view key) const override;
  Result<std::vector<std::optional<std::string>>> MultiGet(
      Space space, std::span<const std::string> keys) const override;
  Status Scan(Space space, std::string_view from, std::string_view to, const KvVisitor& visit) const override;
  Result<std::optional<PostedEvent>> Posted(Seq seq) const override;

  // Makes `overlay`'s changes and posted events part of this state.
  void Commit(const Overlay& overlay);
  const std::map<std::pair<Space, std::string>, std::string>& data() const { return data_; }

 private:
  std::map<std::pair<Space, std::string>, std::string> data_;
  std::map<Seq, PostedEvent> posted_;
};

}  // namespace ledger
