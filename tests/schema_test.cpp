#include "ledger/schema.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "schema_cases.hpp"
#include "test_util.hpp"

namespace ledger {
namespace {

using namespace ledger::testing;  // NOLINT: the examples, cases and helpers

TEST(Schema, EveryTypeHasAValidExample) {
  for (const EventType& type : AllEventTypes()) {
    if (type.kind == EventKind::kGenesis) continue;
    SCOPED_TRACE(std::string(type.name));
    ExpectPasses(Check(std::string(type.name), Example(std::string(type.name))));
  }
}

TEST(Schema, EveryDocumentedExampleIsValid) {
  const std::string doc = testing::ReadText(testing::VectorsDir() + "/../../docs/events.md");
  ASSERT_FALSE(doc.empty());
  for (const EventType& type : AllEventTypes()) {
    if (type.kind == EventKind::kGenesis) continue;
    SCOPED_TRACE(std::string(type.name));
    const std::size_t section = doc.find("## `" + std::string(type.name) + "`");
    ASSERT_NE(section, std::string::npos);
    const std::size_t next_section = doc.find("\n## ", section + 1);
    const std::size_t block = doc.find("```json\n", section);
    ASSERT_LT(block, next_section) << "no example";
    const std::size_t start = block + 8;
    const std::size_t end = doc.find("```", start);
    auto body = ParseStrict(doc.substr(start, end - start));
    ASSERT_TRUE(body.ok()) << body.error().ToString();
    ExpectPasses(Check(std::string(type.name), *body));
  }
}

TEST(Schema, BodyMustBeAnObject) {
  for (Json body : {Json::array(), Json("x"), Json(1), Json(nullptr)})
    ExpectRefused(Check("event.reversed", body), "body", "must be an object");
}

TEST(Schema, EveryRequiredMemberIsRequired) {
  for (const auto& [type, pointers] : kRequired) {
    for (const std::string& pointer : pointers) {
      SCOPED_TRACE(type + " " + pointer);
      ExpectRefused(Check(type, Without(type, pointer)), PathOf(pointer), "is required");
    }
  }
}

TEST(Schema, OptionalMembersMayBeLeftOut) {
  const std::vector<std::pair<std::string, std::string>> optional = {
      {"fund.opened", "/budget_fen"},           {"donation.received", "/designation"},
      {"donation.received", "/donor/display_name"}, {"trust.established", "/settlor/display_name"},
      {"expense.recorded", "/reference"},
  };
  for (const auto& [type, pointer] : optional) {
    SCOPED_TRACE(type + " " + pointer);
    ExpectPasses(Check(type, Without(type, pointer)));
  }
}

TEST(Schema, UnknownMembersAreRefusedAtTheirPath) {
  ExpectRefused(Check("donation.received", With("donation.received", "/amount", 1)),
                "body.amount", "is not a member of donation.received");
  ExpectRefused(Check("trust.contributed", With("trust.contributed", "/note", "x")),
                "body.note", "is not a member of trust.contributed");
  ExpectRefused(Check("donation.received", With("donation.received", "/donor/email", "a@b")),
                "body.donor.email", "is not a member of donor");
  ExpectRefused(Check("disbursement.made", With("disbursement.made", "/beneficiary/id", "x")),
                "body.beneficiary.id", "is not a member of beneficiary");
  ExpectRefused(Check("trust.contributed", With("trust.contributed", "/in_kind/count", 2)),
                "body.in_kind.count", "is not a member of in_kind");
}

TEST(Schema, FirstErrorIsStable) {
  // Unknown members come first, then the fields in table order.
  Json body = Without("funds.transferred", "/from");
  body.erase("reference");
  ExpectRefused(Check("funds.transferred", body), "body.from", "is required");
  body["zzz"] = 1;
  ExpectRefused(Check("funds.transferred", body), "body.zzz", "is not a member");
  body = With("funds.transferred", "/amount_fen", 0);
  body["reason"] = "gift";
  ExpectRefused(Check("funds.transferred", body), "body.amount_fen", "is 0");
}

TEST(Schema, EveryVocabularyRefusesAnUnknownValue) {
  for (const EnumCase& c : kEnums) {
    SCOPED_TRACE(std::string(c.type) + " " + c.pointer);
    for (const char* bad : {"unknown", "Elderly", "CHARITY", "in-kind", " bank"})
      ExpectRefused(Check(c.type, With(c.type, c.pointer, bad)), PathOf(c.pointer),
                    std::string("must be one of ") + c.allowed);
  }
}

TEST(Schema, EveryVocabularyAcceptsEachListedValue) {
  for (const EnumCase& c : kEnums) {
    std::string allowed = c.allowed;
    for (std::size_t start = 0; start < allowed.size();) {
      const std::size_t end = std::min(allowed.find(", ", start), allowed.size());
      const std::string value = allowed.substr(start, end - start);
      start = end + 2;
      // Rules of their own, tested below: in_kind needs an in_kind member,
      // an anonymous settlor no display name, a role may be listed once.
      if (value == "in_kind" || value == "anonymous" || value == "fundraise") continue;
      SCOPED_TRACE(std::string(c.type) + " " + c.pointer + " = " + value);
      ExpectPasses(Check(c.type, With(c.type, c.pointer, value)));
    }
  }
}

TEST(Schema, DesignationPurposeIsAPurpose) {
  ExpectRefused(Check("donation.received",
                      With("donation.received", "/designation", {{"purpose", "pets"}})),
                "body.designation.purpose", "must be one of elderly, disabled");
  ExpectPasses(Check("donation.received",
                     With("donation.received", "/designation", {{"purpose", "disaster"}})));
}

TEST(Schema, DesignationNamesExactlyOneOfProjectOrPurpose) {
  const Json both = {{"project", "sz-meals"}, {"purpose", "elderly"}};
  ExpectRefused(Check("donation.received", With("donation.received", "/designation", both)),
                "body.designation", "not both");
  ExpectRefused(
      Check("donation.received", With("donation.received", "/designation", Json::object())),
      "body.designation", "must name a project or a purpose");
  ExpectRefused(Check("donation.received", With("donation.received", "/designation/project",
                                                "Meals")),
                "body.designation.project", "may hold only a-z");
}

TEST(Schema, InKindDescriptionGoesWithTheInKindChannel) {
  ExpectRefused(Check("trust.contributed", Without("trust.contributed", "/in_kind")),
                "body.in_kind", "is required when channel is in_kind");
  for (const char* channel : {"online", "bank", "cash", "other"}) {
    ExpectRefused(Check("trust.contributed", With("trust.contributed", "/channel", channel)),
                  "body.in_kind", std::string("only when channel is in_kind, not ") + channel);
    Json body = With("trust.contributed", "/channel", channel);
    body.erase("in_kind");
    ExpectPasses(Check("trust.contributed", body));
  }
  Json gift = With("donation.received", "/channel", "in_kind");
  ExpectRefused(Check("donation.received", gift), "body.in_kind", "is required");
  gift["in_kind"] = {{"description", "rice, 2 t"}, {"valuation_basis", "market_price"}};
  ExpectPasses(Check("donation.received", gift));
}

TEST(Schema, AnAnonymousPersonCarriesNoDisplayName) {
  ExpectRefused(Check("donation.received", With("donation.received", "/donor/kind", "anonymous")),
                "body.donor.display_name", "anonymous donor");
  ExpectRefused(
      Check("trust.established", With("trust.established", "/settlor/kind", "anonymous")),
      "body.settlor.display_name", "anonymous settlor");
  ExpectPasses(Check("trust.contributed", Example("trust.contributed")));  // anonymous, unnamed
  ExpectPasses(Check("donation.received", With("donation.received", "/donor/kind", "enterprise")));
}

TEST(Schema, TransferMustMoveBetweenTwoFunds) {
  ExpectRefused(Check("funds.transferred", With("funds.transferred", "/to", "gd-lottery-welfare")),
                "body.to", "must differ from body.from");
}

TEST(Schema, RolesAreOneToSixDistinctNames) {
  using Roles = std::vector<std::string>;
  const auto with = [](Roles roles) { return With("org.registered", "/roles", Json(roles)); };
  ExpectRefused(Check("org.registered", with({})), "body.roles", "at least one role");
  ExpectRefused(Check("org.registered", with({"audit", "fundraise", "audit"})), "body.roles[2]",
                "is listed twice");
  ExpectRefused(Check("org.registered", with(Roles(7, "audit"))), "body.roles",
                "has 7 entries; the limit is 6");
  ExpectPasses(Check("org.registered",
                     with({"regulate", "fundraise", "allocate", "disburse", "trustee", "audit"})));
  // Whether supervision and money roles may mix is the registry's call.
  ExpectPasses(Check("org.registered", with({"regulate", "fundraise"})));
  ExpectRefused(Check("org.registered", With("org.registered", "/roles/0", 1)), "body.roles[0]",
                "must be a string");
}

TEST(Schema, WrongJsonTypesNameWhatWasExpected) {
  struct Case { const char* type; const char* pointer; Json value; const char* message; };
  const std::vector<Case> cases = {
      {"org.registered", "/name", 5, "must be a string"},
      {"org.registered", "/roles", "fundraise", "must be an array"},
      {"org.key_rotated", "/public_key", Json::array(), "must be a string"},
      {"fund.opened", "/restricted", 1, "must be a boolean"},
      {"fund.opened", "/restricted", "true", "must be a boolean"},
      {"fund.opened", "/budget_fen", nullptr, "must be an integer"},
      {"donation.received", "/amount_fen", "100", "must be an integer"},
      {"donation.received", "/amount_fen", 1.5, "must be an integer"},
      {"donation.received", "/amount_fen", 100.0, "must be an integer"},
      {"event.reversed", "/seq", true, "must be an integer"},
      {"donation.received", "/donor", "anonymous", "must be an object"},
      {"donation.received", "/designation", Json::array(), "must be an object"},
      {"disbursement.made", "/beneficiary", nullptr, "must be an object"},
      {"trust.contributed", "/in_kind", "coats", "must be an object"},
      {"donation.received", "/date", 20260314, "must be a string"},
      {"donation.received", "/donor/pseudonym", 5, "must be a string"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.type) + " " + c.pointer + " = " + c.value.dump());
    ExpectRefused(Check(c.type, With(c.type, c.pointer, c.value)), PathOf(c.pointer), c.message);
  }
}

TEST(Schema, EveryStringLimitAllowsTheLimitAndNotOneByteMore) {
  for (const LimitCase& c : kLimits) {
    SCOPED_TRACE(std::string(c.type) + " " + c.pointer);
    ExpectPasses(Check(c.type, With(c.type, c.pointer, std::string(c.limit, 'a'))));
    ExpectRefused(Check(c.type, With(c.type, c.pointer, std::string(c.limit + 1, 'a'))),
                  PathOf(c.pointer),
                  "is " + std::to_string(c.limit + 1) + " bytes; the limit is " +
                      std::to_string(c.limit));
  }
}

TEST(Schema, LimitsCountBytesNotCharacters) {
  std::string name;
  for (int i = 0; i < 85; ++i) name += "福";  // 3 bytes each: 255
  ExpectPasses(Check("fund.opened", With("fund.opened", "/name", name + "a")));
  ExpectRefused(Check("fund.opened", With("fund.opened", "/name", name + "é")), "body.name",
                "is 257 bytes; the limit is 256");
}

TEST(Schema, EveryIntegerRangeHoldsAtItsEdges) {
  for (const IntegerCase& c : kIntegers) {
    SCOPED_TRACE(std::string(c.type) + " " + c.pointer);
    const auto check = [&](Json value) { return Check(c.type, With(c.type, c.pointer, value)); };
    const std::string range =
        "must be from " + std::to_string(c.min) + " to " + std::to_string(c.max);
    ExpectPasses(check(c.min));
    ExpectPasses(check(c.max));
    ExpectPasses(check(static_cast<uint64_t>(c.max)));  // as the parser stores it
    ExpectRefused(check(c.min - 1), PathOf(c.pointer),
                  "is " + std::to_string(c.min - 1) + "; " + range);
    ExpectRefused(check(c.max + 1), PathOf(c.pointer), "is " + std::to_string(c.max + 1));
    ExpectRefused(check(static_cast<uint64_t>(c.max) + 1), PathOf(c.pointer), range);
    ExpectRefused(check(-1), PathOf(c.pointer), "is -1; " + range);
    ExpectRefused(check(INT64_MIN), PathOf(c.pointer), range);
    ExpectRefused(check(UINT64_MAX), PathOf(c.pointer), "is 18446744073709551615");
    ExpectRefused(check(false), PathOf(c.pointer), "must be an integer");
  }
}

TEST(Schema, ControlCharactersAreRefusedInEveryKindOfString) {
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"fund.opened", "/name"},          {"fund.opened", "/id"},
      {"fund.opened", "/purpose"},       {"org.suspended", "/reason"},
      {"donation.received", "/receipt"}, {"donation.received", "/date"},
      {"donation.received", "/donor/display_name"}, {"donation.received", "/donor/pseudonym"},
      {"org.key_rotated", "/public_key"}, {"lottery.rate_set", "/effective_from"},
  };
  for (const auto& [type, pointer] : fields) {
    const std::vector<std::string> controls = {"a\nb", "a\tb", std::string("a\0b", 3),
                                               "a\x1f", "\x7f", "x\ry"};
    for (const std::string& bad : controls) {
      SCOPED_TRACE(type + " " + pointer);
      ExpectRefused(Check(type, With(type, pointer, bad)), PathOf(pointer),
                    "must not contain control characters");
    }
    ExpectRefused(Check(type, With(type, pointer, "")), PathOf(pointer), "must not be empty");
  }
  // Non-ASCII text is fine; only the C0 controls and DEL are refused.
  ExpectPasses(Check("org.suspended", With("org.suspended", "/reason", "违规募捐 \u0080 ok")));
}

