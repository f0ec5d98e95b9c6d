// Load limits: token buckets by key, the bounded queue in front of the
// writer (503), the per-org event rate (429, counted after the signature)
// and the per-address request rate of the real server (429), each with
// Retry-After, a problem body and a count in /metrics.
#include <future>
#include <latch>

#include "api_fixture.hpp"
#include "cli_options.hpp"
#include "ledger/log/group_queue.hpp"
#include "ledger/rate_limiter.hpp"
#include "session.hpp"

namespace ledger::api {
namespace {

using Clock = RateLimiter::Clock;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// ---------------------------------------------------------------------------
// RateLimiter, on a clock the test moves.

TEST(RateLimiter, AKeySpendsItsBurstThenEarnsRateTokensASecond) {
  RateLimiter limiter({.rate = 2, .burst = 4});
  const Clock::time_point t0{};
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(limiter.Take("a", 1, t0)) << i;
  EXPECT_FALSE(limiter.Take("a", 1, t0));
  EXPECT_TRUE(limiter.Take("b", 1, t0)) << "another key has its own bucket";
  EXPECT_FALSE(limiter.Take("a", 1, t0 + std::chrono::milliseconds(400)));  // 0.8 tokens
  EXPECT_TRUE(limiter.Take("a", 1, t0 + std::chrono::milliseconds(500)));   // 1.0
  EXPECT_FALSE(limiter.Take("a", 1, t0 + std::chrono::milliseconds(500)));
  // However long it waits, it saves up no more than the burst.
  const auto later = t0 + std::chrono::seconds(60);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(limiter.Take("a", 1, later)) << i;
  EXPECT_FALSE(limiter.Take("a", 1, later));
}

TEST(RateLimiter, ACostOverTheBurstPassesOnAFullBucketAndLeavesItInDebt) {
  RateLimiter limiter({.rate = 1, .burst = 2});
  const Clock::time_point t0{};
  EXPECT_TRUE(limiter.Take("org", 5, t0));  // 2 - 5 = -3
  EXPECT_FALSE(limiter.Take("org", 1, t0 + std::chrono::seconds(3)));  // 0 tokens
  EXPECT_TRUE(limiter.Take("org", 1, t0 + std::chrono::seconds(4)));   // 1 token
  EXPECT_FALSE(limiter.Take("org", 5, t0 + std::chrono::seconds(5))) << "1 token: not full";
}

TEST(RateLimiter, TheTableIsBoundedAndDropsOnlyBucketsThatHaveRefilled) {
  RateLimiter limiter({.rate = 1, .burst = 1, .max_keys = 2});
  const Clock::time_point t0{};
  EXPECT_TRUE(limiter.Take("a", 1, t0));
  EXPECT_TRUE(limiter.Take("b", 1, t0));
  EXPECT_FALSE(limiter.Take("c", 1, t0 + std::chrono::milliseconds(500))) << "a and b are still in use";
  EXPECT_EQ(limiter.keys(), 2u);
  // A second on, a and b are full again, the same as absent: they make room.
  EXPECT_TRUE(limiter.Take("c", 1, t0 + std::chrono::seconds(2)));
  EXPECT_LE(limiter.keys(), 2u);
}

// ---------------------------------------------------------------------------
// The queue in front of the writer.

struct Item {
  std::size_t events = 1;
  std::size_t bytes = 1;
};

TEST(GroupQueue, PastMaxQueuedAPushIsRefusedUntilTheWriterTakesSome) {
  GroupQueue<Item> queue({.max_group_events = 10, .max_group_bytes = 100, .max_queued = 2});
  std::string refusal;
  for (int i = 0; i < 2; ++i) {
    auto item = std::make_unique<Item>();
    EXPECT_TRUE(queue.Push(item, refusal));
  }
  auto third = std::make_unique<Item>();
  EXPECT_FALSE(queue.Push(third, refusal));
  EXPECT_NE(third, nullptr) << "a refused request stays with the caller";
  EXPECT_TRUE(Contains(refusal, "2 submissions are waiting")) << refusal;
  EXPECT_EQ(queue.refused_full(), 1u);
  EXPECT_EQ(queue.TakeGroup(/*wait=*/false).size(), 2u);
  EXPECT_TRUE(queue.Push(third, refusal));
}

// ---------------------------------------------------------------------------
// The ledger: --max-pending and --rate-org.

class PendingLimitTest : public ApiFixture {
 protected:
  void SetUp() override {
    ledger_options_.max_pending = 1;
    ApiFixture::SetUp();
  }
};

TEST_F(PendingLimitTest, AFullQueueIsRefused503WithRetryAfterAndCounted) {
  // The first submission's answer runs on the writer's thread and holds it,
  // so that nothing leaves the queue while the test fills it.
  std::latch answered(1), release(1);
  ledger_->SubmitAsync(SignedSubmission("lottery.rate_set", "reg", "hold", RateBody(10), *regulator_).dump(),
                       [&](Result<SubmitOutcome> r) {
                         EXPECT_TRUE(r.ok());
                         answered.count_down();
                         release.wait();
                       });
  answered.wait();
  // Whatever fails below, the writer is let go, or teardown would hang.
  struct Release {
    std::latch& latch;
    ~Release() {
      if (latch.try_wait() == false) latch.count_down();
    }
  } guard{release};
  std::promise<Result<SubmitOutcome>> queued, refused;
  ledger_->SubmitAsync(SignedSubmission("lottery.rate_set", "reg", "queued", RateBody(11), *regulator_).dump(),
                       [&](Result<SubmitOutcome> r) { queued.set_value(std::move(r)); });
  ledger_->SubmitAsync(SignedSubmission("lottery.rate_set", "reg", "refused", RateBody(12), *regulator_).dump(),
                       [&](Result<SubmitOutcome> r) { refused.set_value(std::move(r)); });
  Result<SubmitOutcome> third = refused.get_future().get();
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().code, Code::kUnavailable);
  EXPECT_EQ(ledger_->Memory().queued_submissions, 1u);
  EXPECT_EQ(ledger_->Memory().queue_limit, 1u);
  release.count_down();
  EXPECT_TRUE(queued.get_future().get().ok()) << "the queued one is written once the writer goes on";
  EXPECT_EQ(log_->size(), kTreeSize + 2);

