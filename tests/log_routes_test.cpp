// The log's read routes (events, raw bytes, checkpoints, proofs, key,
// health), through the router over a real ledger.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api_fixture.hpp"
#include "ledger/merkle.hpp"

namespace ledger::api {
namespace {

// ---------------------------------------------------------------------------
// Routes, through the router.

TEST_F(ApiFixture, HealthzReportsOkAndTreeSize) {
  Response r = Call("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, kJsonType);
  EXPECT_EQ(Json::parse(r.body), (Json{{"status", "ok"}, {"tree_size", kTreeSize}}));
}

TEST_F(ApiFixture, LogKeyIsTheVerifierKeyLine) {
  Response r = Call("/v1/log/key");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, kTextType);
  EXPECT_EQ(r.body, log_->verifier_key() + "\n");
  EXPECT_TRUE(ParseVerifierKey(log_->verifier_key()).ok());
}

TEST_F(ApiFixture, UnknownQueryParameterIs400NamingIt) {
  Response r = Call("/v1/checkpoint?sise=4");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ProblemField(r), "sise");
}

TEST_F(ApiFixture, EventIsItsStoredFieldsPlusLeafHash) {
  Response r = Call("/v1/events/3");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, kJsonType);
  Json expected = Json::parse(*log_->ReadEvent(3));
  expected["leaf_hash"] = HexEncode(*log_->LeafHashAt(3));
  EXPECT_EQ(Json::parse(r.body), expected);
  EXPECT_EQ(expected["seq"], 3);
  EXPECT_EQ(expected["idem"], "rate-3");
}

TEST_F(ApiFixture, RawIsTheExactCanonicalBytes) {
  Response r = Call("/v1/events/2/raw");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, *log_->ReadEvent(2));
  EXPECT_EQ(LeafHash(r.body), *log_->LeafHashAt(2));
}

TEST_F(ApiFixture, UnknownSeqIs404NamingSeq) {
  for (const char* target : {"/v1/events/6", "/v1/events/6/raw", "/v1/events/9007199254740991"}) {
    SCOPED_TRACE(target);
    Response r = Call(target);
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(ProblemField(r), "seq");
  }
}

TEST_F(ApiFixture, MalformedSeqIs400NamingSeq) {
  for (const char* target : {"/v1/events/x", "/v1/events/+1", "/v1/events/01", "/v1/events/-1/raw"}) {
    SCOPED_TRACE(target);
    Response r = Call(target);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(ProblemField(r), "seq");
  }
}

TEST_F(ApiFixture, EventsPageHasNextWhileMoreRemain) {
  Json page = Json::parse(Call("/v1/events?from=1&limit=2").body);
  ASSERT_EQ(page["events"].size(), 2u);
  EXPECT_EQ(page["events"][0]["seq"], 1);
  EXPECT_EQ(page["events"][1]["seq"], 2);
  EXPECT_EQ(page["events"][1]["leaf_hash"], HexEncode(*log_->LeafHashAt(2)));
  EXPECT_EQ(page["next"], 3);
}

TEST_F(ApiFixture, EventsPageReachingTheEndHasNullNext) {
  Json page = Json::parse(Call("/v1/events?from=4&limit=2").body);
  EXPECT_EQ(page["events"].size(), 2u);
  EXPECT_TRUE(page["next"].is_null());
}

TEST_F(ApiFixture, EventsDefaultToAllFromZero) {
  Json page = Json::parse(Call("/v1/events").body);
  ASSERT_EQ(page["events"].size(), kTreeSize);
  EXPECT_EQ(page["events"][0]["type"], "ledger.genesis");
  EXPECT_TRUE(page["next"].is_null());
}

TEST_F(ApiFixture, EventsFromBeyondTheEndIsEmpty) {
  Json page = Json::parse(Call("/v1/events?from=100").body);
  EXPECT_TRUE(page["events"].empty());
  EXPECT_TRUE(page["next"].is_null());
}

