// A minimal HTTP/1.1 client over a raw socket, for tests that must control
// every byte and every stall of a request to a real server on 127.0.0.1.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "ledger/canonical_json.hpp"

namespace ledger::testing {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

// Every wait in these tests is bounded by this; none is a bare sleep.
inline constexpr auto kWaitBound = 5s;

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  Json JsonBody() const { return Json::parse(body); }
};

class Connection {
 public:
  explicit Connection(uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Connection() { close(fd_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool connected() const { return connected_; }

  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // One response; nullopt if the connection ends or kWaitBound passes first.
  std::optional<Reply> Read() {
    const auto deadline = SteadyClock::now() + kWaitBound;
    std::size_t header_end;
    while ((header_end = pending_.find("\r\n\r\n")) == std::string::npos)
      if (ReadMore(deadline) <= 0) return std::nullopt;
    Reply reply;
    std::istringstream head(pending_.substr(0, header_end));
    std::string line, version;
    std::getline(head, line);
    std::istringstream(line) >> version >> reply.status;
    while (std::getline(head, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      reply.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    // An interim answer (100 Continue) has no Content-Length and no body.
    const std::string length_text = reply.Header("content-length");
    const std::size_t length = length_text.empty() ? 0 : std::stoul(length_text);
    pending_.erase(0, header_end + 4);
    while (pending_.size() < length)
      if (ReadMore(deadline) <= 0) return std::nullopt;
    reply.body = pending_.substr(0, length);
    pending_.erase(0, length);
    return reply;
  }

  // Everything until the server closes; nullopt on a reset or kWaitBound.
  std::optional<std::string> ReadToEnd() {
    const auto deadline = SteadyClock::now() + kWaitBound;
    while (true) {
      ssize_t n = ReadMore(deadline);
      if (n == 0) return std::move(pending_);
      if (n < 0) return std::nullopt;
    }
  }

  // True when the server closes (EOF or reset) within `bound`; bytes it
  // sends first are kept for Read().
  bool ClosedWithin(std::chrono::milliseconds bound) {
    const auto deadline = SteadyClock::now() + bound;
    while (true) {
      ssize_t n = ReadMore(deadline);
      if (n == 0 || (n < 0 && errno != ETIMEDOUT)) return true;
      if (n < 0) return false;
    }
  }

 private:
  // >0 bytes read, 0 EOF, <0 error (errno ETIMEDOUT when the deadline passed).
  ssize_t ReadMore(SteadyClock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - SteadyClock::now());
    pollfd p{fd_, POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) {
      errno = ETIMEDOUT;
      return -1;
    }
    char chunk[16384];
    ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) pending_.append(chunk, static_cast<std::size_t>(n));
    return n;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string pending_;
};

inline std::string GetRequest(const std::string& target, bool close = false) {
  return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" +
         (close ? "Connection: close\r\n" : "") + "\r\n";
}

inline Reply Get(uint16_t port, const std::string& target) {
  Connection c(port);
  EXPECT_TRUE(c.connected());
  EXPECT_TRUE(c.Send(GetRequest(target, /*close=*/true)));
  auto reply = c.Read();
  EXPECT_TRUE(reply.has_value()) << target;
  return reply.value_or(Reply{});
}

inline std::string PostRequest(const std::string& target, const std::string& body,
                               bool close = false) {
  return "POST " + target + " HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n" +
         (close ? "Connection: close\r\n" : "") +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

inline Reply Post(uint16_t port, const std::string& target, const std::string& body) {
  Connection c(port);
  EXPECT_TRUE(c.connected());
  EXPECT_TRUE(c.Send(PostRequest(target, body, /*close=*/true)));
  auto reply = c.Read();
  EXPECT_TRUE(reply.has_value()) << target;
  return reply.value_or(Reply{});
}

}  // namespace ledger::testing
