// The state as the rules see it: keys and values in two spaces, read from
// whatever lies below (the store, a scratch store, a map in a test) through
// an overlay that holds what the events being decided changed. A refused
// event or batch drops its overlay; an accepted one merges into the one
// below, and the group's overlay is written in the WriteBatch of its
// events. Internal to the library; no I/O here.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/events.hpp"
#include "ledger/status.hpp"

namespace ledger {

// kState holds every record of the state and read models; kIdem the idem
// records, whose layout docs/log-format.md documents.
enum class Space : uint8_t { kState, kIdem };

// An event already decided, as a reversal needs to see it again.
struct PostedEvent {
  Seq seq;
  OrgId org;
  std::string ts;
  Event event;
};

using KvVisitor = std::function<bool(std::string_view key, std::string_view value)>;

class KvReader {
 public:
  virtual ~KvReader() = default;
  virtual Result<std::optional<std::string>> Get(Space space, std::string_view key) const = 0;
  // One answer per key, in order.
  virtual Result<std::vector<std::optional<std::string>>> MultiGet(
      Space space, std::span<const std::string> keys) const = 0;
  // Keys in [from, to) in order (to empty: no end), until `visit` says stop.
  virtual Status Scan(Space space, std::string_view from, std::string_view to,
                      const KvVisitor& visit) const = 0;
  // An event of the log before the one being decided, or nullopt past the end.
  virtual Result<std::optional<PostedEvent>> Posted(Seq seq) const = 0;
};

// Changes over a KvReader. Reads see the changes first. Not thread-safe.
class Overlay final : public KvReader {
 public:
  // `keep_posted` false: events added are not kept for reversals (every
  // one is in the log already: a catch-up).
  // `below` by pointer, so that an overlay over another is never taken for
  // a copy of it.
  explicit Overlay(const KvReader* below, bool keep_posted = true) : below_(below), keep_posted_(keep_posted) {}
  Overlay(const Overlay&) = delete;
  Overlay& operator=(const Overlay&) = delete;

  Result<std::optional<std::string>> Get(Space space, std::string_view key) const override;
  Result<std::vector<std::optional<std::string>>> MultiGet(
      Space space, std::span<const std::string> keys) const override;
  Status Scan(Space space, std::string_view from, std::string_view to,
              const KvVisitor& visit) const override;
  Result<std::optional<PostedEvent>> Posted(Seq seq) const override;

  void Put(Space space, std::string key, std::string value);
  void Delete(Space space, std::string key);
  // An event decided here, for reversals later in the batch or group.
  void AddPosted(PostedEvent event);

  // Moves every change into `parent`, which must be the overlay below.
  void MergeInto(Overlay& parent) &&;
  // Reads through `below` from now on: the caller has made everything the
  // old one held visible in it (the ledger's writer, once the group below
  // this one is in the store).
  void Rebase(const KvReader* below) { below_ = below; }
  // Every change in key order: value, or null for a delete.
  void ForEachChange(const std::function<void(Space, std::string_view key, const std::string* value)>& f) const;
  void ForEachPosted(const std::function<void(const PostedEvent&)>& f) const {
    for (const auto& [seq, event] : posted_) f(event);
  }
  std::size_t change_count() const { return changes_.size(); }
  bool empty() const { return changes_.empty() && posted_.empty(); }

 private:
  using Key = std::pair<Space, std::string>;
  struct Less {
    using is_transparent = void;
    bool operator()(const Key& a, const Key& b) const { return a < b; }
    bool operator()(const Key& a, const std::pair<Space, std::string_view>& b) const {
      return a.first != b.first ? a.first < b.first : std::string_view(a.second) < b.second;
    }
    bool operator()(const std::pair<Space, std::string_view>& a, const Key& b) const {
      return a.first != b.first ? a.first < b.first : a.second < std::string_view(b.second);
    }
  };

  const KvReader* below_;
  const bool keep_posted_;
  std::map<Key, std::optional<std::string>, Less> changes_;
  std::map<Seq, PostedEvent> posted_;
};

}  // namespace ledger
