// ledger-demo-seed: flags, wiring, and the summary (demo_seed.hpp).
#include "demo_seed.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <ostream>

#include "flags.hpp"
#include "demo_poster.hpp"
#include "demo_scenario.hpp"
#include "ledgerctl.hpp"

namespace ledger::demo {

namespace {

using cli::FlagSpec;
using cli::ParsedFlags;

constexpr FlagSpec kFlags[] = {
    {"url", "URL", true, "the ledger's base URL: http://HOST[:PORT] or https://…"},
    {"ca", "FILE", false, "with https: trust the CA certificate(s) in FILE (PEM) instead of the system's"},
    {"regulator-key", "FILE", true, "the genesis regulator's private key (PKCS#8 PEM)"},
    {"regulator-id", "ID", true, "the genesis regulator's org id (the civil-affairs bureau)"},
    {"keys", "DIR", true, "the orgs' keys: read from DIR/<org>.pem, created there when missing"},
    {"scale", "N", false, "a year of N x 3000 donations (1 to 100, default 1)"},
    {"donations", "N", false, "exactly N donations instead (1 to 300000; for quick runs)"},
    {"seed", "S", false, "the random seed of the synthetic year (default 1)"},
    {"summary", "FILE", false, "write receipts, funds, orgs, disbursement seqs, projects and refusals as JSON"},
    {"quiet", "", false, "no progress on stderr"},
};

constexpr std::string_view kSummary =
    "Post a synthetic city year (2025) of welfare-lottery money, donations and a charity trust.";

Result<uint64_t> Number(const ParsedFlags& flags, std::string_view name, uint64_t fallback,
                        uint64_t max) {
  if (!flags.Has(name)) return fallback;
  const std::string& text = flags.Get(name);
  const Error bad = Error::Invalid("--" + std::string(name), "must be a whole number from 1 to " +
                                                                 std::to_string(max) + ", got '" + text + "'");
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || value > max) return bad;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (text.empty() || value < 1 || value > max) return bad;
  return value;
}

std::string Yuan(int64_t fen) {
  std::string digits = std::to_string(fen / 100);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<std::size_t>(i), 1, ',');
  char cents[8];
  std::snprintf(cents, sizeof cents, ".%02d", static_cast<int>(fen % 100));
  return digits.append(cents);
}

Json SummaryJson(const Scenario& scenario, const PostResult& posted) {
  Json receipts = Json::array();
  for (const Highlight& h : scenario.highlights) {
    Json entry = {{"receipt", h.receipt}, {"amount_fen", h.amount_fen}, {"fund", h.fund},
                  {"org", h.org}, {"kind", h.kind}};
    for (const char* prefix : {"/demo-don-", "/demo-contrib-"})
      if (auto it = posted.seq_by_idem.find(h.org + prefix + h.receipt); it != posted.seq_by_idem.end())
        entry["seq"] = it->second;
    receipts.push_back(std::move(entry));
  }
  Json disbursements = Json::array();
  for (const std::string& key : scenario.disbursements) disbursements.push_back(posted.seq_by_idem.at(key));
  Json projects = Json::array();
  for (const ProjectHighlight& p : scenario.projects) projects.push_back({{"id", p.id}, {"note", p.note}});
  Json refusals = Json::array();
  for (const RefusalSeen& r : posted.refusals) {
    const ScenarioEvent& e = r.attempt->event;
    refusals.push_back({{"org", e.org}, {"idem", e.idem}, {"type", e.type}, {"body", e.body}, {"field", r.attempt->field},
                        {"refused", r.refused}, {"status", r.status}, {"message", r.message}});
  }
  return {{"receipts", std::move(receipts)}, {"funds", scenario.funds}, {"orgs", scenario.orgs},
          {"disbursements", std::move(disbursements)}, {"projects", std::move(projects)},
          {"refusals", std::move(refusals)}, {"tree_size", posted.tree_size}};
}

std::string Padded(std::string text, std::size_t width) {
  text.resize(std::max(text.size(), width), ' ');
  return text;
}

// The projects worth opening, and what the ledger refused on the way (a
// rule at work, not a failure of the run).
void PrintProgrammes(std::ostream& out, const Scenario& scenario, const PostResult& posted) {
  out << "try these projects:\n";
  for (const ProjectHighlight& p : scenario.projects) out << "  " << Padded(p.id, 24) << p.note << "\n";
  if (posted.refusals.empty()) return;
  out << "refused as the rules require:\n";
  for (const RefusalSeen& r : posted.refusals) {
    const ScenarioEvent& e = r.attempt->event;
    out << "  " << e.org << "/" << e.idem << " (" << e.type << "): ";
    if (r.refused) out << r.status << " " << r.field << ": " << r.message << "; posted again once due\n";
    else out << "refused in an earlier run, since posted once due\n";
  }
}