  const Response response = ErrorResponse(third.error());
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(ProblemField(response), "");
  EXPECT_TRUE(std::find(response.headers.begin(), response.headers.end(),
                        std::pair<std::string, std::string>{"Retry-After", "1"}) != response.headers.end());
  EXPECT_TRUE(Contains(Call("/metrics").body, "\nledgerd_writer_queue_full_total 1\n"));
  EXPECT_TRUE(Contains(Call("/metrics").body, "\nledgerd_writer_queue_limit 1\n"));
}

class OrgRateTest : public ServerFixture {
 protected:
  void SetUp() override {
    ledger_options_.org_events_per_second = kRate;  // bursts of 2 * kRate
    ApiFixture::SetUp();
    // The fixture's own five events took most of reg's burst: let it refill.
    std::this_thread::sleep_for(std::chrono::milliseconds(2 * 1000 + 100));
  }
  static constexpr int kRate = 3;
};

TEST_F(OrgRateTest, AnOrgPastItsRateIsRefused429NamingOrgWithNothingWritten) {
  StartServer();
  const auto start = std::chrono::steady_clock::now();
  int created = 0, limited = 0;
  Reply last_limited;
  // Enough that even at 250 ms a post the burst and the rate run out.
  constexpr int kPosts = 40;
  for (int n = 0; n < kPosts; ++n) {
    const Reply reply = Post(port_, "/v1/events",
                             SignedSubmission("lottery.rate_set", "reg", "r" + std::to_string(n), RateBody(20 + n),
                                              *regulator_).dump());
    if (reply.status == 201) ++created;
    if (reply.status == 429) last_limited = reply, ++limited;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // The burst plus what the rate earned meanwhile, no more.
  EXPECT_GE(created, 2 * kRate);
  EXPECT_LE(created, 2 * kRate + static_cast<int>(kRate * seconds) + 1);
  ASSERT_GE(limited, 1);
  EXPECT_EQ(created + limited, kPosts);
  EXPECT_EQ(log_->size(), kTreeSize + static_cast<uint64_t>(created));
  EXPECT_EQ(last_limited.Header("retry-after"), "1");
  EXPECT_EQ(last_limited.JsonBody()["errors"][0]["field"], "org");
  EXPECT_TRUE(Contains(Get(port_, "/metrics").body,
                       "ledgerd_rate_limited_total{limit=\"org\"} " + std::to_string(limited) + "\n"));
}

TEST_F(OrgRateTest, NeitherABadSignatureNorAReplayIsCountedAgainstTheOrg) {
  StartServer();
  auto stranger = PrivateKey::Generate();
  ASSERT_TRUE(stranger.ok());
  for (int n = 0; n < 12; ++n) {
    const Reply reply = Post(port_, "/v1/events",
                             SignedSubmission("lottery.rate_set", "reg", "x" + std::to_string(n), RateBody(30 + n),
                                              *stranger).dump());
    EXPECT_EQ(reply.status, 401) << reply.body;
  }
  // A forger cannot spend the org's tokens: its own events still pass.
  const Json own = SignedSubmission("lottery.rate_set", "reg", "own", RateBody(40), *regulator_);
  const Reply reply = Post(port_, "/v1/events", own.dump());
  EXPECT_EQ(reply.status, 201) << reply.body;
  // Nor can anyone replaying what the org posted: a stored event is not charged again.
  for (int n = 0; n < 10; ++n) EXPECT_EQ(Post(port_, "/v1/events", own.dump()).status, 201) << n;
  EXPECT_TRUE(Contains(Get(port_, "/metrics").body, "ledgerd_rate_limited_total{limit=\"org\"} 0\n"));
}

// ---------------------------------------------------------------------------
// The server: --rate-ip.

TEST(ClientKey, IPv4ByAddressIPv6ByItsSlash64) {
  using boost::asio::ip::make_address;
  EXPECT_EQ(ClientKey(make_address("192.0.2.7")), "192.0.2.7");
  EXPECT_EQ(ClientKey(make_address("2001:db8:1:2:aaaa:bbbb:cccc:dddd")), "2001:db8:1:2::/64");
  EXPECT_EQ(ClientKey(make_address("2001:db8:1:2::9")), ClientKey(make_address("2001:db8:1:2:ffff::1")));
  EXPECT_NE(ClientKey(make_address("2001:db8:1:2::9")), ClientKey(make_address("2001:db8:1:3::9")));
  EXPECT_EQ(ClientKey(make_address("::ffff:192.0.2.7")), "192.0.2.7");
}

class IpRateTest : public ServerFixture {};

TEST_F(IpRateTest, AClientPastItsRateIsRefused429AndTheHandlerNeverRuns) {
  std::atomic<int> handled{0};
  StartServer({.rate_per_ip = 2},  // bursts of 4
              [&](const Request& r, Respond respond) {
                ++handled;
                router_->Dispatch(r, std::move(respond));
              });
  const auto start = std::chrono::steady_clock::now();
  int ok = 0, limited = 0;
  Reply refusal;
  for (int i = 0; i < 12; ++i) {
    const Reply reply = Get(port_, "/healthz");
    if (reply.status == 200) ++ok;
    if (reply.status == 429) refusal = reply, ++limited;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LE(ok, 4 + static_cast<int>(2 * seconds) + 1);
  ASSERT_GE(limited, 1);
  EXPECT_EQ(ok + limited, 12);
  EXPECT_EQ(handled.load(), ok);
  EXPECT_EQ(refusal.Header("retry-after"), "1");
  EXPECT_EQ(refusal.JsonBody()["status"], 429);
  EXPECT_TRUE(Contains(refusal.JsonBody()["detail"].get<std::string>(), "127.0.0.1"));
  EXPECT_TRUE(Contains(metrics_.Render(0), "ledgerd_rate_limited_total{limit=\"ip\"} " + std::to_string(limited) + "\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // earns a token again
  EXPECT_EQ(Get(port_, "/healthz").status, 200);
}

// ---------------------------------------------------------------------------
// The flags.

TEST(LedgerdArgs, LoadLimitsDefaultAndAreBounded) {
  auto defaults = ParseLedgerdArgs(std::vector<std::string>{"--data=/tmp/x"});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->max_pending, kDefaultMaxPending);
  EXPECT_EQ(defaults->rate_ip, 0u);
  EXPECT_EQ(defaults->rate_org, 0u);
  auto set = ParseLedgerdArgs(
      std::vector<std::string>{"--data=/tmp/x", "--max-pending=8", "--rate-ip", "50", "--rate-org=5"});
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  EXPECT_EQ(set->max_pending, 8u);
  EXPECT_EQ(set->rate_ip, 50u);
  EXPECT_EQ(set->rate_org, 5u);
  for (const auto& [flag, value] : std::vector<std::pair<std::string, std::string>>{
           {"--max-pending", "0"}, {"--max-pending", "1000001"}, {"--rate-ip", "-1"}, {"--rate-org", "1.5"}}) {
    auto bad = ParseLedgerdArgs(std::vector<std::string>{"--data=/tmp/x", flag + "=" + value});
    ASSERT_FALSE(bad.ok()) << flag << " " << value;
    EXPECT_EQ(bad.error().field, flag);
  }
}

}  // namespace
}  // namespace ledger::api
