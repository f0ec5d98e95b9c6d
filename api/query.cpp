#include "query.hpp"

#include <algorithm>

namespace ledger::api {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    int high = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
    int low = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
    if (high < 0 || low < 0)
      return Error::Invalid("query", "bad percent-escape at offset " + std::to_string(i));
    out.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return out;
}

}  // namespace

Result<QueryParams> QueryParams::Parse(std::string_view query) {
  QueryParams result;
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;  // "a=1&&b=2": tolerated, as browsers do
    std::size_t eq = pair.find('=');
    auto name = PercentDecode(pair.substr(0, eq));
    if (!name) return name.error();
    auto value = PercentDecode(eq == std::string_view::npos ? std::string_view{}
                                                            : pair.substr(eq + 1));
    if (!value) return value.error();
    result.params_.emplace_back(std::move(*name), std::move(*value));
  }
  return result;
}

Status QueryParams::Check(std::initializer_list<std::string_view> allowed) const {
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const std::string& name = params_[i].first;
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
      return Error::Invalid(name, "unknown query parameter");
    for (std::size_t j = 0; j < i; ++j)
      if (params_[j].first == name) return Error::Invalid(name, "given more than once");
  }
  return Status::Ok();
}

Result<std::optional<std::string>> QueryParams::Text(std::string_view name) const {
  std::optional<std::string> found;
  for (const auto& [key, value] : params_) {
    if (key != name) continue;
    if (found) return Error::Invalid(std::string(name), "given more than once");
    found = value;
  }
  return found;
}

Result<std::optional<uint64_t>> QueryParams::Uint(std::string_view name) const {
  auto found = Text(name);
  if (!found) return found.error();
  if (!*found) return std::optional<uint64_t>{};
  auto number = ParseDecimal(name, **found);
  if (!number) return number.error();
  return std::optional<uint64_t>{*number};
}

Result<Target> ParseTarget(std::string_view target) {
  if (target.empty() || target.front() != '/')
    return Error::Invalid("target", "must be a path starting with '/'");
  std::size_t question = target.find('?');
  Target result;
  result.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) {
    auto query = QueryParams::Parse(target.substr(question + 1));
    if (!query) return query.error();
    result.query = std::move(*query);
  }
  return result;
}

Result<uint64_t> ParseDecimal(std::string_view field, std::string_view text) {
  const std::string name(field);
  if (text.empty()) return Error::Invalid(name, "must be a decimal integer, got nothing");
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return Error::Invalid(name, "must be a decimal integer (digits only, no sign)");
  if (text.size() > 1 && text.front() == '0')
    return Error::Invalid(name, "must not have a leading zero");
  uint64_t value = 0;
  for (char c : text) {
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (kMaxParamValue - digit) / 10)
      return Error::Invalid(name, "must be at most " + std::to_string(kMaxParamValue));
    value = value * 10 + digit;
  }
  return value;
}

}  // namespace ledger::api
