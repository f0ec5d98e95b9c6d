// The demo's synthetic city year (2025) for ledger-demo-seed: which events,
// with which bodies, in which order. Pure and deterministic: the same
// options give the same events, byte for byte, so a re-run posts the same
// idems and the ledger answers them as duplicates.
//
// The city: the civil-affairs bureau (the genesis regulator) registers a
// welfare-lottery centre, the provincial holder of the central share,
// five charities and foundations, a trustee and an auditor. The lottery
// centre reports monthly sales of four games, remits half of the welfare
// share upward and allocates the rest to projects for the elderly, the
// disabled, orphans and the poor; the charities take donations (online,
// bank, cash, in kind; some designated), move money to their projects,
// regrant, disburse and pay their expenses; a charity trust takes
// contributions and income and distributes; one donation is refunded.
// At the year's end the orgs are located, and a call for proposals funded
// by the province's lottery money and the city's budget runs its course
// (demo_programmes.cpp), one tranche refused before it was due.
//
// Every amount is sized from what the funds hold at that point, tracked
// with the ledger's own accounting rules (ledger::Accounts), so the ledger
// accepts every event when they are posted in this order.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ledger/canonical_json.hpp"
#include "ledger/status.hpp"

namespace ledger::demo {

struct DemoOrg {
  std::string id;
  std::string name;
  std::string kind;
  std::vector<std::string> roles;
};

// The orgs the demo registers (not the regulator), in registration order.
const std::vector<DemoOrg>& DemoOrgs();

// Donations made at --scale 1.
inline constexpr uint64_t kDefaultDonations = 3000;
// Keeps a run within what one machine seeds in minutes, and every count
// well inside the receipt numbers' six digits.
inline constexpr uint64_t kMaxDonations = 300'000;

struct ScenarioOptions {
  std::string regulator_id;
  // Org id -> base64 Ed25519 public key, for every DemoOrgs() id.
  std::map<std::string, std::string> public_keys;
  uint64_t donations = kDefaultDonations;
  uint64_t seed = 1;
};

struct ScenarioEvent {
  std::string org;
  std::string type;
  std::string idem;
  Json body;
  // For event.reversed: the idem (of the same org) of the event it
  // reverses. Only the ledger knows that event's seq, so the poster sets
  // body.seq from the answer it got for that idem.
  std::string reverses_idem;
};

// A receipt worth looking at in the portal, and why.
struct Highlight {
  std::string receipt;
  int64_t amount_fen = 0;
  std::string fund;  // where it arrived
  std::string org;   // who took it
  // fully_disbursed, partly_disbursed, held, regranted_then_disbursed,
  // refunded, in_kind, designated, trust_contribution, enterprise
  std::string kind;
};

// A submission the ledger must refuse when it is posted, shown to the
// demo's user as a rule at work. It is posted on its own, right after the
// event `after` ("org/idem"); the same org and idem come again later in
// `events`, once the rule is met, so a re-run answers it as a duplicate.
struct RefusedAttempt {
  ScenarioEvent event;
  std::string field;  // what the refusal names, e.g. "body.tranche"
  std::string after;
};

// A project worth opening in the portal, and what it shows.
struct ProjectHighlight {
  std::string id;
  std::string note;
};

struct Scenario {
  std::vector<ScenarioEvent> events;  // in posting order
  std::vector<RefusedAttempt> refusals;
  std::vector<ProjectHighlight> projects;
  std::vector<Highlight> highlights;  // kHighlights of them, distinct receipts
  std::vector<std::string> orgs;      // every org id, regulator first
  std::vector<std::string> funds;     // every fund id, in opening order
  // "org/idem" of a few disbursements worth tracing to their sources.
  std::vector<std::string> disbursements;
  // The receipt voided and replaced by a corrected gift (its number + "-R").
  std::string replaced_receipt;
};

inline constexpr std::size_t kHighlights = 20;

// Errors: kInvalidArgument for options (a missing public key, a donation
// count of 0 or over kMaxDonations); kUnprocessable if the accounting model
// refuses an event the generator made, which is a bug of the generator.
Result<Scenario> MakeScenario(const ScenarioOptions& options);

}  // namespace ledger::demo