void PrintSummary(std::ostream& out, const Scenario& scenario, const PostResult& posted) {
  uint64_t fresh = 0, again = 0;
  for (const auto& [type, n] : posted.posted_by_type) fresh += n;
  for (const auto& [type, n] : posted.duplicates_by_type) again += n;
  out << "ledger-demo-seed: " << fresh << " events posted, " << again
      << " already in the ledger, in " << posted.batches << " signed batches; tree size "
      << posted.tree_size << "\n";
  std::map<std::string, uint64_t> by_type = posted.posted_by_type;
  for (const auto& [type, n] : posted.duplicates_by_type) by_type[type] += n;
  for (const auto& [type, n] : by_type) out << "  " << Padded(type + " ", 24) << n << "\n";
  out << "try these receipts:\n";
  for (const Highlight& h : scenario.highlights)
    out << "  " << Padded(h.receipt, 16) << " " << Yuan(h.amount_fen) << " yuan, " << h.kind << " (" << h.org << ")\n";
  PrintProgrammes(out, scenario, posted);
}

int Fail(std::ostream& err, const Error& error, int code) {
  err << "ledger-demo-seed: " << (error.field.empty() ? "" : error.field + ": ") << error.message << "\n";
  return code;
}

int Run(const ParsedFlags& flags, std::ostream& out, std::ostream& err, bool terminal) {
  auto url = api::ParseHttpUrl(flags.Get("url"));
  if (!url.ok())
    return Fail(err, {Code::kInvalidArgument, "--url", url.error().message}, cli::kExitUsage);
  auto scale = Number(flags, "scale", 1, 100);
  auto donations = Number(flags, "donations", 0, kMaxDonations);
  auto seed = Number(flags, "seed", 1, uint64_t{1} << 53);
  for (const auto* bad : {&scale, &donations, &seed})
    if (!bad->ok()) return Fail(err, bad->error(), cli::kExitUsage);
  auto regulator = PrivateKey::ReadPemFile(flags.Get("regulator-key"));
  if (!regulator.ok())
    return Fail(err, {Code::kInvalidArgument, "--regulator-key", regulator.error().message},
                cli::kExitUsage);
  auto keys = LoadOrCreateKeys(flags.Get("keys"), DemoOrgs());
  if (!keys.ok())
    return Fail(err, {keys.error().code, "--keys", keys.error().message}, cli::kExitUsage);

  ScenarioOptions options{.regulator_id = flags.Get("regulator-id"),
                          .donations = flags.Has("donations") ? *donations : *scale * kDefaultDonations,
                          .seed = *seed};
  std::map<std::string, const PrivateKey*> signers{{options.regulator_id, &*regulator}};
  for (const auto& [id, key] : *keys) {
    options.public_keys[id] = key.public_key().Base64();
    signers[id] = &key;
  }
  auto scenario = MakeScenario(options);
  if (!scenario.ok()) return Fail(err, scenario.error(), cli::kExitUsage);

  api::HttpClient client(*url, {.ca_file = flags.GetOr("ca")});
  auto registered = RegisteredOrgs(client, *keys);
  if (!registered.ok()) return Fail(err, registered.error(), cli::kExitRefused);
  // Registered orgs are not registered again (their events are then
  // answered as duplicates, being the same bytes).
  std::vector<ScenarioEvent> events;
  for (ScenarioEvent& e : scenario->events)
    if (e.type != "org.registered" || !registered->contains(e.body["id"].get<std::string>()))
      events.push_back(e);

  Progress progress(err, events.size(), terminal, flags.Has("quiet"));
  auto posted = PostEvents(client, events, scenario->refusals, signers, progress);
  if (!posted.ok()) {
    progress.Finish();
    return Fail(err, posted.error(), cli::kExitRefused);
  }
  PrintSummary(out, *scenario, *posted);
  if (flags.Has("summary")) {
    std::ofstream file(flags.Get("summary"), std::ios::binary | std::ios::trunc);
    file << SummaryJson(*scenario, *posted).dump() << "\n";
    if (!file.flush())
      return Fail(err, {Code::kIoError, "--summary", "cannot write " + flags.Get("summary")}, cli::kExitUsage);
  }
  return cli::kExitOk;
}

}  // namespace

int RunDemoSeed(std::span<const std::string> args, std::ostream& out, std::ostream& err,
                bool err_is_terminal) {
  auto flags = cli::ParseFlags(args, kFlags);
  if (!flags.ok()) {
    err << "ledger-demo-seed: " << flags.error().field << ": " << flags.error().message << "\n"
        << cli::UsageText("", kSummary, kFlags, "ledger-demo-seed");
    return cli::kExitUsage;
  }
  if (flags->help_requested()) {
    out << cli::UsageText("", kSummary, kFlags, "ledger-demo-seed");
    return cli::kExitOk;
  }
  try {
    return Run(*flags, out, err, err_is_terminal);
  } catch (const std::exception& e) {  // a library's exception is a bug, reported not thrown
    err << "ledger-demo-seed: internal error: " << e.what() << "\n";
    return cli::kExitRefused;
  }
}

}  // namespace ledger::demo
