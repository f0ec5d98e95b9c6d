// HTTPS: ledgerd --tls-cert/--tls-key serves TLS 1.2/1.3 only; the clients
// (HttpClient, so ledgerctl post, ledger-audit --url and the demo seeder)
// speak https with --ca FILE and refuse a certificate that is expired, for
// another host, or from an unknown CA. Every certificate is made at test
// time by the `openssl` command, under a CA made at test time.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "http_client.hpp"
#include "ledger/genesis.hpp"
#include "ledgerctl.hpp"
#include "ledgerd_process.hpp"
#include "submit_util.hpp"
#include "test_util.hpp"

namespace ledger {
namespace {

using testing::TempDir;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// `openssl` with `args`, in `dir`; true on success.
bool OpenSsl(const std::string& dir, const std::string& args) {
  return std::system(("cd '" + dir + "' && openssl " + args + " >openssl.log 2>&1").c_str()) == 0;
}

// A CA and, under it or not, the server certificates the tests need.
class Certificates {
 public:
  explicit Certificates(const std::string& dir) : dir_(dir) {
    const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
    ok_ = OpenSsl(dir, "req -x509 " + ec + " -keyout ca.key -out ca.pem -days 2 -subj /CN=test-ca") &&
          Leaf("good", "IP:127.0.0.1,DNS:localhost", "1", "ca") &&
          Leaf("expired", "IP:127.0.0.1,DNS:localhost", "-1", "ca") &&
          Leaf("other-host", "DNS:other.example", "1", "ca") &&
          OpenSsl(dir, "req -x509 " + ec + " -keyout stranger.key -out stranger.pem -days 1 -subj /CN=stranger"
                       " -addext subjectAltName=IP:127.0.0.1") &&
          chmod((dir + "/stranger.key").c_str(), 0600) == 0;
  }
  bool ok() const { return ok_; }
  std::string Path(const std::string& file) const { return dir_ + "/" + file; }

 private:
  // NAME.key and NAME.pem: a P-256 key and its certificate for `san`,
  // valid for `days` from now (negative: already expired), signed by `ca`.
  bool Leaf(const std::string& name, const std::string& san, const std::string& days, const std::string& ca) {
    return OpenSsl(dir_, "req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + name + ".key -out " +
                             name + ".csr -subj /CN=" + name) &&
           std::system(("cd '" + dir_ + "' && printf 'subjectAltName=" + san + "\\n' >" + name + ".ext").c_str()) == 0 &&
           OpenSsl(dir_, "x509 -req -in " + name + ".csr -CA " + ca + ".pem -CAkey " + ca + ".key -CAcreateserial -out " +
                             name + ".pem -days " + days + " -extfile " + name + ".ext") &&
           chmod((dir_ + "/" + name + ".key").c_str(), 0600) == 0;
  }
  std::string dir_;
  bool ok_ = false;
};

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(certs_.ok()) << ReadText(tmp_.Sub("certs/openssl.log"));
    regulator_ = *PrivateKey::Generate();
    auto made = InitLedger({.dir = data_, .origin = "test.example/tls",
                            .regulator = {"reg", "Regulator", regulator_.public_key()}});
    ASSERT_TRUE(made.ok()) << made.error().ToString();
  }
  std::vector<std::string> Tls(const std::string& name) {
    return {"--tls-cert", certs_.Path(name + ".pem"), "--tls-key", certs_.Path(name + ".key")};
  }
  static Result<api::HttpReply> Get(uint16_t port, const std::string& ca, const std::string& host = "127.0.0.1") {
    api::HttpClient client(api::HttpUrl{host, port, "", /*tls=*/true},
                           {.timeout = std::chrono::milliseconds(5000), .ca_file = ca});
    return client.Get("/healthz");
  }
  static std::string ReadText(const std::string& path) { return testing::ReadText(path); }

  TempDir tmp_;
  std::string certs_dir_ = [this] {
    const std::string dir = tmp_.Sub("certs");
    std::filesystem::create_directories(dir);
    return dir;
  }();
  Certificates certs_{certs_dir_};
  std::string data_ = tmp_.Sub("ledger");
  PrivateKey regulator_ = *PrivateKey::Generate();
};

TEST_F(TlsTest, LedgerdServesHttpsToAClientThatTrustsItsCa) {
  testing::LedgerdProcess ledgerd(data_, Tls("good"));
  ASSERT_NE(ledgerd.port(), 0) << ledgerd.err();
  EXPECT_TRUE(Contains(ledgerd.err(), "listening on https://127.0.0.1:"));
  auto reply = Get(ledgerd.port(), certs_.Path("ca.pem"));
  ASSERT_TRUE(reply.ok()) << reply.error().ToString();
  EXPECT_EQ(reply->status, 200);
  EXPECT_TRUE(Contains(reply->body, "\"tree_size\":1"));
  // Plain HTTP to an HTTPS port gets no answer: nothing is served in clear.
  api::HttpClient plain(api::HttpUrl{"127.0.0.1", ledgerd.port(), ""}, {.timeout = std::chrono::milliseconds(3000)});
  EXPECT_FALSE(plain.Get("/healthz").ok());
}

