// The router, the problem shape and query parsing, without a ledger or a socket.
#include <stdexcept>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "ledger/canonical_json.hpp"
#include "problem.hpp"
#include "query.hpp"
#include "responses.hpp"
#include "router.hpp"

namespace ledger::api {
namespace {

// ---------------------------------------------------------------------------
// Error mapping and problem shape.

TEST(Problem, EveryCodeMapsToItsStatus) {
  EXPECT_EQ(HttpStatusFor(Code::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(Code::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(Code::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(Code::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(Code::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(Code::kTooLarge), 413);
  EXPECT_EQ(HttpStatusFor(Code::kUnprocessable), 422);
  EXPECT_EQ(HttpStatusFor(Code::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(Code::kIoError), 500);
  EXPECT_EQ(HttpStatusFor(Code::kCorruption), 500);
}

TEST(Problem, ErrorBecomesRfc9457BodyWithOneFieldEntry) {
  Response r = ErrorResponse(Error{Code::kConflict, "idem", "reused with different content"});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.content_type, "application/problem+json; charset=utf-8");
  Json p = Json::parse(r.body);
  EXPECT_EQ(p["type"], "about:blank");
  EXPECT_EQ(p["title"], "Conflict");
  EXPECT_EQ(p["status"], 409);
  EXPECT_EQ(p["detail"], "idem: reused with different content");
  ASSERT_EQ(p["errors"].size(), 1u);
  EXPECT_TRUE(p["errors"][0]["index"].is_null());
  EXPECT_EQ(p["errors"][0]["field"], "idem");
  EXPECT_EQ(p["errors"][0]["message"], "reused with different content");
}

TEST(Problem, FieldOfABatchEventGivesItsIndexAndTheFieldWithin) {
  Json p = Json::parse(
      ErrorResponse(Error::Invalid("events[12].body.amount_fen", "must be at least 1")).body);
  EXPECT_EQ(p["errors"][0]["index"], 12);
  EXPECT_EQ(p["errors"][0]["field"], "body.amount_fen");
  EXPECT_EQ(p["detail"], "events[12].body.amount_fen: must be at least 1");
  Json whole = Json::parse(ErrorResponse(Error::Invalid("events[3]", "must be an object")).body);
  EXPECT_EQ(whole["errors"][0]["index"], 3);
  EXPECT_TRUE(whole["errors"][0]["field"].is_null());
  // Only a well-formed index counts.
  Json odd = Json::parse(ErrorResponse(Error::Invalid("events[x].idem", "m")).body);
  EXPECT_TRUE(odd["errors"][0]["index"].is_null());
  EXPECT_EQ(odd["errors"][0]["field"], "events[x].idem");
  Json plain = Json::parse(ErrorResponse(Error::Invalid("events", "too many")).body);
  EXPECT_TRUE(plain["errors"][0]["index"].is_null());
  EXPECT_EQ(plain["errors"][0]["field"], "events");
}

TEST(Problem, ErrorWithoutFieldHasNullField) {
  Json p = Json::parse(ErrorResponse(Error::Corruption("node missing")).body);
  EXPECT_EQ(p["status"], 500);
  EXPECT_TRUE(p["errors"][0]["field"].is_null());
}

// ---------------------------------------------------------------------------
// Router mechanics, on a router of its own.

TEST(Router, UnknownPathIs404Problem) {
  Router router;
  router.Add("GET", "/a", [](const RouteCall&) -> Result<Response> { return TextResponse(200, "a"); });
  Response r = router.Handle({"GET", "/b", {}, {}});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, kProblemType);
  EXPECT_EQ(r.route, "unmatched");
}

TEST(Router, WrongMethodIs405ListingAllowedMethods) {
  Router router;
  auto ok = [](const RouteCall&) -> Result<Response> { return TextResponse(200, "x"); };
  router.Add("GET", "/a/{id}", ok);
  router.Add("POST", "/a/{id}", ok);
  Response r = router.Handle({"DELETE", "/a/1", {}, {}});
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"Allow", "GET, POST"}));
}

TEST(Router, LiteralSegmentBeatsPlaceholder) {
  Router router;
  router.Add("GET", "/e/{seq}", [](const RouteCall& c) -> Result<Response> {
    return TextResponse(200, "seq " + c.path.Get("seq"));
  });
  router.Add("GET", "/e/latest", [](const RouteCall&) -> Result<Response> {
    return TextResponse(200, "latest");
  });
  EXPECT_EQ(router.Handle({"GET", "/e/latest", {}, {}}).body, "latest");
  EXPECT_EQ(router.Handle({"GET", "/e/7", {}, {}}).body, "seq 7");
}

TEST(Router, CatchAllTakesTheRestOfThePathAsSent) {
  Router router;
  router.Add("GET", "/tile/{rest...}", [](const RouteCall& c) -> Result<Response> {
    return TextResponse(200, "rest " + c.path.Get("rest"));
  });
  EXPECT_EQ(router.Handle({"GET", "/tile/0/x001/234.p/7", {}, {}}).body, "rest 0/x001/234.p/7");
  EXPECT_EQ(router.Handle({"GET", "/tile/0//1?x=1", {}, {}}).body, "rest 0//1");
  EXPECT_EQ(router.Handle({"GET", "/tile/entries", {}, {}}).body, "rest entries");
  // At least one segment: "/tile" alone is not the catch-all's.
  EXPECT_EQ(router.Handle({"GET", "/tile", {}, {}}).status, 404);
  EXPECT_EQ(router.Handle({"GET", "/tiles/0/000", {}, {}}).status, 404);
}

TEST(Router, FixedPatternBeatsCatchAllWithAsManyLiterals) {
  Router router;
  router.Add("GET", "/t/{rest...}", [](const RouteCall&) -> Result<Response> {
    return TextResponse(200, "rest");
  });
  router.Add("GET", "/t/{id}", [](const RouteCall& c) -> Result<Response> {
    return TextResponse(200, "id " + c.path.Get("id"));
  });
  EXPECT_EQ(router.Handle({"GET", "/t/5", {}, {}}).body, "id 5");
  EXPECT_EQ(router.Handle({"GET", "/t/5/6", {}, {}}).body, "rest");
}

TEST(Router, HandlerErrorBecomesProblemWithRouteLabel) {
  Router router;
  router.Add("GET", "/x/{id}", [](const RouteCall&) -> Result<Response> {
    return Error{Code::kPermissionDenied, "org", "suspended"};
  });
  Response r = router.Handle({"GET", "/x/1", {}, {}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.route, "/x/{id}");
}

TEST(Router, AsyncHandlerAnswersFromAnotherThreadWithItsRouteLabel) {
  Router router;
  router.AddAsync("POST", "/later", [](const RouteCall&, RouteReply reply) {
    std::thread([reply] { reply(TextResponse(201, "done")); }).detach();
  });
  Response r = router.Handle({"POST", "/later", {}, {}});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, "done");
  EXPECT_EQ(r.route, "/later");
}

TEST(Router, AsyncHandlerErrorBecomesProblem) {
  Router router;
  router.AddAsync("POST", "/later", [](const RouteCall&, RouteReply reply) {
    reply(Error{Code::kConflict, "idem", "taken"});
  });
  Response r = router.Handle({"POST", "/later", {}, {}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(Json::parse(r.body)["errors"][0]["field"], "idem");
}

TEST(Router, HandlerExceptionBecomes500) {
  Router router;
  router.Add("GET", "/boom", [](const RouteCall&) -> Result<Response> {
    throw std::runtime_error("bug");
  });
  EXPECT_EQ(router.Handle({"GET", "/boom", {}, {}}).status, 500);
}

TEST(Router, TargetThatIsNotAPathIs400) {
  Router router;
  Response r = router.Handle({"GET", "http://x/a", {}, {}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Json::parse(r.body)["errors"][0]["field"], "target");
}

// ---------------------------------------------------------------------------
// Query parameters.

TEST(Query, MalformedNumbersAre400NamingTheParameter) {
  for (const char* bad : {"x", "+5", "%2B5", "-1", "1.0", "01", "", "1 ", "9007199254740992",
                          "99999999999999999999999"}) {
    SCOPED_TRACE(bad);
    auto params = QueryParams::Parse(std::string("from=") + bad);
    ASSERT_TRUE(params.ok());
    auto value = params->Uint("from");
    ASSERT_FALSE(value.ok());
    EXPECT_EQ(value.error().code, Code::kInvalidArgument);
    EXPECT_EQ(value.error().field, "from");
  }
}

TEST(Query, LargestSafeIntegerIsAccepted) {
  auto params = QueryParams::Parse("from=9007199254740991&to=0");
  ASSERT_TRUE(params.ok());
  EXPECT_EQ(**params->Uint("from"), 9007199254740991u);
  EXPECT_EQ(**params->Uint("to"), 0u);
  EXPECT_FALSE(params->Uint("limit")->has_value());
}

TEST(Query, DuplicateParameterIsRefused) {
  auto params = QueryParams::Parse("from=1&from=1");
  ASSERT_TRUE(params.ok());
  EXPECT_EQ(params->Uint("from").error().field, "from");
  EXPECT_EQ(params->Check({"from"}).error().field, "from");
}

TEST(Query, BadPercentEscapeIsRefused) {
  auto params = QueryParams::Parse("from=%4");
  ASSERT_FALSE(params.ok());
  EXPECT_EQ(params.error().field, "query");
}
}  // namespace
}  // namespace ledger::api
