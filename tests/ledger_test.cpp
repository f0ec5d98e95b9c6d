// The ledger service over a real RocksDB: who may post what, with which
// key, idempotency, batch atomicity, reversals, and state that survives a
// reopen. Every refusal is checked to leave the log as it was.
#include <algorithm>
#include <future>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "ledger/service/admission.hpp"
#include "ledger/service/store_kv.hpp"
#include "ledger/encoding.hpp"
#include "ledger/ledger.hpp"
#include "ledger/submission.hpp"
#include "ledger_fixture.hpp"
#include "submit_util.hpp"

namespace ledger {
namespace {

using testing::Batch;
using testing::BatchEvent;
using testing::RateBody;
using testing::RegisterBody;
using testing::SignedSubmission;

const std::string kRegulatorId = "civil-affairs";

Json DonationBody(int n, int amount = 100) {
  return {{"receipt", "R-" + std::to_string(n)},
          {"fund", "general-fund"},
          {"amount_fen", amount},
          {"donor", {{"pseudonym", std::string(64, 'a')}, {"kind", "individual"}}},
          {"channel", "online"},
          {"date", "2026-11-23"}};
}

Json GeneralFund() {
  return {{"id", "general-fund"}, {"owner", "charity"}, {"kind", "donations"},
          {"purpose", "general"}, {"restricted", false}, {"name", "General fund"}};
}

Json DisbursementBody() {
  return {{"fund", "general-fund"},
          {"amount_fen", 50},
          {"beneficiary", {{"pseudonym", std::string(64, 'b')}, {"kind", "individual"}}},
          {"purpose", "elderly"},
          {"reference", "grant 7"},
          {"date", "2026-11-23"}};
}

class LedgerTest : public ::testing::Test, public testing::LedgerFixture {
 protected:
  void SetUp() override {
    ledger_ = OpenLedger();
    ASSERT_TRUE(ledger_);
    charity_key_ = std::make_unique<PrivateKey>(*PrivateKey::Generate());
    Register("charity", "charity", {"fundraise"}, charity_key_->public_key());
    auto opened = Post(SignedSubmission("fund.opened", "charity", "open-general", GeneralFund(),
                                        *charity_key_));
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();  // seq 2
  }

  Result<SubmitOutcome> Post(const Json& doc) { return ledger_->Submit(doc); }

  void Register(const std::string& id, const std::string& kind, std::vector<std::string> roles,
                const PublicKey& key) {
    auto r = Post(SignedSubmission("org.registered", kRegulatorId, "reg-" + id,
                                   RegisterBody(id, kind, std::move(roles), key), regulator()));
    ASSERT_TRUE(r.ok()) << r.error().ToString();
  }

  Result<SubmitOutcome> Donate(int n, const PrivateKey& key, const std::string& idem = "") {
    return Post(SignedSubmission("donation.received", "charity",
                                 idem.empty() ? "d-" + std::to_string(n) : idem, DonationBody(n),
                                 key));
  }

  // Expects `r` refused with `code` naming `field`, and the log unchanged.
  void ExpectRefused(const Result<SubmitOutcome>& r, Code code, const std::string& field,
                     uint64_t size_before) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, code) << r.error().ToString();
    EXPECT_EQ(r.error().field, field) << r.error().ToString();
    EXPECT_EQ(ledger_->log().size(), size_before);
  }

  Json StoredEvent(uint64_t seq) { return *ParseStrict(*ledger_->log().ReadEvent(seq)); }

  std::unique_ptr<Ledger> ledger_;
  std::unique_ptr<PrivateKey> charity_key_;
};

TEST_F(LedgerTest, RegisteredOrgPostsAndGetsItsSeqAndLeafHash) {
  auto r = Donate(1, *charity_key_);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(r->results.size(), 1u);
  EXPECT_EQ(r->results[0].seq, 3u);  // genesis, registration, fund, this
  EXPECT_EQ(r->results[0].idem, "d-1");
  EXPECT_FALSE(r->results[0].duplicate);
  EXPECT_EQ(r->results[0].leaf_hash, *ledger_->log().LeafHashAt(3));
  EXPECT_EQ(r->tree_size, 4u);
  Json stored = StoredEvent(3);
  EXPECT_EQ(stored["org"], "charity");
  EXPECT_EQ(stored["body"], DonationBody(1));
  EXPECT_TRUE(stored.contains("sig"));
  EXPECT_FALSE(stored.contains("batch"));
  testing::ExpectValidChain(ledger_->log());
}