TEST_F(ApiFixture, PageLimitAtMaxPassesAndOverMaxIs400NamingLimit) {
  EXPECT_EQ(Call("/v1/events?limit=1000").status, 200);
  EXPECT_EQ(Call("/v1/checkpoints?limit=1000").status, 200);
  for (const char* target : {"/v1/events?limit=1001", "/v1/events?limit=0",
                             "/v1/checkpoints?limit=1001", "/v1/events?limit=5&limit=5"}) {
    SCOPED_TRACE(target);
    Response r = Call(target);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(ProblemField(r), "limit");
  }
}

TEST_F(ApiFixture, MalformedFromIs400NamingFrom) {
  Response r = Call("/v1/events?from=%2B1");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ProblemField(r), "from");
}

TEST_F(ApiFixture, LatestCheckpointIsSignedForTheTreeSize) {
  Response r = Call("/v1/checkpoint");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, kTextType);
  auto checkpoint = VerifyCheckpoint(r.body, *ParseVerifierKey(log_->verifier_key()));
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.error().ToString();
  EXPECT_EQ(checkpoint->size, kTreeSize);
  EXPECT_EQ(checkpoint->root, *log_->RootAt(kTreeSize));
}

TEST_F(ApiFixture, KeptCheckpointBySize) {
  EXPECT_EQ(CheckpointRoot(4), *log_->RootAt(4));
  EXPECT_EQ(CheckpointRoot(1), *log_->RootAt(1));
}

TEST_F(ApiFixture, CheckpointOfUnkeptSizeIs404NamingSize) {
  for (const char* target : {"/v1/checkpoint?size=5", "/v1/checkpoint?size=0", "/v1/checkpoint?size=99"}) {
    SCOPED_TRACE(target);
    Response r = Call(target);
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(ProblemField(r), "size");
  }
}

TEST_F(ApiFixture, CheckpointSizesListAscending) {
  EXPECT_EQ(Json::parse(Call("/v1/checkpoints").body),
            (Json{{"sizes", {1, 4, 6}}, {"next", nullptr}}));
}

TEST_F(ApiFixture, CheckpointSizesPageGivesNextSize) {
  EXPECT_EQ(Json::parse(Call("/v1/checkpoints?limit=2").body),
            (Json{{"sizes", {1, 4}}, {"next", 6}}));
  EXPECT_EQ(Json::parse(Call("/v1/checkpoints?from=5&limit=2").body),
            (Json{{"sizes", {6}}, {"next", nullptr}}));
}

TEST_F(ApiFixture, InclusionProofsVerifyAgainstCheckpointRoots) {
  for (uint64_t size : {uint64_t{4}, kTreeSize}) {
    const Hash root = CheckpointRoot(size);
    for (uint64_t seq = 0; seq < size; ++seq) {
      SCOPED_TRACE(std::to_string(seq) + " in " + std::to_string(size));
      Response r = Call("/v1/proof/inclusion?seq=" + std::to_string(seq) +
                        "&size=" + std::to_string(size));
      ASSERT_EQ(r.status, 200);
      Json proof = Json::parse(r.body);
      EXPECT_EQ(proof["seq"], seq);
      EXPECT_EQ(proof["tree_size"], size);
      EXPECT_EQ(FromHex(proof["root"]), root);
      const Hash leaf = LeafHash(*log_->ReadEvent(seq));
      EXPECT_EQ(FromHex(proof["leaf_hash"]), leaf);
      Status verified = VerifyInclusion(seq, size, leaf, FromHexList(proof["hashes"]), root);
      EXPECT_TRUE(verified.ok()) << verified.error().ToString();
    }
  }
}

TEST_F(ApiFixture, InclusionSizeDefaultsToTheTreeSize) {
  Json proof = Json::parse(Call("/v1/proof/inclusion?seq=2").body);
  EXPECT_EQ(proof["tree_size"], kTreeSize);
  EXPECT_EQ(FromHex(proof["root"]), *log_->RootAt(kTreeSize));
}

