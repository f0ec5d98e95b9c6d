#include "ledger/store/damage_logger.hpp"

#include <cstdio>
#include <string_view>

namespace ledger {
namespace {

// What RocksDB's WAL recovery logs when it meets a damaged record.
constexpr const char* kDroppingMark = ": dropping ";

}  // namespace

DamageNotingLogger::DamageNotingLogger(std::shared_ptr<rocksdb::Logger> base)
    : rocksdb::Logger(base ? base->GetInfoLogLevel() : rocksdb::InfoLogLevel::WARN_LEVEL),
      base_(std::move(base)) {}

void DamageNotingLogger::Logv(const char* format, va_list ap) {
  Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap);
}

void DamageNotingLogger::Logv(rocksdb::InfoLogLevel level, const char* format, va_list ap) {
  if (level >= rocksdb::InfoLogLevel::WARN_LEVEL) {
    char line[1024];
    va_list copy;
    va_copy(copy, ap);
    std::vsnprintf(line, sizeof line, format, copy);
    va_end(copy);
    std::string_view text(line);
    if (text.find(kDroppingMark) != std::string_view::npos) {
      // Without RocksDB's "[source file:line] " prefix.
      if (text.starts_with('[')) {
        if (const auto end = text.find("] "); end != std::string_view::npos) text.remove_prefix(end + 2);
      }
      std::lock_guard lock(mu_);
      if (damage_.empty()) damage_ = text;  // the first: the damage the open failed on
    }
  }
  if (base_) base_->Logv(level, format, ap);
}

void DamageNotingLogger::Flush() {
  if (base_) base_->Flush();
}

std::string DamageNotingLogger::damage() const {
  std::lock_guard lock(mu_);
  return damage_;
}

rocksdb::Status DamageNotingLogger::CloseImpl() {
  return base_ ? base_->Close() : rocksdb::Status::OK();
}

}  // namespace ledger
