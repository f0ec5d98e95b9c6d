// Reading one HTTP request from bytes in memory (api/request_bytes.hpp),
// the way the request fuzz target drives the router.
#include <string>

#include <gtest/gtest.h>

#include "request_bytes.hpp"

namespace ledger::api {
namespace {

constexpr std::size_t kHeaderLimit = 256;
constexpr std::size_t kBodyLimit = 16;

Result<Request> Parse(const std::string& bytes) { return ParseRequestBytes(bytes, kHeaderLimit, kBodyLimit); }

TEST(RequestBytes, ReadsMethodTargetLowerCasedHeadersAndBody) {
  auto request = Parse("POST /v1/events?x=1 HTTP/1.1\r\nHost: a\r\nX-Thing: B\r\nContent-Length: 2\r\n\r\n{}");
  ASSERT_TRUE(request.ok()) << request.error().ToString();
  EXPECT_EQ(request->method, "POST");
  EXPECT_EQ(request->target, "/v1/events?x=1");
  EXPECT_EQ(request->Header("x-thing"), "B");
  EXPECT_EQ(request->body, "{}");
}

TEST(RequestBytes, IgnoresAPipelinedSecondRequest) {
  auto request = Parse("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(request.ok()) << request.error().ToString();
  EXPECT_EQ(request->target, "/a");
}

// Found by http_request_fuzz: no bytes at all broke Beast's put_eof
// precondition (an assertion in a debug build).
TEST(RequestBytes, NoBytesIsNoRequest) {
  auto request = Parse("");
  ASSERT_FALSE(request.ok());
  EXPECT_EQ(request.error().code, Code::kInvalidArgument);
}

TEST(RequestBytes, ACutShortRequestIsRefused) {
  EXPECT_EQ(Parse("GET /a HTTP/1.1\r\nHost: a\r\n").error().code, Code::kInvalidArgument);
  EXPECT_EQ(Parse("POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\n{}").error().code, Code::kInvalidArgument);
}

TEST(RequestBytes, BodyAtTheLimitPassesOneOverIsTooLarge) {
  const std::string at_limit(kBodyLimit, 'x');
  auto ok = Parse("POST /a HTTP/1.1\r\nContent-Length: 16\r\n\r\n" + at_limit);
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  auto over = Parse("POST /a HTTP/1.1\r\nContent-Length: 17\r\n\r\n" + at_limit + "x");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, Code::kTooLarge);
}

TEST(RequestBytes, HeadersOverTheLimitAreTooLarge) {
  auto over = Parse("GET /a HTTP/1.1\r\nX-Long: " + std::string(kHeaderLimit, 'y') + "\r\n\r\n");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, Code::kTooLarge);
}

}  // namespace
}  // namespace ledger::api
