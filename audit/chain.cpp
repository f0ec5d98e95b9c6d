#include "chain.hpp"

#include "ledger/encoding.hpp"

namespace ledger::audit {
namespace {

// A cursor over JSON text that skips values without building them. It
// needs only to find where each value ends; what a value holds is the
// strict parser's business in a full audit.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool Eat(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  // A string's contents (escapes left as they are); false if not a string.
  bool String(std::string_view& out) {
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != '"') return false;
    const std::size_t start = ++pos_;
    while (pos_ < text_.size() && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
    if (pos_ >= text_.size()) return false;
    out = text_.substr(start, pos_ - start);
    ++pos_;
    return true;
  }
  bool Digits(uint64_t& out) {
    SkipSpace();
    const std::size_t start = pos_;
    out = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      if (pos_ - start >= 16) return false;  // seqs stay below 2^53
      out = out * 10 + static_cast<uint64_t>(text_[pos_++] - '0');
    }
    return pos_ > start && (pos_ - start == 1 || text_[start] != '0');
  }
  // Skips one value of any kind.
  bool SkipValue() {
    SkipSpace();
    if (pos_ >= text_.size()) return false;
    std::string_view ignored;
    if (text_[pos_] == '"') return String(ignored);
    if (text_[pos_] != '{' && text_[pos_] != '[') {
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' && text_[pos_] != ']')
        ++pos_;
      return true;
    }
    std::size_t depth = 0;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '"') {
        if (!String(ignored)) return false;
        continue;
      }
      ++pos_;
      if (c == '{' || c == '[') ++depth;
      if ((c == '}' || c == ']') && --depth == 0) return true;
    }
    return false;
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\t' || text_[pos_] == '\r'))
      ++pos_;
  }
  std::string_view text_;
  std::size_t pos_ = 0;
};

std::string HexOf(const Hash& hash) { return HexEncode(hash); }

// Whether `hex` is the lower-case hex of `hash`, without building a string
// per event (this runs once per event of a chain audit).
bool PrevIs(std::string_view hex, const Hash& hash) {
  static constexpr char kDigits[] = "0123456789abcdef";
  if (hex.size() != 2 * hash.size()) return false;
  for (std::size_t i = 0; i < hash.size(); ++i)
    if (hex[2 * i] != kDigits[hash[i] >> 4] || hex[2 * i + 1] != kDigits[hash[i] & 15]) return false;
  return true;
}

}  // namespace

Result<Envelope> ScanEnvelope(std::string_view bytes) {
  Scanner scan(bytes);
  if (!scan.Eat('{')) return Error::Invalid("", "the event is not a JSON object");
  Envelope out;
  bool have_seq = false, have_prev = false;
  if (!scan.Eat('}')) {
    do {
      std::string_view name;
      if (!scan.String(name) || !scan.Eat(':')) return Error::Invalid("", "the event is not valid JSON");
      if (name == "seq") {
        if (have_seq) return Error::Invalid("seq", "appears twice");
        if (!scan.Digits(out.seq)) return Error::Invalid("seq", "is not a non-negative integer");
        have_seq = true;
      } else if (name == "prev") {
        if (have_prev) return Error::Invalid("prev", "appears twice");
        if (!scan.String(out.prev)) return Error::Invalid("prev", "is not a string");
        have_prev = true;
      } else if (!scan.SkipValue()) {
        return Error::Invalid("", "the event is not valid JSON");
      }
    } while (scan.Eat(','));
    if (!scan.Eat('}')) return Error::Invalid("", "the event is not valid JSON");
  }
  if (!have_seq) return Error::Invalid("seq", "is missing");
  if (!have_prev) return Error::Invalid("prev", "is missing");
  return out;
}

Status ChainChecker::Append(uint64_t key, std::string_view bytes) {
  const uint64_t expected = size();
  if (key != expected)
    return Error::Invalid("seq", "event " + std::to_string(expected) +
                                     " is missing: the log goes on at " + std::to_string(key));
  auto envelope = ScanEnvelope(bytes);
  if (!envelope.ok()) return envelope.error();
  if (envelope->seq != expected)
    return Error::Invalid("seq", "the event kept as seq " + std::to_string(expected) +
                                     " says it is seq " + std::to_string(envelope->seq));
  if (!PrevIs(envelope->prev, LastLeaf()))
    return Error::Invalid("prev", "prev is " + std::string(envelope->prev.substr(0, 80)) +
                                      " but the leaf hash of the event before is " + HexOf(LastLeaf()));
  const Hash leaf = LeafHash(bytes);
  last_leaf_ = leaf;
  frontier_.Append(leaf, [](NodeId, const Hash&) {});
  return Status::Ok();
}

}  // namespace ledger::audit