// Each value at `pointer` in the example of `type` passes, or is refused
// at that member with a message holding the text paired with it.
void ExpectEachPasses(const std::string& type, const std::string& pointer,
                      const std::vector<std::string>& values) {
  for (const std::string& value : values) {
    SCOPED_TRACE(type + " " + pointer + " = " + value);
    ExpectPasses(Check(type, With(type, pointer, value)));
  }
}

void ExpectEachRefused(const std::string& type, const std::string& pointer,
                       const std::vector<std::pair<std::string, std::string>>& refusals) {
  for (const auto& [value, message] : refusals) {
    SCOPED_TRACE(type + " " + pointer + " = " + value);
    ExpectRefused(Check(type, With(type, pointer, value)), PathOf(pointer), message);
  }
}

TEST(Schema, DatesAreRealCalendarDays) {
  ExpectEachPasses("trust.income_recorded", "/date",
                   {"2024-02-29", "2000-02-29", "1900-01-01", "9999-12-31", "2026-04-30"});
  ExpectEachRefused("trust.income_recorded", "/date", {
      {"2023-02-29", "2023-02-29 is not a calendar date (2023-02 has 28 days)"},
      {"1900-02-29", "1900-02 has 28 days"},  {"2100-02-29", "2100-02 has 28 days"},
      {"2026-04-31", "2026-04 has 30 days"},  {"2026-01-00", "is not a calendar date"},
      {"2026-13-01", "has month 13"},         {"2026-00-10", "has month 00"},
      {"1899-12-31", "has year 1899"},        {"2026-1-01", "must be a date YYYY-MM-DD"},
      {"2026-01-1", "must be a date"},        {"2026/01/01", "must be a date"},
      {"20260101", "must be a date"},         {"2026-01-01T00:00", "must be a date"},
      {" 2026-01-01", "must be a date"},      {"2026-01-0a", "must be a date"},
      {"+026-01-01", "must be a date"},       {"2026-01", "must be a date"},
  });
}