// The answer is delivered on the ledger's writer thread: a callback that
// throws loses its own answer, not the writer, and the event it appended
// stays; the ledger goes on deciding.
TEST_F(LedgerTest, ACallbackThatThrowsDoesNotStopTheWriter) {
  const std::string body = *Canonicalize(SignedSubmission("donation.received", "charity", "d-1", DonationBody(1),
                                                          *charity_key_));
  std::promise<void> called;
  ledger_->SubmitAsync(body, [&called](Result<SubmitOutcome>) {
    called.set_value();
    throw std::runtime_error("the caller's bug");
  });
  called.get_future().wait();
  auto next = Donate(2, *charity_key_);
  ASSERT_TRUE(next.ok()) << next.error().ToString();
  EXPECT_EQ(next->results[0].seq, 4u);  // after the thrower's donation, at 3
  EXPECT_EQ(StoredEvent(3)["idem"], "d-1");
}

TEST_F(LedgerTest, RegisteredOrgIsServedWithItsKeyAndRoles) {
  auto org = ledger_->OrgJson("charity");
  ASSERT_TRUE(org.ok()) << org.error().ToString();
  EXPECT_EQ((*org)["kind"], "charity");
  EXPECT_EQ((*org)["roles"], Json::array({"fundraise"}));
  EXPECT_EQ((*org)["registered_seq"], 1);
  EXPECT_EQ((*org)["keys"][0]["public_key"], charity_key_->public_key().Base64());
  EXPECT_EQ((*org)["suspended"], nullptr);
  EXPECT_EQ(ledger_->OrgJson("nobody").error().code, Code::kNotFound);
  EXPECT_EQ((*ledger_->OrgJson(kRegulatorId))["roles"], Json::array({"regulate"}));
}

TEST_F(LedgerTest, UnknownOrgIs401) {
  auto stranger = *PrivateKey::Generate();
  ExpectRefused(Post(SignedSubmission("donation.received", "stranger", "x", DonationBody(1), stranger)),
                Code::kUnauthenticated, "org", 3);
}

TEST_F(LedgerTest, SignatureByAnotherKeyIs401) {
  ExpectRefused(Donate(1, regulator()), Code::kUnauthenticated, "sig", 3);
}

TEST_F(LedgerTest, TamperedBodyAfterSigningIs401) {
  Json doc = SignedSubmission("donation.received", "charity", "d-1", DonationBody(1), *charity_key_);
  doc["body"]["amount_fen"] = 100000;
  ExpectRefused(Post(doc), Code::kUnauthenticated, "sig", 3);
}

TEST_F(LedgerTest, RoleTheOrgLacksIs403NamingType) {
  ExpectRefused(Post(SignedSubmission("disbursement.made", "charity", "x", DisbursementBody(),
                                      *charity_key_)),
                Code::kPermissionDenied, "type", 3);
}

TEST_F(LedgerTest, OrgEventsArePostedOnlyByTheGenesisRegulator) {
  auto bureau = *PrivateKey::Generate();
  Register("bureau", "civil_affairs", {"regulate"}, bureau.public_key());
  // The bureau regulates (rate_set) but does not manage the registry.
  EXPECT_TRUE(Post(SignedSubmission("lottery.rate_set", "bureau", "r1", RateBody(1), bureau)).ok());
  auto other = *PrivateKey::Generate();
  ExpectRefused(Post(SignedSubmission("org.registered", "bureau", "r2",
                                      RegisterBody("x", "charity", {"fundraise"}, other.public_key()),
                                      bureau)),
                Code::kPermissionDenied, "type", 5);
}

TEST_F(LedgerTest, SuspendedOrgCanPostNothing) {
  ASSERT_TRUE(Donate(1, *charity_key_).ok());
  ASSERT_TRUE(Post(SignedSubmission("org.suspended", kRegulatorId, "s1",
                                    {{"org", "charity"}, {"reason", "audit findings"}}, regulator()))
                  .ok());
  ExpectRefused(Donate(2, *charity_key_), Code::kPermissionDenied, "org", 5);
  EXPECT_EQ((*ledger_->OrgJson("charity"))["suspended"]["seq"], 4);
}

