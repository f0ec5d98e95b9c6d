#include "demo_poster.hpp"

#include <filesystem>
#include <ostream>

#include "ledger/signing.hpp"

namespace ledger::demo {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kJsonContentType = "application/json; charset=utf-8";

// "422 Unprocessable Entity: detail" and one line per listed error.
std::string ProblemText(const api::HttpReply& reply) {
  std::string text = std::to_string(reply.status);
  Result<Json> problem = ParseStrict(reply.body, NumberMode::kAny);
  if (!problem.ok() || !problem->is_object()) return text + ": " + reply.body.substr(0, 300);
  auto member = [](const Json& doc, const char* name) {
    auto it = doc.find(name);
    return it == doc.end() || it->is_null() ? std::string() : it->is_string() ? it->get<std::string>() : it->dump();
  };
  text.append(" ").append(member(*problem, "title")).append(": ").append(member(*problem, "detail"));
  if (auto errors = problem->find("errors"); errors != problem->end() && errors->is_array())
    for (const Json& entry : *errors) {
      if (!entry.is_object()) continue;
      const std::string index = member(entry, "index"), field = member(entry, "field");
      text += "\n  " + (index.empty() ? "" : "events[" + index + "]" + (field.empty() ? "" : ".")) + field +
              ": " + member(entry, "message");
    }
  return text;
}

}  // namespace

Result<std::map<std::string, PrivateKey>> LoadOrCreateKeys(const std::string& dir,
                                                           const std::vector<DemoOrg>& orgs) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    if (!fs::create_directories(dir, ec))
      return Error::Io("cannot create " + dir + ": " + ec.message());
    fs::permissions(dir, fs::perms::owner_all, ec);
    if (ec) return Error::Io("cannot make " + dir + " private: " + ec.message());
  }
  std::map<std::string, PrivateKey> keys;
  for (const DemoOrg& org : orgs) {
    const std::string path = (fs::path(dir) / (org.id + ".pem")).string();
    if (fs::exists(path, ec)) {
      auto key = PrivateKey::ReadPemFile(path);
      if (!key.ok()) return key.error();
      keys.emplace(org.id, std::move(*key));
      continue;
    }
    auto key = PrivateKey::Generate();
    if (!key.ok()) return key.error();
    LEDGER_RETURN_IF_ERROR(key->WriteKeyPair(path));
    keys.emplace(org.id, std::move(*key));
  }
  return keys;
}

Result<std::set<std::string>> RegisteredOrgs(api::HttpClient& client,
                                             const std::map<std::string, PrivateKey>& keys) {
  std::set<std::string> registered;
  for (const auto& [id, key] : keys) {
    auto reply = client.Get("/v1/orgs/" + id);
    if (!reply.ok()) return reply.error();
    if (reply->status == 404) continue;
    if (reply->status != 200)
      return Error::Refused("", "GET /v1/orgs/" + id + ": " + ProblemText(*reply));
    Result<Json> org = ParseStrict(reply->body, NumberMode::kAny);
    if (!org.ok() || !org->contains("keys") || !(*org)["keys"].is_array() || (*org)["keys"].empty())
      return Error::Io("GET /v1/orgs/" + id + ": not an org: " + reply->body.substr(0, 200));
    if ((*org)["keys"].back().value("public_key", "") != key.public_key().Base64())
      return Error{Code::kConflict, id,
                   "is registered with another key than the one in the keys directory; use the "
                   "keys directory of the run that registered it"};
    registered.insert(id);
  }
  return registered;
}

Progress::Progress(std::ostream& err, uint64_t total, bool terminal, bool quiet)
    : err_(err), total_(total), terminal_(terminal), quiet_(quiet) {}

void Progress::Advance(uint64_t events) {
  done_ += events;
  Draw();
}

void Progress::Draw() {
  if (quiet_ || total_ == 0) return;
  const int percent = static_cast<int>(done_ * 100 / total_);
  if (terminal_) {
    const int filled = percent * 30 / 100;
    err_ << "\r[" << std::string(filled, '#') << std::string(30 - filled, '.') << "] " << percent
         << "% " << done_ << "/" << total_ << " events" << std::flush;
  } else if (percent / 10 > last_tenth_ || done_ == total_) {
    last_tenth_ = percent / 10;
    err_ << "seeded " << done_ << "/" << total_ << " events (" << percent << "%)\n" << std::flush;
  }
}

void Progress::Finish() {
  if (!quiet_ && terminal_ && total_ > 0) err_ << "\n" << std::flush;
}

