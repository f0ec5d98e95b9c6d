// The binary form of the state's records (internal): varints, zigzag
// integers and length-prefixed strings, written and read in a fixed order
// per record. Compact and cheap to decode on the writer thread; never seen
// outside the store (the API serves JSON built from the decoded records).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "ledger/status.hpp"

namespace ledger {

class BinaryWriter {
 public:
  explicit BinaryWriter(std::string& out) : out_(out) {}

  BinaryWriter& U8(uint8_t v) {
    out_.push_back(static_cast<char>(v));
    return *this;
  }
  BinaryWriter& Bool(bool v) { return U8(v ? 1 : 0); }
  BinaryWriter& Varint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
    return *this;
  }
  // Signed, zigzag-encoded: small magnitudes stay small either way.
  BinaryWriter& Signed(int64_t v) {
    return Varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
  }
  BinaryWriter& Int128(__int128 v) {
    Signed(static_cast<int64_t>(v >> 64));
    return Varint(static_cast<uint64_t>(v));
  }
  BinaryWriter& String(std::string_view s) {
    Varint(s.size());
    out_.append(s);
    return *this;
  }
  BinaryWriter& Fixed(std::string_view bytes) {  // a known length: hashes
    out_.append(bytes);
    return *this;
  }

 private:
  std::string& out_;
};

// Reads what BinaryWriter wrote, in the same order. A short or malformed
// input sets ok() false and yields zeros from then on; the caller checks
// Finish() once at the end.
class BinaryReader {
 public:
  explicit BinaryReader(std::string_view in) : in_(in) {}

  uint8_t U8() {
    if (pos_ >= in_.size()) return Bad(), 0;
    return static_cast<uint8_t>(in_[pos_++]);
  }
  bool Bool() { return U8() != 0; }
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const uint8_t byte = U8();
      if (!ok_) return 0;
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return v;
    }
    return Bad(), 0;
  }
  int64_t Signed() {
    const uint64_t z = Varint();
    return static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
  }
  __int128 Int128() {
    const __int128 high = Signed();
    const uint64_t low = Varint();
    return static_cast<__int128>(static_cast<unsigned __int128>(high) << 64) | low;
  }
  std::string String() { return std::string(View()); }
  std::string_view View() {
    const uint64_t size = Varint();
    if (!ok_ || size > in_.size() - pos_) return Bad(), std::string_view();
    std::string_view s = in_.substr(pos_, size);
    pos_ += size;
    return s;
  }
  std::string_view Fixed(std::size_t size) {
    if (size > in_.size() - pos_) return Bad(), std::string_view();
    std::string_view s = in_.substr(pos_, size);
    pos_ += size;
    return s;
  }

  bool ok() const { return ok_; }
  // A value read was out of its range: the record is corrupt.
  void Invalidate() { ok_ = false; }
  // Ok when everything was read and nothing is left over; else corruption
  // naming `what` (a record's key).
  Status Finish(std::string_view what) const {
    if (ok_ && pos_ == in_.size()) return Status::Ok();
    return Error::Corruption("state record " + std::string(what) + " is malformed");
  }

 private:
  void Bad() { ok_ = false; }
  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace ledger