TEST_F(LedgerTest, KeyIsValidFromItsRotationOnAndNotBefore) {
  auto next = *PrivateKey::Generate();
  ExpectRefused(Donate(1, next), Code::kUnauthenticated, "sig", 3);  // not yet valid
  ASSERT_TRUE(Post(SignedSubmission("org.key_rotated", kRegulatorId, "rot-1",
                                    {{"org", "charity"}, {"public_key", next.public_key().Base64()}},
                                    regulator()))
                  .ok());
  ExpectRefused(Donate(2, *charity_key_), Code::kUnauthenticated, "sig", 4);  // no longer valid
  auto r = Donate(3, next);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  Json org = *ledger_->OrgJson("charity");
  ASSERT_EQ(org["keys"].size(), 2u);
  EXPECT_EQ(org["keys"][1]["valid_from_seq"], 3);
}

TEST_F(LedgerTest, ResendReturnsTheOriginalResultMarkedDuplicate) {
  const Json doc = SignedSubmission("donation.received", "charity", "d-1", DonationBody(1), *charity_key_);
  auto first = Post(doc);
  ASSERT_TRUE(first.ok());
  auto again = Post(doc);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_FALSE(again->appended);
  ASSERT_EQ(again->results.size(), 1u);
  EXPECT_TRUE(again->results[0].duplicate);
  EXPECT_EQ(again->results[0].seq, first->results[0].seq);
  EXPECT_EQ(again->results[0].leaf_hash, first->results[0].leaf_hash);
  EXPECT_EQ(ledger_->log().size(), 4u);
}

TEST_F(LedgerTest, SameIdemWithOtherContentIs409) {
  ASSERT_TRUE(Donate(1, *charity_key_, "same").ok());
  ExpectRefused(Donate(2, *charity_key_, "same"), Code::kConflict, "idem", 4);
}

TEST_F(LedgerTest, IdemIsPerOrg) {
  auto other = *PrivateKey::Generate();
  Register("other", "charity", {"fundraise"}, other.public_key());
  ASSERT_TRUE(Donate(1, *charity_key_, "shared").ok());
  Json fund = GeneralFund();
  fund["id"] = "other-fund";
  fund["owner"] = "other";
  auto r = Post(SignedSubmission("fund.opened", "other", "shared", fund, other));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_FALSE(r->results[0].duplicate);
}

TEST_F(LedgerTest, RefusedSubmissionLeavesItsIdemFree) {
  ExpectRefused(Donate(1, regulator(), "retry-me"), Code::kUnauthenticated, "sig", 3);
  auto r = Donate(1, *charity_key_, "retry-me");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_FALSE(r->results[0].duplicate);
}

TEST_F(LedgerTest, BatchIsAppendedAsConsecutiveSeqsCarryingTheBatchSignature) {
  Json batch = Batch("charity",
                     {BatchEvent("donation.received", "b-1", DonationBody(1)),
                      BatchEvent("donation.received", "b-2", DonationBody(2)),
                      BatchEvent("donation.received", "b-3", DonationBody(3))},
                     *charity_key_);
  auto r = Post(batch);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(r->results.size(), 3u);
  std::vector<Json> stored;
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(r->results[i].seq, 3 + i);
    EXPECT_EQ(r->results[i].idem, "b-" + std::to_string(i + 1));
    stored.push_back(StoredEvent(3 + i));
    EXPECT_EQ(stored.back()["batch"], Json({{"sig", batch["sig"]}, {"size", 3}, {"start", 3}}));
    EXPECT_FALSE(stored.back().contains("sig"));
  }
  // What an auditor does: rebuild the signed bytes from the stored events.
  auto bytes = BatchSignedBytes(stored);
  ASSERT_TRUE(bytes.ok()) << bytes.error().ToString();
  EXPECT_EQ(*bytes, *SignedBytes(batch));
  auto sig = Base64Decode(batch["sig"].get<std::string>());
  EXPECT_TRUE(charity_key_->public_key().Verify(AsBytes(*bytes), *sig));
}

TEST_F(LedgerTest, StoredSingleEventReverifiesWithItsSignature) {
  auto r = Donate(1, *charity_key_);
  ASSERT_TRUE(r.ok());
  Json stored = StoredEvent(r->results[0].seq);
  auto bytes = SubmissionSignedBytes(stored);
  ASSERT_TRUE(bytes.ok()) << bytes.error().ToString();
  auto sig = Base64Decode(stored["sig"].get<std::string>());
  EXPECT_TRUE(charity_key_->public_key().Verify(AsBytes(*bytes), *sig));
}

