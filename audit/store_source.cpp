#include "store_source.hpp"

#include <filesystem>

#include "ledger/store.hpp"

namespace ledger::audit {
namespace {

class StoreSource final : public Source {
 public:
  StoreSource(std::string dir, std::unique_ptr<Store> store)
      : dir_(std::move(dir)), store_(std::move(store)) {}

  std::string Describe() const override { return "data:" + dir_; }

  // As many events as the highest key says: a gap below it is the
  // auditor's to name.
  Result<uint64_t> Size() override {
    auto last = store_->LastKey(Column::kEvents);
    if (!last.ok()) return last.error();
    if (!*last) return uint64_t{0};
    auto seq = DecodeSeqKey(**last);
    if (!seq.ok()) return seq.error();
    return *seq + 1;
  }

  Result<std::vector<SourceEvent>> ReadEvents(uint64_t from, std::size_t limit) override {
    std::vector<SourceEvent> out;
    Status bad = Status::Ok();
    LEDGER_RETURN_IF_ERROR(store_->Scan(Column::kEvents, SeqKey(from),
                                        [&](std::string_view key, std::string_view value) {
                                          auto seq = DecodeSeqKey(key);
                                          if (!seq.ok()) {
                                            bad = seq.error();
                                            return false;
                                          }
                                          out.push_back({*seq, std::string(value)});
                                          return out.size() < limit;
                                        }));
    if (!bad.ok()) return bad.error();
    return out;
  }

  Result<std::string> ReadEvent(uint64_t seq) override {
    auto value = store_->Get(Column::kEvents, SeqKey(seq));
    if (!value.ok()) return value.error();
    if (!*value) return Error::NotFound("event " + std::to_string(seq) + " is not in the store");
    return std::move(**value);
  }

  Result<std::vector<uint64_t>> CheckpointSizes() override {
    std::vector<uint64_t> sizes;
    Status bad = Status::Ok();
    LEDGER_RETURN_IF_ERROR(store_->Scan(Column::kCheckpoints, "", [&](std::string_view key, std::string_view) {
      auto size = DecodeSeqKey(key);
      if (!size.ok()) bad = size.error();
      else sizes.push_back(*size);
      return size.ok();
    }));
    if (!bad.ok()) return bad.error();
    return sizes;
  }

  Result<std::vector<std::string>> CheckpointNotes(uint64_t size) override {
    auto value = store_->Get(Column::kCheckpoints, SeqKey(size));
    if (!value.ok()) return value.error();
    std::vector<std::string> notes;
    if (*value) notes.push_back(std::move(**value));
    return notes;
  }

  const Store* store() const override { return store_.get(); }

 private:
  std::string dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace

Result<std::unique_ptr<Source>> OpenStoreSource(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    return Error::Invalid("data", dir + " is not a directory");
  auto store = Store::Open({.dir = dir, .create_if_missing = false, .read_only = true, .sequential = true});
  if (!store.ok()) return store.error();
  return std::unique_ptr<Source>(new StoreSource(dir, std::move(*store)));
}

}  // namespace ledger::audit
