// Tile paths: "<L>/<N>[.p/<W>]" with N in 3-digit elements (C2SP tlog-tiles).
#include <array>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "ledger/tiles.hpp"

namespace ledger {
namespace {

constexpr std::string_view kEntries = "entries";
constexpr std::string_view kPartialSuffix = ".p";
constexpr uint64_t kMaxUint64 = std::numeric_limits<uint64_t>::max();

std::vector<std::string_view> SplitSlashes(std::string_view text) {
  std::vector<std::string_view> parts;
  while (true) {
    const std::size_t slash = text.find('/');
    parts.push_back(text.substr(0, slash));
    if (slash == std::string_view::npos) return parts;
    text.remove_prefix(slash + 1);
  }
}

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

// Built by appending: GCC 12 warns falsely (-Wrestrict) on "literal" + string.
std::string Quoted(std::string_view segment) {
  std::string quoted = "\"";
  quoted.append(segment).append("\"");
  return quoted;
}

// A small decimal without leading zeros, at most `max`.
Result<uint64_t> SmallDecimal(std::string_view text, uint64_t min, uint64_t max,
                              const char* field, const char* what) {
  std::string range = " must be ";
  range.append(what).append(" from ").append(std::to_string(min)).append(" to ");
  range.append(std::to_string(max)).append(" without leading zeros");
  if (!AllDigits(text) || text.size() > 3 || (text.size() > 1 && text[0] == '0'))
    return Error::Invalid(field, Quoted(text) + range);
  uint64_t value = 0;
  for (char c : text) value = value * 10 + static_cast<uint64_t>(c - '0');
  if (value < min || value > max) return Error::Invalid(field, Quoted(text) + range);
  return value;
}

Result<uint64_t> ParseIndex(std::span<const std::string_view> elements) {
  if (elements.empty() || elements.size() > kMaxTileIndexElements)
    return Error::Invalid("index", "a tile index takes 1 to " +
                                       std::to_string(kMaxTileIndexElements) + " path elements, not " +
                                       std::to_string(elements.size()));
  uint64_t index = 0;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    std::string_view digits = elements[i];
    const bool last = i + 1 == elements.size();
    if (!last) {
      if (digits.empty() || digits[0] != 'x')
        return Error::Invalid("index", Quoted(digits) + " must be 'x' and 3 digits (all but the last element)");
      digits.remove_prefix(1);
    }
    if (digits.size() != 3 || !AllDigits(digits))
      return Error::Invalid("index", Quoted(elements[i]) + " must be " +
                                         (last ? "3 digits" : "'x' and 3 digits"));
    const uint64_t group = static_cast<uint64_t>(std::stoul(std::string(digits)));
    if (i == 0 && group == 0 && !last)
      return Error::Invalid("index", Quoted(elements[i]) + ": an index has no leading zero elements");
    if (index > (kMaxUint64 - group) / 1000)
      return Error::Invalid("index", "the index is beyond 2^64 - 1");
    index = index * 1000 + group;
  }
  return index;
}

}  // namespace

std::string TilePath(const TileId& tile) {
  std::string path = "tile/";
  path += tile.entries ? std::string(kEntries) : std::to_string(tile.level);
  std::array<uint16_t, kMaxTileIndexElements> groups{};
  std::size_t count = 0;
  uint64_t rest = tile.index;
  do {
    groups[count++] = static_cast<uint16_t>(rest % 1000);
    rest /= 1000;
  } while (rest != 0);
  for (std::size_t i = count; i-- > 0;) {
    path += i == 0 ? "/" : "/x";
    path += static_cast<char>('0' + groups[i] / 100);
    path += static_cast<char>('0' + groups[i] / 10 % 10);
    path += static_cast<char>('0' + groups[i] % 10);
  }
  if (!tile.full()) path += std::string(kPartialSuffix) + "/" + std::to_string(tile.width);
  return path;
}

Result<TileId> ParseTilePath(std::string_view rest) {
  std::vector<std::string_view> segments = SplitSlashes(rest);
  TileId tile;
  if (segments[0] == kEntries) {
    tile.entries = true;
  } else {
    auto level = SmallDecimal(segments[0], 0, kMaxTileLevel, "level", "a level");
    if (!level) return level.error();
    tile.level = static_cast<uint8_t>(*level);
  }
  std::span<std::string_view> elements(segments.begin() + 1, segments.end());
  const std::size_t n = elements.size();
  if (n >= 2 && elements[n - 2].ends_with(kPartialSuffix)) {
    auto width = SmallDecimal(elements[n - 1], 1, kTileWidth - 1, "width", "a partial tile's width");
    if (!width) return width.error();
    tile.width = static_cast<uint16_t>(*width);
    elements[n - 2].remove_suffix(kPartialSuffix.size());
    elements = elements.first(n - 1);
  }
  auto index = ParseIndex(elements);
  if (!index) return index.error();
  tile.index = *index;
  return tile;
}

}  // namespace ledger
