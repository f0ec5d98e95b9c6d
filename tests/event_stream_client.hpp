// A Server-Sent Events consumer over a raw socket, for the tests of
// GET /v1/events/stream: it reads the stream incrementally, undoes the
// chunked framing by hand and splits the body into messages, so a test sees
// every byte the server sent and when it stopped sending. (Over TLS the
// tests use the project's HttpClient: OpenSSL stays out of tests/.)
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "raw_http_client.hpp"

namespace ledger::testing {

// One message: the lines up to a blank line, by field.
struct SseMessage {
  std::optional<uint64_t> id;
  std::optional<std::string> data;  // one data line is all the server sends
  std::optional<std::string> retry;
  bool comment = false;  // a ':' line (the keep-alive)
};

class SseClient {
 public:
  // Connects to 127.0.0.1:port. A small `receive_buffer_bytes` (set before
  // connecting, so the window stays small) makes a consumer that does not
  // read stall the server quickly.
  explicit SseClient(uint16_t port, int receive_buffer_bytes = 0) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    if (receive_buffer_bytes > 0)
      setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer_bytes, sizeof receive_buffer_bytes);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~SseClient() { close(fd_); }
  SseClient(const SseClient&) = delete;
  SseClient& operator=(const SseClient&) = delete;

  bool connected() const { return connected_; }

  // GET `target` with `extra_headers` ("Name: value\r\n" lines).
  bool Get(const std::string& target, const std::string& extra_headers = "", const char* version = "HTTP/1.1") {
    const std::string request = "GET " + target + " " + version + "\r\nHost: test\r\n" + extra_headers + "\r\n";
    std::string_view bytes = request;
    while (!bytes.empty()) {
      const ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // The response's status line and headers (body: what a non-stream answer
  // carries, by Content-Length). nullopt if they do not come within kWaitBound.
  std::optional<Reply> ReadHeader() {
    const auto deadline = SteadyClock::now() + kWaitBound;
    std::size_t end;
    while ((end = wire_.find("\r\n\r\n")) == std::string::npos)
      if (ReadMore(deadline) <= 0) return std::nullopt;
    Reply reply;
    std::string head = wire_.substr(0, end + 2);
    wire_.erase(0, end + 4);
    std::size_t line_end = head.find("\r\n");
    const std::string status_line = head.substr(0, line_end);
    reply.status = std::stoi(status_line.substr(status_line.find(' ') + 1, 3));
    for (std::size_t at = line_end + 2; at < head.size(); at = line_end + 2) {
      line_end = head.find("\r\n", at);
      const std::string line = head.substr(at, line_end - at);
      const std::size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      reply.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    chunked_ = reply.Header("transfer-encoding") == "chunked";
    const std::string length = reply.Header("content-length");
    if (!length.empty()) {
      while (wire_.size() < std::stoul(length))
        if (ReadMore(deadline) <= 0) return std::nullopt;
      reply.body = wire_.substr(0, std::stoul(length));
    }
    return reply;
  }

  // The next message of the body; nullopt if the stream ends, or `bound`
  // passes, first.
  std::optional<SseMessage> NextMessage(std::chrono::milliseconds bound = kWaitBound) {
    const auto deadline = SteadyClock::now() + bound;
    std::size_t end;
    while ((end = body_.find("\n\n")) == std::string::npos) {
      if (Decode()) continue;
      if (ReadMore(deadline) <= 0) return std::nullopt;
    }
    SseMessage message;
    const std::string block = body_.substr(0, end + 1);
    body_.erase(0, end + 2);
    for (std::size_t at = 0, line_end; at < block.size(); at = line_end + 1) {
      line_end = block.find('\n', at);
      const std::string line = block.substr(at, line_end - at);
      if (line.starts_with(":")) message.comment = true;
      if (line.starts_with("id: ")) message.id = std::stoull(line.substr(4));
      if (line.starts_with("data: ")) message.data = line.substr(6);
      if (line.starts_with("retry: ")) message.retry = line.substr(7);
    }
    return message;
  }

  // The next message that carries an event.
  std::optional<SseMessage> NextEvent(std::chrono::milliseconds bound = kWaitBound) {
    const auto deadline = SteadyClock::now() + bound;
    while (true) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
      auto message = NextMessage(std::max(left, std::chrono::milliseconds(0)));
      if (!message || message->data) return message;
    }
  }

  // True when the server ends the connection within `bound` (what it sent
  // first is kept, and decoded).
  bool ClosedWithin(std::chrono::milliseconds bound) {
    const auto deadline = SteadyClock::now() + bound;
    while (true) {
      const ssize_t n = ReadMore(deadline);
      if (n == 0 || (n < 0 && errno != ETIMEDOUT)) {
        while (Decode()) {
        }
        return true;
      }
      if (n < 0) return false;
    }
  }

  // The body's last chunk came: the server ended the body cleanly.
  bool saw_last_chunk() const { return last_chunk_; }
  // Bytes read from the connection so far.
  std::size_t bytes_read() const { return bytes_read_; }

 private:
  // Moves one chunk (or, unchunked, everything) from wire_ to body_;
  // false when a whole chunk is not there yet.
  bool Decode() {
    if (!chunked_) {
      body_ += wire_;
      const bool moved = !wire_.empty();
      wire_.clear();
      return moved;
    }
    if (last_chunk_) return false;
    const std::size_t size_end = wire_.find("\r\n");
    if (size_end == std::string::npos) return false;
    const std::size_t size = std::stoul(wire_.substr(0, size_end), nullptr, 16);
    if (size == 0) {
      last_chunk_ = true;
      wire_.erase(0, size_end + 2);
      return true;
    }
    if (wire_.size() < size_end + 2 + size + 2) return false;
    body_.append(wire_, size_end + 2, size);
    wire_.erase(0, size_end + 2 + size + 2);
    return true;
  }

  // >0 bytes read, 0 EOF, <0 error (errno ETIMEDOUT when the deadline passed).
  ssize_t ReadMore(SteadyClock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    pollfd p{fd_, POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) {
      errno = ETIMEDOUT;
      return -1;
    }
    char chunk[16384];
    const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      wire_.append(chunk, static_cast<std::size_t>(n));
      bytes_read_ += static_cast<std::size_t>(n);
    }
    return n;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string wire_;  // read, not yet de-chunked
  std::string body_;  // de-chunked, not yet split into messages
  bool chunked_ = false;
  bool last_chunk_ = false;
  std::size_t bytes_read_ = 0;
};

}  // namespace ledger::testing
