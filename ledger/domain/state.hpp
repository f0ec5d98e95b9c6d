// Typed reads and writes of the state's records (records.hpp) through an
// overlay: what the rules see. Reads fail only when the store does (I/O)
// or holds a record that does not decode (corruption). Internal.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/domain/kv.hpp"
#include "ledger/domain/records.hpp"

namespace ledger {

class State {
 public:
  explicit State(Overlay& kv) : kv_(kv) {}

  template <class R>
  Result<std::optional<R>> Find(const std::string& key, Space space = Space::kState) const {
    LEDGER_ASSIGN_OR_RETURN(std::optional<std::string> bytes, kv_.Get(space, key));
    if (!bytes) return std::optional<R>();
    R record;
    LEDGER_RETURN_IF_ERROR(Decode(*bytes, key, record));
    return std::optional<R>(std::move(record));
  }

  // A record the state must hold: its absence is corruption.
  template <class R>
  Result<R> Need(const std::string& key) const {
    LEDGER_ASSIGN_OR_RETURN(std::optional<R> record, Find<R>(key));
    if (!record) return Error::Corruption("state record " + Printable(key) + " is missing");
    return std::move(*record);
  }

  template <class R>
  void Put(std::string key, const R& record, Space space = Space::kState) {
    std::string bytes;
    Encode(record, bytes);
    kv_.Put(space, std::move(key), std::move(bytes));
  }
  void PutRaw(std::string key, std::string value) { kv_.Put(Space::kState, std::move(key), std::move(value)); }
  void Delete(std::string key) { kv_.Delete(Space::kState, std::move(key)); }

  // Records whose keys start with `prefix`, from `from` (a full key; empty:
  // the first), in key order, until `visit` returns false.
  template <class R>
  Status Scan(std::string_view prefix, std::string_view from,
              const std::function<bool(std::string_view key, const R& record)>& visit) const {
    Status failed = Status::Ok();
    const std::string start = from.empty() ? std::string(prefix) : std::string(from);
    LEDGER_RETURN_IF_ERROR(kv_.Scan(Space::kState, start, keys::End(prefix),
                                    [&](std::string_view key, std::string_view value) {
                                      R record;
                                      if (Status s = Decode(value, key, record); !s.ok()) {
                                        failed = s;
                                        return false;
                                      }
                                      return visit(key, record);
                                    }));
    return failed;
  }

  Overlay& kv() { return kv_; }
  const Overlay& kv() const { return kv_; }

  // A key with its non-printable bytes as \xNN, for messages.
  static std::string Printable(std::string_view key);

 private:
  Overlay& kv_;
};

}  // namespace ledger
