// RocksDB's info log, noting the file a WAL replay found damaged
// (internal to ledger/store/). RocksDB's open fails with a bare
// "Corruption: checksum mismatch" when a WAL record is damaged; the file
// it was in appears only in its info log ("<file>: dropping N bytes; …").
// This logger passes every line on to the real info log (none for
// read-only opens, which write no LOG file) and keeps the first such line,
// so that the open's error can name the file.
#pragma once

#include <cstdarg>
#include <memory>
#include <mutex>
#include <string>

#include <rocksdb/env.h>

namespace ledger {

class DamageNotingLogger final : public rocksdb::Logger {
 public:
  // `base` may be null: lines are then only looked at, not kept.
  explicit DamageNotingLogger(std::shared_ptr<rocksdb::Logger> base);

  void Logv(const char* format, va_list ap) override;
  void Logv(rocksdb::InfoLogLevel level, const char* format, va_list ap) override;
  void Flush() override;

  // The first "<file>: dropping …" line, or "".
  std::string damage() const;

 private:
  rocksdb::Status CloseImpl() override;

  std::shared_ptr<rocksdb::Logger> base_;
  mutable std::mutex mu_;
  std::string damage_;  // guarded by mu_
};

}  // namespace ledger