TEST_F(LedgerTest, OneBadEventRefusesTheWholeBatchNamingItsIndex) {
  Json bad = DonationBody(2);
  bad["amount_fen"] = 0;
  ExpectRefused(Post(Batch("charity",
                           {BatchEvent("donation.received", "b-1", DonationBody(1)),
                            BatchEvent("donation.received", "b-2", bad)},
                           *charity_key_)),
                Code::kInvalidArgument, "events[1].body.amount_fen", 3);
  // Neither idem was taken.
  auto retry = Post(Batch("charity", {BatchEvent("donation.received", "b-1", DonationBody(1))},
                          *charity_key_));
  EXPECT_TRUE(retry.ok());
}

TEST_F(LedgerTest, RuleRefusalLaterInABatchUndoesEarlierEvents) {
  auto a = *PrivateKey::Generate();
  ExpectRefused(
      Post(Batch(kRegulatorId,
                 {BatchEvent("org.registered", "r-a", RegisterBody("org-a", "charity", {"fundraise"}, a.public_key())),
                  BatchEvent("org.registered", "r-b", RegisterBody("charity", "charity", {"fundraise"}, a.public_key()))},
                 regulator())),
      Code::kUnprocessable, "events[1].body.id", 3);
  EXPECT_EQ(ledger_->OrgJson("org-a").error().code, Code::kNotFound);
  // The undo reached the writer's own registry too: org-a may be registered now.
  EXPECT_TRUE(Post(SignedSubmission("org.registered", kRegulatorId, "r-a",
                                    RegisterBody("org-a", "charity", {"fundraise"}, a.public_key()),
                                    regulator()))
                  .ok());
}

TEST_F(LedgerTest, EventsOfABatchSeeTheOnesBeforeThem) {
  auto a1 = *PrivateKey::Generate();
  auto a2 = *PrivateKey::Generate();
  auto r = Post(Batch(kRegulatorId,
                      {BatchEvent("org.registered", "r-a", RegisterBody("org-a", "foundation", {"fundraise"}, a1.public_key())),
                       BatchEvent("org.key_rotated", "k-a", {{"org", "org-a"}, {"public_key", a2.public_key().Base64()}})},
                      regulator()));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  Json org = *ledger_->OrgJson("org-a");
  ASSERT_EQ(org["keys"].size(), 2u);
  EXPECT_EQ(org["keys"][1]["valid_from_seq"], 4);
}

TEST_F(LedgerTest, ExactBatchResendIsDuplicateButMixingOldAndNewIs409) {
  std::vector<Json> events = {BatchEvent("donation.received", "b-1", DonationBody(1)),
                              BatchEvent("donation.received", "b-2", DonationBody(2))};
  auto first = Post(Batch("charity", events, *charity_key_));
  ASSERT_TRUE(first.ok());
  auto again = Post(Batch("charity", events, *charity_key_));
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_TRUE(again->results[0].duplicate && again->results[1].duplicate);
  EXPECT_EQ(again->results[1].seq, first->results[1].seq);
  events.push_back(BatchEvent("donation.received", "b-3", DonationBody(3)));
  ExpectRefused(Post(Batch("charity", events, *charity_key_)), Code::kConflict, "events[0].idem", 5);
}

TEST_F(LedgerTest, ReversalIsByThePosterOnceAndOnlyOfMoneyEvents) {
  auto donation = Donate(1, *charity_key_);
  ASSERT_TRUE(donation.ok());
  const int64_t seq = static_cast<int64_t>(donation->results[0].seq);
  auto reverse = [&](const std::string& org, const std::string& idem, int64_t target,
                     const PrivateKey& key) {
    return Post(SignedSubmission("event.reversed", org, idem, {{"seq", target}, {"reason", "entered twice"}}, key));
  };
  ExpectRefused(reverse(kRegulatorId, "x1", 1, regulator()), Code::kUnprocessable, "body.seq", 4);
  ExpectRefused(reverse("charity", "x2", 99, *charity_key_), Code::kUnprocessable, "body.seq", 4);
  auto other = *PrivateKey::Generate();
  Register("other", "charity", {"fundraise"}, other.public_key());
  ExpectRefused(reverse("other", "x3", seq, other), Code::kPermissionDenied, "body.seq", 5);
  ASSERT_TRUE(reverse("charity", "x4", seq, *charity_key_).ok());
  ExpectRefused(reverse("charity", "x5", seq, *charity_key_), Code::kUnprocessable, "body.seq", 6);
}

