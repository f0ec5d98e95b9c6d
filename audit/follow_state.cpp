// The --follow state file (follow.hpp): canonical JSON, replaced atomically
// and durably on every advancing run, checked member by member on load.
#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>

#include "file_io.hpp"
#include "follow.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/crypto.hpp"
#include "ledger/encoding.hpp"

namespace ledger::audit {
namespace {

Json StateJson(const FollowState& state) {
  return {{"format", kFollowStateFormat}, {"url", state.url},     {"log_key", state.log_key},
          {"size", state.size},           {"root", HexEncode(state.root)},
          {"checkpoint", state.checkpoint}, {"mirror", state.mirror},
          {"mirror_bytes", state.mirror_bytes}};
}

Result<FollowState> StateFromJson(const Json& json, const std::string& path) {
  auto bad = [&path](const std::string& what) {
    return Error::Invalid("state", path + ": " + what);
  };
  if (!json.is_object()) return bad("not a JSON object");
  auto text = [&json](const char* name) -> const Json* {
    auto it = json.find(name);
    return it != json.end() && it->is_string() ? &*it : nullptr;
  };
  auto number = [&json](const char* name) -> const Json* {
    auto it = json.find(name);
    return it != json.end() && it->is_number_unsigned() ? &*it : nullptr;
  };
  const Json* format = text("format");
  if (!format || *format != kFollowStateFormat)
    return bad("\"format\" is not \"" + std::string(kFollowStateFormat) + "\"");
  for (const char* name : {"url", "log_key", "root", "checkpoint", "mirror"})
    if (!text(name)) return bad(std::string("\"") + name + "\" is missing or not a string");
  for (const char* name : {"size", "mirror_bytes"})
    if (!number(name)) return bad(std::string("\"") + name + "\" is missing or not a non-negative integer");
  FollowState state;
  state.url = text("url")->get<std::string>();
  state.log_key = text("log_key")->get<std::string>();
  state.size = number("size")->get<uint64_t>();
  state.checkpoint = text("checkpoint")->get<std::string>();
  state.mirror = text("mirror")->get<std::string>();
  state.mirror_bytes = number("mirror_bytes")->get<uint64_t>();
  Result<Bytes> root = HexDecode(text("root")->get<std::string>());
  if (!root.ok() || root->size() != state.root.size()) return bad("\"root\" is not 64 hex digits");
  std::copy(root->begin(), root->end(), state.root.begin());
  if (state.size == 0) return bad("\"size\" is 0: a verified ledger holds its genesis event");
  return state;
}

}  // namespace

Result<std::optional<FollowState>> LoadFollowState(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    if (error) return Error::Io("cannot look for " + path + ": " + error.message());
    return std::optional<FollowState>();
  }
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.error();
  Result<Json> json = ParseStrict(*text);
  if (!json.ok()) return Error::Invalid("state", path + ": " + json.error().ToString());
  Result<FollowState> state = StateFromJson(*json, path);
  if (!state.ok()) return state.error();
  return std::optional<FollowState>(std::move(*state));
}


Status SaveFollowState(const std::string& path, const FollowState& state) {
  Result<std::string> text = Canonicalize(StateJson(state));
  if (!text.ok()) return text.error();
  return ReplaceFile(path, path + ".tmp", *text + "\n", kAuditFileMode);
}

}  // namespace ledger::audit
