// Writing canonical JSON (RFC 8785) straight into a string, member by
// member, without building a tree: the event bodies, the log's envelopes
// and the signed bytes. The caller names members in canonical order (by
// UTF-16 code units; every member name here is ASCII, so byte order); a
// member out of order is our bug and stops the process. Internal.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/canonical_json.hpp"
#include "ledger/status.hpp"

namespace ledger {

class CanonicalObject {
 public:
  explicit CanonicalObject(std::string& out) : out_(out) { out_ += '{'; }
  ~CanonicalObject() { out_ += '}'; }
  CanonicalObject(const CanonicalObject&) = delete;
  CanonicalObject& operator=(const CanonicalObject&) = delete;

  CanonicalObject& String(std::string_view name, std::string_view value) {
    Name(name);
    AppendCanonicalString(value, out_);
    return *this;
  }
  CanonicalObject& Integer(std::string_view name, int64_t value) {
    Name(name);
    char text[24];
    auto [end, ec] = std::to_chars(text, text + sizeof text, value);
    LEDGER_CHECK(ec == std::errc());
    out_.append(text, end);
    return *this;
  }
  CanonicalObject& Bool(std::string_view name, bool value) {
    Name(name);
    out_ += value ? "true" : "false";
    return *this;
  }
  // A member whose value is already canonical bytes.
  CanonicalObject& Raw(std::string_view name, std::string_view canonical) {
    Name(name);
    out_.append(canonical);
    return *this;
  }
  // A nested object, filled by `fill(CanonicalObject&)`.
  template <class Fill>
  CanonicalObject& Object(std::string_view name, Fill&& fill) {
    Name(name);
    CanonicalObject inner(out_);
    fill(inner);
    return *this;
  }
  // An array whose elements `fill(std::string& out)` appends, each with
  // Element() before it.
  template <class Fill>
  CanonicalObject& Array(std::string_view name, Fill&& fill) {
    Name(name);
    out_ += '[';
    first_element_ = true;
    fill(*this);
    out_ += ']';
    return *this;
  }
  // Before each element of Array(): the separator. Returns the output.
  std::string& Element() {
    if (!first_element_) out_ += ',';
    first_element_ = false;
    return out_;
  }
  // An element of Array() that is an object, filled by `fill(CanonicalObject&)`.
  template <class Fill>
  void ElementObject(Fill&& fill) {
    Element();
    CanonicalObject inner(out_);
    fill(inner);
  }

 private:
  void Name(std::string_view name) {
    LEDGER_CHECK_MSG(first_ || last_ < name, "canonical members out of order: " + std::string(name));
    if (!first_) out_ += ',';
    first_ = false;
    last_ = name;
    AppendCanonicalString(name, out_);
    out_ += ':';
  }

  std::string& out_;
  std::string_view last_;
  bool first_ = true;
  bool first_element_ = true;
};

}  // namespace ledger
