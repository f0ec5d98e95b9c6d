// The pieces the records' binary codecs share (records.cpp,
// records_public.cpp). Internal.
#pragma once

#include "ledger/codec/binary.hpp"
#include "ledger/domain/records.hpp"

namespace ledger::record_codec {

// The kind in the low bits, lottery money as 4.
inline void Put(BinaryWriter& w, const Restriction& r) {
  w.U8(static_cast<uint8_t>(static_cast<uint8_t>(r.kind) | (r.lottery ? 4 : 0))).String(r.value);
}
inline void Get(BinaryReader& r, Restriction& out) {
  const uint8_t tag = r.U8();
  const uint8_t kind = tag & 3;
  out.value = r.String();
  out.lottery = (tag & 4) != 0;
  out.kind = kind <= 2 ? static_cast<Restriction::Kind>(kind) : Restriction::Kind::kNone;
  if (kind > 2 || tag > 7) r.Invalidate();
}
inline void Put(BinaryWriter& w, Fen f) { w.Signed(f.value); }
inline Fen GetFen(BinaryReader& r) { return Fen(r.Signed()); }
inline void Put(BinaryWriter& w, Seq s) { w.Varint(s.value); }
inline Seq GetSeq(BinaryReader& r) { return Seq(r.Varint()); }

template <class Enum>
Enum GetEnum(BinaryReader& r, Enum last) {
  const uint8_t v = r.U8();
  if (v > static_cast<uint8_t>(last)) r.Invalidate();
  return static_cast<Enum>(v);
}


}  // namespace ledger::record_codec
