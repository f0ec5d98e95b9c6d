// The portal's static files, embedded at build time, served by a real
// server on 127.0.0.1. The expected bytes are read from api/portal/ in the
// source tree at test time, so every file there is checked, whatever the
// portal currently holds.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api_fixture.hpp"
#include "portal_files.hpp"
#include "raw_http_client.hpp"
#include "routes/portal_routes.hpp"

namespace ledger::api {
namespace {

namespace fs = std::filesystem;

const std::string kCsp =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

// The served types, spelled out here rather than taken from the code under test.
const std::map<std::string, std::string> kTypeByExtension = {
    {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"}, {".svg", "image/svg+xml"},
    {".png", "image/png"}};

// The files the build embeds: api/portal/*.{html,css,js,svg,png}, by name.
std::map<std::string, std::string> SourcePortalFiles() {
  std::map<std::string, std::string> files;
  const fs::path dir = fs::path(LEDGER_PORTAL_DIR);
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file() || !kTypeByExtension.contains(entry.path().extension().string()))
      continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    files[entry.path().filename().string()] = bytes.str();
  }
  return files;
}

class PortalRoutes : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    StartServer();
  }
};

TEST(PortalFiles, EmbeddedListIsTheSourceDirectory) {
  std::vector<std::string> embedded;
  for (const EmbeddedFile& file : EmbeddedPortalFiles()) embedded.emplace_back(file.name);
  std::vector<std::string> source;
  for (const auto& [name, bytes] : SourcePortalFiles()) source.push_back(name);
  EXPECT_EQ(embedded, source);  // both sorted by name
}

TEST(PortalFiles, ContentTypeByExtensionOnly) {
  for (const auto& [extension, type] : kTypeByExtension)
    EXPECT_EQ(PortalContentType("a" + extension), type) << extension;
  EXPECT_EQ(PortalContentType("notes.txt"), "");
  EXPECT_EQ(PortalContentType(".js"), "");  // no name before the extension
  EXPECT_EQ(PortalContentType("app.js.map"), "");
}

TEST(PortalFiles, NamesWithSlashOrDotDotAreNeverFound) {
  EXPECT_FALSE(FindPortalFile("../index.html").has_value());
  EXPECT_FALSE(FindPortalFile("a/index.html").has_value());
  EXPECT_FALSE(FindPortalFile("missing.js").has_value());
}

TEST_F(PortalRoutes, RootIsIndexHtmlFromTheSourceTree) {
  const auto files = SourcePortalFiles();
  Reply reply = Get(port_, "/");
  if (!files.contains("index.html")) {
    EXPECT_EQ(reply.status, 404);  // nothing to serve yet
    return;
  }
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(reply.body, files.at("index.html"));
  EXPECT_EQ(reply.Header("content-security-policy"), kCsp);
  EXPECT_EQ(reply.Header("cache-control"), "no-cache");
  EXPECT_EQ(reply.Header("x-content-type-options"), "nosniff");
  // A query (a campaign tag, a cache-buster) does not change the answer.
  EXPECT_EQ(Get(port_, "/?from=mail").body, files.at("index.html"));
}

TEST_F(PortalRoutes, EveryEmbeddedFileIsServedByteIdenticalWithItsType) {
  for (const auto& [name, bytes] : SourcePortalFiles()) {
    SCOPED_TRACE(name);
    Reply reply = Get(port_, "/portal/" + name);
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, bytes);
    const std::string type = kTypeByExtension.at(fs::path(name).extension().string());
    EXPECT_EQ(reply.Header("content-type"), type);
    EXPECT_EQ(reply.Header("cache-control"), "no-cache");
    EXPECT_EQ(reply.Header("x-content-type-options"), "nosniff");
    // The strict policy rides on HTML, where it takes effect.
    EXPECT_EQ(reply.Header("content-security-policy"), type.starts_with("text/html") ? kCsp : "");
  }
}

TEST_F(PortalRoutes, NamesOutsideTheFlatListAre404) {
  for (const std::string target :
       {"/portal/../x", "/portal/a/b", "/portal/missing.js", "/portal/", "/portal",
        "/portal/%2e%2e%2fapi%2fapp.cpp", "/portal/..", "/portal/index.txt",
        "/portal/CMakeLists.txt"}) {
    Reply reply = Get(port_, target);
    EXPECT_EQ(reply.status, 404) << target;
    EXPECT_EQ(reply.Header("content-type"), std::string(kProblemType)) << target;
  }
}

TEST_F(PortalRoutes, PostToTheRootIs405AllowingGetAndHead) {
  Reply reply = Post(port_, "/", "{}");
  EXPECT_EQ(reply.status, 405);
  EXPECT_EQ(reply.Header("allow"), "GET, HEAD");
  EXPECT_EQ(Post(port_, "/portal/index.html", "{}").status, 405);
}

TEST_F(PortalRoutes, HeadAnswersTheGetsHeadersWithoutABody) {
  const auto files = SourcePortalFiles();
  if (files.empty()) {
    // No file to serve: HEAD is still routed, and answers 404.
    Connection c(port_);
    ASSERT_TRUE(c.Send("HEAD /portal/missing.js HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
    auto bytes = c.ReadToEnd();
    ASSERT_TRUE(bytes.has_value());
    EXPECT_EQ(bytes->substr(0, 12), "HTTP/1.1 404");
    return;
  }
  const auto& [name, body] = *files.begin();
  Connection c(port_);
  ASSERT_TRUE(c.Send("HEAD /portal/" + name + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
  auto bytes = c.ReadToEnd();
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(bytes->substr(0, 12), "HTTP/1.1 200");
  const std::size_t end = bytes->find("\r\n\r\n");
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(bytes->size(), end + 4) << "no body after the headers";
  std::string head = bytes->substr(0, end + 2);  // every header line with its CRLF
  std::transform(head.begin(), head.end(), head.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  EXPECT_NE(head.find("content-length: " + std::to_string(body.size()) + "\r\n"), std::string::npos)
      << head;
}

TEST_F(PortalRoutes, ApiRoutesStillAnswerBesideThePortal) {
  Reply reply = Get(port_, "/healthz");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.JsonBody()["tree_size"], kTreeSize);
}

}  // namespace
}  // namespace ledger::api
