// ledgerctl post --url URL --key FILE [--ca FILE] [--timeout SECONDS]: a submission or
// signed batch on stdin, signed (DESIGN.md §3) and posted to URL/v1/events;
// the ledger's answer printed as one line of canonical JSON. A refusal is
// reported from its RFC 9457 problem body, one line per error.
#include <chrono>
#include <ostream>

#include "command.hpp"
#include "http_client.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/crypto.hpp"
#include "ledger/signing.hpp"
#include "ledgerctl.hpp"

namespace ledger::cli {
namespace {

constexpr std::string_view kEventsPath = "/v1/events";
constexpr std::string_view kJsonContentType = "application/json; charset=utf-8";
constexpr int kMaxTimeoutSeconds = 3600;
// Of an answer that is not a problem document, this much is shown.
constexpr std::size_t kMaxShownBodyBytes = 200;

constexpr FlagSpec kPostFlags[] = {
    {"url", "URL", true, "the ledger's base URL: http://HOST[:PORT][/prefix] or https://…"},
    {"ca", "FILE", false, "with https: trust the CA certificate(s) in FILE (PEM) instead of the system's"},
    {"key", "FILE", true, "the org's private key (PKCS#8 PEM)"},
    {"timeout", "SECONDS", false,
     "give up when the whole request takes longer (1 to 3600, default 30)"},
};

Result<std::chrono::seconds> ParseTimeout(const ParsedFlags& flags) {
  if (!flags.Has("timeout"))
    return std::chrono::duration_cast<std::chrono::seconds>(api::kDefaultHttpTimeout);
  const std::string& text = flags.Get("timeout");
  int seconds = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || seconds > kMaxTimeoutSeconds) {
      seconds = 0;
      break;
    }
    seconds = seconds * 10 + (c - '0');
  }
  if (seconds < 1 || seconds > kMaxTimeoutSeconds)
    return Error::Invalid("--timeout", "must be a whole number of seconds from 1 to " +
                                           std::to_string(kMaxTimeoutSeconds) + ", got '" +
                                           text + "'");
  return std::chrono::seconds(seconds);
}

// Stdin's submission or batch, signed, as the canonical bytes to send.
Result<std::string> SignedStdin(std::istream& in, const PrivateKey& key) {
  Result<std::string> text = ReadAllBounded(in);
  if (!text.ok()) return text.error();
  // Events are integer-only JSON; a fraction here could never be appended.
  Result<Json> doc = ParseStrict(*text, NumberMode::kIntegersOnly);
  if (!doc.ok()) return doc.error();
  Result<Json> signed_doc = Sign(std::move(*doc), key);
  if (!signed_doc.ok()) return signed_doc.error();
  return Canonicalize(*signed_doc, NumberMode::kIntegersOnly);
}

// A member of a problem document as text: strings as they are, other
// values as JSON, absent or null as "".
std::string Member(const Json& doc, const char* name) {
  auto it = doc.find(name);
  if (it == doc.end() || it->is_null()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// "events[3].body.amount_fen", "body.amount_fen", "events[3]" or "".
std::string ErrorPlace(const Json& entry) {
  const std::string field = Member(entry, "field");
  const std::string index = Member(entry, "index");
  if (index.empty()) return field;
  return "events[" + index + "]" + (field.empty() ? "" : "." + field);
}

// Anything that is not 2xx: exit 1, with the problem's title, detail and
// errors when the body is one, else the start of the body.
int ReportRefusal(const api::HttpReply& reply, const std::string& where, CommandIo& io) {
  Result<Json> problem = ParseStrict(reply.body, NumberMode::kAny);
  if (!problem.ok() || !problem->is_object()) {
    std::string shown = reply.body.substr(0, kMaxShownBodyBytes);
    for (char& c : shown)
      if (c == '\n' || c == '\r') c = ' ';
    io.err << "ledgerctl post: " << where << ": unexpected answer " << reply.status << " ("
           << (reply.content_type.empty() ? "no content type" : reply.content_type)
           << "): " << shown << "\n";
    return kExitRefused;
  }
  io.err << "ledgerctl post: refused: " << reply.status << " " << Member(*problem, "title")
         << ": " << Member(*problem, "detail") << "\n";
  auto errors = problem->find("errors");
  if (errors != problem->end() && errors->is_array())
    for (const Json& entry : *errors) {
      if (!entry.is_object()) continue;
      const std::string place = ErrorPlace(entry);
      io.err << "  " << (place.empty() ? "" : place + ": ") << Member(entry, "message") << "\n";
    }
  return kExitRefused;
}

int ReportAnswer(const api::HttpReply& reply, const std::string& where, CommandIo& io) {
  if (reply.status < 200 || reply.status > 299) return ReportRefusal(reply, where, io);
  Result<Json> answer = ParseStrict(reply.body, NumberMode::kAny);
  Result<std::string> line =
      answer.ok() ? Canonicalize(*answer, NumberMode::kAny) : Result<std::string>(answer.error());
  if (!line.ok()) {
    io.err << "ledgerctl post: " << where << ": the " << reply.status
           << " answer is not JSON: " << line.error().ToString() << "\n";
    return kExitRefused;
  }
  io.out << *line << "\n";
  return kExitOk;
}

int RunPost(const ParsedFlags& flags, CommandIo& io) {
  Result<api::HttpUrl> url = api::ParseHttpUrl(flags.Get("url"));
  if (!url.ok()) return Fail(io, "post", {Code::kInvalidArgument, "--url", url.error().message},
                             kExitUsage);
  Result<std::chrono::seconds> timeout = ParseTimeout(flags);
  if (!timeout.ok()) return Fail(io, "post", timeout.error(), kExitUsage);
  const std::string& key_path = flags.Get("key");
  Result<PrivateKey> key = PrivateKey::ReadPemFile(key_path);
  if (!key.ok())
    return Fail(io, "post", AboutFile(key.error(), "--key", key_path), kExitUsage);
  Result<std::string> body = SignedStdin(io.in, *key);
  if (!body.ok()) return Fail(io, "post", body.error(), kExitUsage);

  const std::string where = url->ToString() + std::string(kEventsPath);
  api::HttpClient client(*url, {.timeout = *timeout, .ca_file = flags.GetOr("ca")});
  Result<api::HttpReply> reply = client.Post(kEventsPath, *body, kJsonContentType);
  if (!reply.ok()) {
    io.err << "ledgerctl post: " << where << ": " << reply.error().ToString() << "\n";
    return kExitRefused;
  }
  return ReportAnswer(*reply, where, io);
}

}  // namespace

Command PostCommand() {
  return {"post",
          "Read a submission or signed batch on stdin (at most 16 MiB), sign it with FILE's "
          "key and post it to URL/v1/events; print the ledger's answer as one line of JSON.",
          kPostFlags, &RunPost};
}

}  // namespace ledger::cli