TEST(Schema, PeriodsAreYearAndMonth) {
  ExpectEachPasses("lottery.sales_reported", "/period",
                   {"2026-01", "2026-12", "1900-06", "9999-12"});
  ExpectEachRefused("lottery.rate_set", "/effective_from", {
      {"2026-13", "has month 13; months are 01 to 12"}, {"2026-00", "has month 00"},
      {"1899-12", "has year 1899"},   {"2026-1", "must be a period YYYY-MM"},
      {"2026-03-01", "must be a period"}, {"202603", "must be a period"},
      {"2026_03", "must be a period"}, {"26-03", "must be a period"},
  });
}

TEST(Schema, PseudonymsAreLowerCaseHexSha256) {
  const std::string hex = kDonor;
  std::string upper = hex;
  upper[1] = 'A';
  std::string bad_digit = hex;
  bad_digit[0] = 'g';
  const std::string message = "must be 64 lower-case hex characters";
  ExpectEachRefused("disbursement.made", "/beneficiary/pseudonym",
                    {{hex.substr(1), message}, {hex + "0", message}, {upper, message},
                     {bad_digit, message}});
}

TEST(Schema, PublicKeysAreBase64OfThirtyTwoBytes) {
  ExpectEachPasses("org.key_rotated", "/public_key", {kKey});
  const std::string message = "must be base64 of a 32-byte Ed25519 public key (";
  ExpectEachRefused("org.key_rotated", "/public_key", {
      {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==", message + "Ed25519 public key is 31 bytes"},
      {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", message + "Ed25519 public key is 33 bytes"},
      {"not base64 at all!", message + "public key is not base64"},
  });
}

using Validator = Status (*)(std::string_view value, std::string_view field);

// Each value refused by `validate` at `field`, with the paired message text.
void ExpectEachRefusedBy(Validator validate, const std::string& field,
                         const std::vector<std::pair<std::string, std::string>>& refusals) {
  for (const auto& [value, message] : refusals) {
    SCOPED_TRACE(value);
    ExpectRefused(validate(value, field), field, message);
  }
}

TEST(ValidateId, AcceptsShortUrlSafeLowerCaseNames) {
  for (const std::string& id : std::vector<std::string>{"a", "0", "sz-charity", "a.b_c-d",
                                                        "9lives", std::string(kMaxIdBytes, 'z')})
    ExpectPasses(ValidateId(id, "org"));
}

TEST(ValidateId, RefusesAnythingElseNamingTheField) {
  ExpectEachRefusedBy(ValidateId, "events[2].org", {
      {"", "must not be empty"},
      {std::string(kMaxIdBytes + 1, 'z'), "is 65 bytes; the limit is 64"},
      {"-a", "must start with a letter or digit"}, {".a", "must start with"},
      {"_a", "must start with"},
      {"A", "may hold only a-z, 0-9, '.', '_' and '-'"},
      {"a b", "may hold only"}, {"a/b", "may hold only"}, {"é", "may hold only"},
      {"a\n", "may hold only"}, {"a%20", "may hold only"},
  });
}

TEST(ValidateIdem, AcceptsPrintableAsciiUpToTheLimit) {
  for (const std::string& idem : std::vector<std::string>{"!", "~", "-x", "Don/2026:001?a=b",
                                                          std::string(kMaxIdemBytes, 'k')})
    ExpectPasses(ValidateIdem(idem, "idem"));
}

TEST(ValidateIdem, RefusesSpacesControlsAndNonAscii) {
  ExpectEachRefusedBy(ValidateIdem, "idem", {
      {"", "must not be empty"},
      {std::string(kMaxIdemBytes + 1, 'k'), "is 129 bytes; the limit is 128"},
      {" ", "may hold only printable ASCII"}, {"a b", "printable ASCII"},
      {"a\x7f", "printable ASCII"},           {"\t", "printable ASCII"},
      {"收据", "printable ASCII"},
  });
}

TEST(Schema, ReceiptNumbersAreUrlSafeAndMayUseCapitals) {
  ExpectEachPasses("donation.received", "/receipt", {"R", "7", "SZC-2026-000123", "a.B_c-D"});
  ExpectEachRefused("donation.received", "/receipt", {
      {"-R1", "must start with a letter or digit"}, {"R/1", "may hold only A-Z, a-z, 0-9"},
      {"R 1", "may hold only"}, {"R#1", "may hold only"}, {"收据1", "may hold only"},
  });
}

TEST(SchemaDeathTest, GenesisIsNeverValidated) {
  EXPECT_DEATH((void)ValidateBody(EventTypeOf(EventKind::kGenesis), Json::object()), "genesis");
}

}  // namespace
}  // namespace ledger