TEST_F(LedgerTest, StateAndIdemsSurviveAReopen) {
  const Json doc = SignedSubmission("donation.received", "charity", "d-1", DonationBody(1), *charity_key_);
  ASSERT_TRUE(Post(doc).ok());
  ledger_.reset();
  ledger_ = OpenLedger();
  ASSERT_TRUE(ledger_);
  auto again = Post(doc);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_TRUE(again->results[0].duplicate);
  EXPECT_TRUE(Donate(2, *charity_key_).ok());
}

TEST_F(LedgerTest, EventsAppendedWithoutAdmissionAreReplayedOnOpen) {
  ledger_.reset();
  auto key = *PrivateKey::Generate();
  {
    auto log = Open();
    ASSERT_TRUE(log);
    Json entry = SignedSubmission("org.registered", kRegulatorId, "raw",
                                  RegisterBody("raw-org", "charity", {"fundraise"}, key.public_key()),
                                  regulator());
    ASSERT_TRUE(log->Append({entry}).ok());
  }
  ledger_ = OpenLedger();
  ASSERT_TRUE(ledger_);
  EXPECT_EQ((*ledger_->OrgJson("raw-org"))["registered_seq"], 3);
  Json own = GeneralFund();
  own["id"] = "raw-fund";
  own["owner"] = "raw-org";
  EXPECT_TRUE(Post(SignedSubmission("fund.opened", "raw-org", "f", own, key)).ok());
}

TEST_F(LedgerTest, ConcurrentSubmittersGetDistinctSeqsAndOneWinsASharedIdem) {
  constexpr int kThreads = 8, kEach = 25;
  std::vector<std::thread> threads;
  std::vector<std::vector<uint64_t>> seqs(kThreads);
  const Json shared = SignedSubmission("donation.received", "charity", "shared", DonationBody(0), *charity_key_);
  std::vector<SubmitOutcome> shared_outcomes(kThreads);
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      auto s = Post(shared);
      ASSERT_TRUE(s.ok());
      shared_outcomes[t] = *s;
      for (int i = 0; i < kEach; ++i) {
        auto r = Donate(1000 * (t + 1) + i, *charity_key_);
        ASSERT_TRUE(r.ok()) << r.error().ToString();
        seqs[t].push_back(r->results[0].seq);
      }
    });
  for (auto& th : threads) th.join();
  std::set<uint64_t> all;
  for (const auto& s : seqs) all.insert(s.begin(), s.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kEach));
  int originals = 0;
  for (const auto& o : shared_outcomes) {
    originals += o.results[0].duplicate ? 0 : 1;
    EXPECT_EQ(o.results[0].seq, shared_outcomes[0].results[0].seq);
  }
  EXPECT_EQ(originals, 1);
  EXPECT_EQ(ledger_->log().size(), 3u + 1 + kThreads * kEach);
  testing::ExpectValidChain(ledger_->log());
}

TEST_F(LedgerTest, WriterRechecksTheSignatureWhenTheKeyAtTheSeqDiffers) {
  // As if the caller had checked with a key that was rotated away before
  // the writer reached the submission.
  Admission admission{OrgId(kRegulatorId)};
  StoreKv kv(ledger_->log().store(), LogEventBytes(ledger_->log()));
  Overlay overlay(&kv);
  State state(overlay);
  auto stale = *PrivateKey::Generate();
  auto submission = ParseSubmission(SignedSubmission("lottery.rate_set", kRegulatorId, "r", RateBody(1), stale));
  ASSERT_TRUE(submission.ok());
  const PublicKey stale_key = stale.public_key();
  const std::vector<std::string_view> ts(1, "2026-11-23T04:55:34.123Z");
  auto decided = admission.Decide(*submission, &stale_key, Seq(ledger_->log().size()), ts, state);
  ASSERT_FALSE(decided.ok());
  EXPECT_EQ(decided.error().code, Code::kUnauthenticated);
  EXPECT_EQ(overlay.change_count(), 0u);
}

TEST_F(LedgerTest, MalformedTextIs400BeforeAnythingElse) {
  auto r = ledger_->Submit(std::string_view("{\"type\":1.5}"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::kInvalidArgument);
  EXPECT_EQ(ledger_->log().size(), 3u);
}

}  // namespace
}  // namespace ledger
