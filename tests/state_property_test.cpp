// The state three ways, over random mixes of submissions with refusals,
// reversals and batches refused part-way: what the ledger keeps live, what
// a rebuild recomputes from the log alone, and what an audit replays are
// one and the same, byte for byte; and a refused submission changes
// nothing at all (no event, no state, no idem).
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "audit_fixture.hpp"
#include "auditor.hpp"
#include "ledger/encoding.hpp"
#include "ledger/rebuild.hpp"
#include "ledger/store.hpp"
#include "store_source.hpp"

namespace ledger {
namespace {

using testing::AuditScenario;

// Every key and value of every column, as one hash.
std::string Fingerprint(const Store& store) {
  std::string all;
  for (std::size_t c = 0; c < kColumnCount; ++c) {
    Status scanned = store.Scan(static_cast<Column>(c), "", [&all](std::string_view key, std::string_view value) {
      all += std::to_string(key.size()) + ":" + std::string(key) + std::to_string(value.size()) + ":" +
             std::string(value);
      return true;
    });
    EXPECT_TRUE(scanned.ok());
    all += "|";
  }
  return HexEncode(Sha256(all));
}

class StateProperty : public ::testing::TestWithParam<uint32_t> {
 protected:
  // Submissions the rules must refuse, made from the scenario's state:
  // a batch whose later event overdraws, or takes a receipt its earlier
  // event took; a transfer of more than the fund holds; a reversal of a
  // reversal.
  Json Refusable(AuditScenario& s, std::mt19937& rng, int i) {
    const int org = static_cast<int>(rng() % AuditScenario::kOrgs);
    const std::string idem = "x-" + std::to_string(i);
    switch (rng() % 4) {
      case 0:
        return testing::Batch(
            AuditScenario::OrgId(org),
            {testing::BatchEvent("donation.received", idem + "-a", s.Donation(org, 1, "X-" + std::to_string(i), 500)),
             testing::BatchEvent("disbursement.made", idem + "-b",
                                 {{"fund", AuditScenario::FundId(org, 1)}, {"amount_fen", int64_t{1} << 50},
                                  {"beneficiary", {{"pseudonym", std::string(64, 'b')}, {"kind", "individual"}}},
                                  {"purpose", "general"}, {"reference", "r"}, {"date", "2026-11-23"}})},
            s.org_key(org));
      case 1:
        return testing::Batch(
            AuditScenario::OrgId(org),
            {testing::BatchEvent("donation.received", idem + "-a", s.Donation(org, 0, "Y-" + std::to_string(i), 500)),
             testing::BatchEvent("donation.received", idem + "-b", s.Donation(org, 1, "Y-" + std::to_string(i), 700))},
            s.org_key(org));
      case 2:
        return s.As(org, "funds.transferred", idem,
                    {{"from", AuditScenario::FundId(org, 1)}, {"to", AuditScenario::FundId(org, 0)},
                     {"amount_fen", int64_t{1} << 50}, {"reason", "allocation"}, {"reference", "r"},
                     {"date", "2026-11-23"}});
      default:
        return s.As(org, "event.reversed", idem, {{"seq", 1}, {"reason", "not money"}});
    }
  }
};

TEST_P(StateProperty, LiveRebuiltAndAuditedStatesAreOneAndARefusalChangesNothing) {
  AuditScenario s;
  s.Build(120, GetParam(), /*checkpoint_every=*/25);
  std::mt19937 rng(GetParam() * 7 + 1);
  for (int i = 0; i < 30; ++i) {
    const Json doc = Refusable(s, rng, i);
    const std::string before = Fingerprint(s.ledger().log().store());
    auto refused = s.ledger().Submit(doc);
    ASSERT_FALSE(refused.ok()) << doc.dump();
    ASSERT_EQ(Fingerprint(s.ledger().log().store()), before) << "a refusal changed the store: " << doc.dump();
  }
  s.PostRandom(60, GetParam() + 100, 25);  // more after the refusals
  s.Close();

  auto rebuilt = RebuildProjections(s.data_dir(), /*write=*/false);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.error().ToString();
  EXPECT_EQ(rebuilt->differences, 0u) << (rebuilt->first.empty() ? "" : rebuilt->first[0].key);
  EXPECT_GT(rebuilt->keys, 500u);

  auto source = audit::OpenStoreSource(s.data_dir());
  ASSERT_TRUE(source.ok());
  const audit::AuditReport report = audit::RunAudit(**source, {});
  ASSERT_TRUE(report.ok()) << audit::SummaryText(report);
  EXPECT_EQ(report.projection_keys, rebuilt->keys);
  EXPECT_EQ(report.projection_differences, 0u);
}

INSTANTIATE_TEST_SUITE_P(Seeds, StateProperty, ::testing::Values(3u, 17u, 29u));

}  // namespace
}  // namespace ledger