namespace {

struct PendingBatch {
  std::string org;
  Json events = Json::array();
  std::vector<const ScenarioEvent*> sources;
};

Json Submission(const ScenarioEvent& event, Json body) {
  return {{"type", event.type}, {"idem", event.idem}, {"body", std::move(body)}};
}

// Signs `events` as one batch of `org` and posts it.
Result<api::HttpReply> SendBatch(api::HttpClient& client, const std::string& org, Json events,
                                 const PrivateKey& key) {
  auto signed_doc = Sign({{"org", org}, {"events", std::move(events)}}, key);
  if (!signed_doc.ok()) return signed_doc.error();
  auto bytes = Canonicalize(*signed_doc, NumberMode::kIntegersOnly);
  if (!bytes.ok()) return bytes.error();
  return client.Post("/v1/events", *bytes, kJsonContentType);
}

// The answer's results, one per event posted, or kIoError.
Result<Json> Results(const api::HttpReply& reply, std::size_t events) {
  Result<Json> answer = ParseStrict(reply.body, NumberMode::kAny);
  if (!answer.ok() || !answer->contains("results") || (*answer)["results"].size() != events)
    return Error::Io("POST /v1/events: unexpected answer: " + reply.body.substr(0, 200));
  return answer;
}

void CountAnswer(const ScenarioEvent& e, const Json& r, PostResult& result) {
  result.seq_by_idem[e.org + "/" + e.idem] = r.at("seq").get<uint64_t>();
  ++(r.value("duplicate", false) ? result.duplicates_by_type : result.posted_by_type)[e.type];
}

Status PostBatch(api::HttpClient& client, PendingBatch& batch, const PrivateKey& key,
                 PostResult& result) {
  auto reply = SendBatch(client, batch.org, std::move(batch.events), key);
  if (!reply.ok()) return reply.error();
  if (reply->status != 201 && reply->status != 200)
    return Error::Refused("", "batch of " + std::to_string(batch.sources.size()) + " events of " +
                                  batch.org + " starting at " + batch.sources.front()->idem +
                                  " refused: " + ProblemText(*reply));
  auto answer = Results(*reply, batch.sources.size());
  if (!answer.ok()) return answer.error();
  for (std::size_t i = 0; i < batch.sources.size(); ++i) CountAnswer(*batch.sources[i], (*answer)["results"][i], result);
  result.tree_size = answer->value("tree_size", uint64_t{0});
  ++result.batches;
  return Status::Ok();
}

// The first error of a problem answer: its field and message.
std::pair<std::string, std::string> FirstError(const api::HttpReply& reply) {
  Result<Json> problem = ParseStrict(reply.body, NumberMode::kAny);
  if (!problem.ok() || !problem->is_object() || !problem->contains("errors")) return {};
  const Json& errors = (*problem)["errors"];
  if (!errors.is_array() || errors.empty() || !errors[0].is_object()) return {};
  const Json& first = errors[0];
  auto text = [&first](const char* name) {
    return first.contains(name) && first[name].is_string() ? first[name].get<std::string>() : std::string();
  };
  return {text("field"), text("message")};
}

// Posts `attempt` alone: the ledger must refuse it naming its field, or
// answer it as a duplicate (an earlier run posted it once it was due).
Status PostAttempt(api::HttpClient& client, const RefusedAttempt& attempt, const PrivateKey& key,
                   PostResult& result) {
  const ScenarioEvent& e = attempt.event;
  auto reply = SendBatch(client, e.org, Json::array({Submission(e, e.body)}), key);
  if (!reply.ok()) return reply.error();
  const std::string name = e.org + "/" + e.idem + " (" + e.type + ")";
  if (reply->status == 201 || reply->status == 200) {
    auto answer = Results(*reply, 1);
    if (!answer.ok()) return answer.error();
    if (!(*answer)["results"][0].value("duplicate", false))
      return Error::Refused(attempt.field, "the ledger accepted " + name + ", which its rules should refuse");
    result.refusals.push_back({&attempt, false, 0, "", ""});
    return Status::Ok();
  }
  auto [field, message] = FirstError(*reply);
  if (field != attempt.field)
    return Error::Refused(attempt.field, name + " was refused for another reason than expected: " + ProblemText(*reply));
  result.refusals.push_back({&attempt, true, reply->status, std::move(field), std::move(message)});
  return Status::Ok();
}

}  // namespace

Result<PostResult> PostEvents(api::HttpClient& client, const std::vector<ScenarioEvent>& events,
                              const std::vector<RefusedAttempt>& refusals,
                              const std::map<std::string, const PrivateKey*>& keys,
                              Progress& progress) {
  std::multimap<std::string, const RefusedAttempt*> attempts_after;
  for (const RefusedAttempt& a : refusals) attempts_after.emplace(a.after, &a);
  PostResult result;
  PendingBatch batch;
  auto flush = [&]() -> Status {
    if (batch.sources.empty()) return Status::Ok();
    const uint64_t count = batch.sources.size();
    LEDGER_RETURN_IF_ERROR(PostBatch(client, batch, *keys.at(batch.org), result));
    batch = PendingBatch{};
    progress.Advance(count);
    return Status::Ok();
  };
  for (const ScenarioEvent& event : events) {
    const bool reversal = !event.reverses_idem.empty();
    if (event.org != batch.org || batch.sources.size() == kMaxDemoBatchEvents || reversal)
      LEDGER_RETURN_IF_ERROR(flush());
    Json body = event.body;
    if (reversal) body["seq"] = result.seq_by_idem.at(event.org + "/" + event.reverses_idem);
    batch.org = event.org;
    batch.events.push_back(Submission(event, std::move(body)));
    batch.sources.push_back(&event);
    auto [first, last] = attempts_after.equal_range(event.org + "/" + event.idem);
    if (first != last) LEDGER_RETURN_IF_ERROR(flush());
    for (auto it = first; it != last; ++it)
      LEDGER_RETURN_IF_ERROR(PostAttempt(client, *it->second, *keys.at(it->second->event.org), result));
  }
  LEDGER_RETURN_IF_ERROR(flush());
  progress.Finish();
  return result;
}

}  // namespace ledger::demo
