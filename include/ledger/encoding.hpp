// Byte encodings used in the contracts: lower-case hex for hashes in JSON,
// standard base64 (RFC 4648 §4, with padding) for keys, roots and signatures.
// Decoders are strict: they refuse anything a conforming encoder would not
// have produced, so that two different strings never decode to one value.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/status.hpp"

namespace ledger {

using Bytes = std::vector<uint8_t>;

std::string HexEncode(std::span<const uint8_t> bytes);
// Lower-case hex only, even length.
Result<Bytes> HexDecode(std::string_view hex);

std::string Base64Encode(std::span<const uint8_t> bytes);
// Standard alphabet, padded, no whitespace, zero unused bits.
Result<Bytes> Base64Decode(std::string_view text);

// A seq (or any counter) as 8 bytes big-endian, so that keys sort as
// numbers; and back (kCorruption unless exactly 8 bytes).
std::string SeqKey(uint64_t seq);
Result<uint64_t> DecodeSeqKey(std::string_view key);

inline std::span<const uint8_t> AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace ledger
