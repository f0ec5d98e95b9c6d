// The ledger the export tests share: two charities (szc exports, szb
// receives a grant), three donations in January and February 2026, an
// internal allocation, a grant to szb and a disbursement, posted on a
// clock the tests move; helpers to ask for an export and read its CSV.
#pragma once

#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api_fixture.hpp"
#include "ledger/crypto.hpp"
#include "ledger/encoding.hpp"
#include "raw_http_client.hpp"
#include "routes/export_routes.hpp"

namespace ledger::api {

inline constexpr char kOrigin[] = "test.example/ledger";
inline constexpr char kCharity[] = "szc";
inline constexpr char kGrantee[] = "szb";
// What a donor's pseudonym is made from (the ledger holds only the hash).
inline constexpr char kDonorIdentifier[] = "440301199001011234";

inline std::chrono::system_clock::time_point Utc(int month, int day, int hour) {
  using namespace std::chrono;
  return sys_days{year{2026} / month / day} + hours{hour};
}

inline std::string DonorPseudonym() { return HexEncode(Sha256(std::string("donor:") + kDonorIdentifier)); }

inline Json Donation(const std::string& receipt, int64_t fen, const std::string& date, Json donor) {
  return {{"receipt", receipt}, {"fund", "szc-general"}, {"amount_fen", fen}, {"donor", std::move(donor)},
          {"channel", "online"}, {"date", date}};
}

inline std::vector<std::string> Lines(const std::string& body) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at < body.size()) {
    const std::size_t end = body.find("\r\n", at);
    if (end == std::string::npos) {
      lines.push_back(body.substr(at));  // a line without CRLF: the test fails on it
      break;
    }
    lines.push_back(body.substr(at, end - at));
    at = end + 2;
  }
  return lines;
}

// The fields of one CSV line (RFC 4180: quotes undone), as written.
inline std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      cells.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  return cells;
}

class ExportFixture : public ServerFixture {
 protected:
  ExportFixture() { clock_ = [this] { return now_.load(); }; }

  void SetUp() override {
    ServerFixture::SetUp();
    StartServer();
    charity_ = std::make_unique<PrivateKey>(*PrivateKey::Generate());
    grantee_ = std::make_unique<PrivateKey>(*PrivateKey::Generate());
    Json charity = RegisterBody(kCharity, "charity", {"fundraise", "disburse"}, charity_->public_key());
    charity["name"] = "深圳市慈善会";
    Json grantee = RegisterBody(kGrantee, "charity", {"fundraise", "disburse"}, grantee_->public_key());
    grantee["name"] = "福田\"长者\"之家, 深圳";
    grantee["region"] = "440304";
    grantee["level"] = "district";
    PostEvent(SignedSubmission("org.registered", "reg", "reg-szc", charity, *regulator_));
    PostEvent(SignedSubmission("org.registered", "reg", "reg-szb", grantee, *regulator_));
    Open(kCharity, "szc-general", "donations", "general", false);
    Open(kCharity, "szc-elderly", "project", "elderly", true);
    Open(kGrantee, "szb-care", "project", "elderly", true);
    d1_ = PostEvent(As(kCharity, "donation.received", "d1",
                       Donation("R-1", 1, "2026-01-01",
                                {{"pseudonym", DonorPseudonym()}, {"kind", "individual"},
                                 {"display_name", "张三, \"小张\""}})));
    d2_ = PostEvent(As(kCharity, "donation.received", "d2",
                       Donation("R-2", 100000001, "2026-01-31",
                                {{"pseudonym", std::string(64, 'b')}, {"kind", "enterprise"},
                                 {"display_name", "=HYPERLINK(\"http://x\")"}})));
    d3_ = PostEvent(As(kCharity, "donation.received", "d3",
                       Donation("R-3", 500000, "2026-02-01", {{"pseudonym", std::string(64, 'c')}, {"kind", "individual"}})));
    t1_ = PostEvent(As(kCharity, "funds.transferred", "t1",
                       {{"from", "szc-general"}, {"to", "szc-elderly"}, {"amount_fen", 300000},
                        {"reason", "allocation"}, {"reference", "A-1"}, {"date", "2026-01-20"}}));
    t2_ = PostEvent(As(kCharity, "funds.transferred", "t2",
                       {{"from", "szc-general"}, {"to", "szb-care"}, {"amount_fen", 200000},
                        {"reason", "grant"}, {"reference", "-2026 grant, phase 1"}, {"date", "2026-01-25"}}));
    p1_ = PostEvent(As(kCharity, "disbursement.made", "p1",
                       {{"fund", "szc-elderly"}, {"amount_fen", 150000},
                        {"beneficiary", {{"pseudonym", std::string(64, 'e')}, {"kind", "institution"}}},
                        {"purpose", "elderly"}, {"reference", "meals"}, {"date", "2026-02-15"}}));
  }

  void Open(const char* owner, const char* id, const char* kind, const char* purpose, bool restricted) {
    PostEvent(As(owner, "fund.opened", std::string("f-") + id,
                 {{"id", id}, {"owner", owner}, {"kind", kind}, {"purpose", purpose},
                  {"restricted", restricted}, {"name", std::string("Fund ") + id}}));
  }
  Json As(const std::string& org, const std::string& type, const std::string& idem, Json body) {
    return SignedSubmission(type, org, idem, std::move(body), org == kCharity ? *charity_ : *grantee_);
  }
  Reply Export(const std::string& query, const std::string& org = kCharity) {
    return Get(port_, "/v1/orgs/" + org + "/export?" + query);
  }
  std::string FieldOf(const std::string& query, int status, const std::string& org = kCharity) {
    Reply reply = Export(query, org);
    EXPECT_EQ(reply.status, status) << query << ": " << reply.body;
    if (status >= 400) EXPECT_EQ(reply.Header("content-type"), kProblemType);
    Json problem = Json::parse(reply.body, nullptr, false);
    if (problem.is_discarded() || !problem["errors"][0]["field"].is_string()) return "";
    return problem["errors"][0]["field"].get<std::string>();
  }
  // The route's answer without a socket, under `limits`.
  Response Answer(const std::string& query, ExportLimits limits = {}) {
    Router router;
    AddExportRoutes(router, *ledger_, limits);
    return router.Handle(Request{"GET", "/v1/orgs/szc/export?" + query, {}, {}});
  }
  std::string SaveWorkbook(const std::string& body) {
    const std::string path = tmp_.Sub("export.xlsx");
    std::ofstream(path, std::ios::binary) << body;
    return path;
  }

  std::atomic<std::chrono::system_clock::time_point> now_{Utc(3, 1, 2)};
  std::unique_ptr<PrivateKey> charity_, grantee_;
  uint64_t d1_ = 0, d2_ = 0, d3_ = 0, t1_ = 0, t2_ = 0, p1_ = 0;
};

}  // namespace ledger::api