TEST_F(TlsTest, ClientsRefuseAnExpiredAWrongHostAndAnUnknownCertificate) {
  struct Case {
    const char* cert;
    const char* why;
  };
  for (const Case& c : {Case{"expired", "certificate has expired"}, Case{"other-host", "IP address mismatch"},
                        Case{"stranger", "self-signed certificate"}}) {
    SCOPED_TRACE(c.cert);
    testing::LedgerdProcess ledgerd(data_, Tls(c.cert));
    ASSERT_NE(ledgerd.port(), 0) << ledgerd.err();
    auto reply = Get(ledgerd.port(), certs_.Path("ca.pem"));
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().code, Code::kUnavailable);
    EXPECT_TRUE(Contains(reply.error().message, c.why)) << reply.error().message;
  }
  // By name: the certificate must name it too.
  testing::LedgerdProcess other(data_, Tls("other-host"));
  ASSERT_NE(other.port(), 0) << other.err();
  auto by_name = Get(other.port(), certs_.Path("ca.pem"), "localhost");
  ASSERT_FALSE(by_name.ok());
  EXPECT_TRUE(Contains(by_name.error().message, "hostname mismatch")) << by_name.error().message;
  other.Stop();
  // Without --ca the system's CAs are used, and they do not know ours.
  testing::LedgerdProcess ledgerd(data_, Tls("good"));
  auto named = Get(ledgerd.port(), certs_.Path("ca.pem"), "localhost");
  EXPECT_TRUE(named.ok()) << named.error().ToString();
  auto reply = Get(ledgerd.port(), "");
  ASSERT_FALSE(reply.ok());
  EXPECT_TRUE(Contains(reply.error().message, "unable to get local issuer certificate")) << reply.error().message;
}

TEST_F(TlsTest, LedgerctlPostAndLedgerAuditSpeakHttpsWithCa) {
  testing::LedgerdProcess ledgerd(data_, Tls("good"));
  ASSERT_NE(ledgerd.port(), 0) << ledgerd.err();
  const std::string url = "https://127.0.0.1:" + std::to_string(ledgerd.port());
  const std::string key = tmp_.Sub("reg.pem");
  { std::ofstream(key) << regulator_.Pem(); }
  ASSERT_EQ(chmod(key.c_str(), 0600), 0);
  std::istringstream in(testing::SignedSubmission("lottery.rate_set", "reg", "r1", testing::RateBody(1), regulator_)
                            .dump());
  std::ostringstream out, err;
  const std::vector<std::string> args = {"post", "--url", url, "--ca", certs_.Path("ca.pem"), "--key", key};
  EXPECT_EQ(cli::RunLedgerctl(args, in, out, err),
            cli::kExitOk)
      << err.str();
  EXPECT_TRUE(Contains(out.str(), "\"seq\":1")) << out.str();

  const testing::ToolRun audit = testing::RunTool(tmp_, "audit/ledger-audit",
                                                  {"--url", url, "--ca", certs_.Path("ca.pem"), "--quiet"});
  EXPECT_EQ(audit.code, 0) << audit.out << audit.err;
  const testing::ToolRun untrusting = testing::RunTool(tmp_, "audit/ledger-audit", {"--url", url, "--quiet"});
  EXPECT_NE(untrusting.code, 0);
  EXPECT_TRUE(Contains(untrusting.err + untrusting.out, "unable to get local issuer certificate"))
      << untrusting.out << untrusting.err;
}

TEST_F(TlsTest, LedgerdRefusesAKeyOthersMayReadAndACertificateWithoutItsKey) {
  const auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"--data", data_, "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::RunTool(tmp_, "api/ledgerd", args);
  };
  ASSERT_EQ(chmod(certs_.Path("good.key").c_str(), 0644), 0);
  testing::ToolRun readable = run(Tls("good"));
  EXPECT_EQ(readable.code, 1);
  EXPECT_TRUE(Contains(readable.err, "--tls-key")) << readable.err;
  EXPECT_TRUE(Contains(readable.err, "chmod 600")) << readable.err;
  ASSERT_EQ(chmod(certs_.Path("good.key").c_str(), 0600), 0);

  testing::ToolRun mismatched = run({"--tls-cert", certs_.Path("good.pem"), "--tls-key", certs_.Path("expired.key")});
  EXPECT_EQ(mismatched.code, 1);
  EXPECT_TRUE(Contains(mismatched.err, "--tls-key")) << mismatched.err;

  testing::ToolRun alone = run({"--tls-cert", certs_.Path("good.pem")});
  EXPECT_EQ(alone.code, 2);
  EXPECT_TRUE(Contains(alone.err, "--tls-key")) << alone.err;
}

TEST(TlsClient, AServerThatNeverAnswersTheHandshakeTimesOutAndTheClientGoesOn) {
  // A socket that listens and never accepts: the kernel completes TCP, and
  // the ClientHello is never answered.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(fd, 8), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  api::HttpClient client(api::HttpUrl{"127.0.0.1", ntohs(address.sin_port), "", /*tls=*/true},
                         {.timeout = std::chrono::milliseconds(300)});
  for (int attempt = 0; attempt < 3; ++attempt) {  // each on a new connection, after a timed-out one
    auto reply = client.Get("/healthz");
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().code, Code::kUnavailable);
    EXPECT_TRUE(Contains(reply.error().message, "within 300 ms")) << reply.error().message;
  }
  close(fd);
}

}  // namespace
}  // namespace ledger