TEST_F(ApiFixture, InclusionRefusalsNameTheParameter) {
  struct Case { const char* target; int status; const char* field; };
  for (const Case& c : {Case{"/v1/proof/inclusion", 400, "seq"},
                        Case{"/v1/proof/inclusion?seq=0&size=0", 400, "size"},
                        Case{"/v1/proof/inclusion?seq=4&size=4", 400, "seq"},
                        Case{"/v1/proof/inclusion?seq=0&size=7", 404, "size"},
                        Case{"/v1/proof/inclusion?seq=6", 404, "seq"},
                        Case{"/v1/proof/inclusion?seq=x", 400, "seq"},
                        Case{"/v1/proof/inclusion?seq=1&size=+3", 400, "size"}}) {
    SCOPED_TRACE(c.target);
    Response r = Call(c.target);
    EXPECT_EQ(r.status, c.status);
    EXPECT_EQ(ProblemField(r), c.field);
  }
}

TEST_F(ApiFixture, ConsistencyProofsVerifyBetweenEveryPairOfSizes) {
  for (uint64_t from = 1; from <= kTreeSize; ++from) {
    for (uint64_t to = from; to <= kTreeSize; ++to) {
      SCOPED_TRACE(std::to_string(from) + " to " + std::to_string(to));
      Response r = Call("/v1/proof/consistency?from=" + std::to_string(from) +
                        "&to=" + std::to_string(to));
      ASSERT_EQ(r.status, 200);
      Json proof = Json::parse(r.body);
      EXPECT_EQ(proof["from"], from);
      EXPECT_EQ(proof["to"], to);
      const Hash root_from = FromHex(proof["root_from"]);
      const Hash root_to = FromHex(proof["root_to"]);
      EXPECT_EQ(root_from, *log_->RootAt(from));
      EXPECT_EQ(root_to, *log_->RootAt(to));
      if (from == to) {
        EXPECT_TRUE(proof["hashes"].empty());
      }
      Status verified =
          VerifyConsistency(from, to, root_from, root_to, FromHexList(proof["hashes"]));
      EXPECT_TRUE(verified.ok()) << verified.error().ToString();
    }
  }
}

TEST_F(ApiFixture, ConsistencyBetweenKeptCheckpointsVerifies) {
  Json proof = Json::parse(Call("/v1/proof/consistency?from=4").body);
  EXPECT_EQ(proof["to"], kTreeSize);
  EXPECT_TRUE(VerifyConsistency(4, kTreeSize, CheckpointRoot(4), CheckpointRoot(kTreeSize),
                                FromHexList(proof["hashes"]))
                  .ok());
}

TEST_F(ApiFixture, ConsistencyRefusalsNameTheParameter) {
  struct Case { const char* target; int status; const char* field; };
  for (const Case& c : {Case{"/v1/proof/consistency", 400, "from"},
                        Case{"/v1/proof/consistency?from=0&to=3", 400, "from"},
                        Case{"/v1/proof/consistency?from=5&to=3", 400, "from"},
                        Case{"/v1/proof/consistency?from=1&to=7", 404, "to"},
                        Case{"/v1/proof/consistency?from=7", 404, "from"},
                        Case{"/v1/proof/consistency?from=1&to=2&to=2", 400, "to"}}) {
    SCOPED_TRACE(c.target);
    Response r = Call(c.target);
    EXPECT_EQ(r.status, c.status);
    EXPECT_EQ(ProblemField(r), c.field);
  }
}

TEST_F(ApiFixture, PostToAReadOnlyRouteIs405WithAllowGet) {
  Response r = Call("/v1/events/3", "POST");
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].second, "GET");
}

TEST_F(ApiFixture, DeleteOnTheEventsCollectionIs405ListingGetAndPost) {
  Response r = Call("/v1/events", "DELETE");
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].second, "GET, POST");
}

TEST_F(ApiFixture, TrailingSlashIsNotARoute) {
  EXPECT_EQ(Call("/v1/events/").status, 404);
}
}  // namespace
}  // namespace ledger::api
