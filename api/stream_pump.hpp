// Writing a streamed answer (Response::stream) on one connection; internal
// to api/, used by session.cpp for plain TCP and TLS alike.
//
//   header ─▶ ask the source ─piece─▶ write it (stream_write_timeout) ─┐
//                ▲   │ nothing                                          │
//                │   └─▶ wait stream_poll_interval ─┐                   │
//                └──────────────────────────────────┴───────────────────┘
//
// The next piece is asked for only once the previous one is written, so a
// stream holds at most one piece. Meanwhile the connection is read, only to
// notice at once a client that leaves (what it sends is discarded). It ends,
// closing the connection, when the client leaves or does not take a piece
// in time (the slow-consumer metric), the source fails, or Stop() is called.
// Over HTTP/1.1 the body is chunked, and a stop ends it with the last chunk
// (after the piece being written, if the client takes it within a second);
// over HTTP/1.0 the close ends it.
//
// All of it runs on the connection's strand. The pump belongs to its
// session: each pending operation holds the session (`owner`) alive.
#pragma once

#include <algorithm>
#include <array>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>

#include "counted_slots.hpp"
#include "http_types.hpp"
#include "session.hpp"
#include "stream_source.hpp"

namespace ledger::api {

template <class Stream>
class StreamPump {
 public:
  using Header = boost::beast::http::response<boost::beast::http::empty_body>;

  // `slot` is the stream's (Connections::streams); the pump gives it back
  // when the stream ends. `close` closes the connection.
  StreamPump(CountedSlots::Slot slot, Stream& stream, SessionContext& context, std::weak_ptr<void> owner,
             std::function<void()> close)
      : slot_(std::move(slot)),
        stream_(stream),
        context_(context),
        owner_(std::move(owner)),
        close_(std::move(close)),
        timer_(stream.get_executor()) {
    context_.metrics.StreamOpened();
  }
  ~StreamPump() { Release(); }
  StreamPump(const StreamPump&) = delete;
  StreamPump& operator=(const StreamPump&) = delete;

  // Writes the header of `response` (its status, type and headers, with
  // `Connection: close` and no Content-Length; chunked over HTTP/1.1, as
  // `version` 11 says), then the pieces of response.stream.
  void Start(Response response, unsigned version) {
    source_ = std::move(response.stream);
    header_ = Header{static_cast<boost::beast::http::status>(response.status), version};
    header_.set(boost::beast::http::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) header_.set(name, value);
    header_.keep_alive(false);
    chunked_ = version >= 11;  // HTTP/1.0 has no chunks: the close ends the body
    header_.chunked(chunked_);
    serializer_.emplace(header_);
    Lowest().expires_after(context_.options.stream_write_timeout);
    writing_ = true;
    boost::beast::http::async_write_header(
        stream_, *serializer_, [this, keep = owner_.lock()](boost::beast::error_code ec, std::size_t) {
          writing_ = false;
          serializer_.reset();
          if (ended_) return;
          if (ec) return OnWriteFailed(ec);
          // Nothing pending now: this turns the read's timer off for good;
          // each write then arms its own.
          Lowest().expires_never();
          Read();
          Pump();
        });
  }

  // Ends the stream (server stop) with the last chunk, after the piece
  // being written if the client takes it within kStopGrace; else closes
  // the connection under the write.
  void Stop() {
    if (ended_ || stopping_) return;
    stopping_ = true;
    if (!writing_) {
      timer_.cancel();  // the wait's handler writes the last chunk
      return;
    }
    timer_.expires_after(std::min(kStopGrace, context_.options.stream_write_timeout));
    timer_.async_wait([this, keep = owner_.lock()](boost::beast::error_code ec) {
      if (!ec) End();
    });
  }

 private:
  // Past this much sent to us while streaming, the client is not an event
  // consumer: close (as the session's drain does).
  static constexpr std::size_t kMaxDiscardBytes = 1 << 20;
  // On stop, how long a piece being written may still take.
  static constexpr std::chrono::milliseconds kStopGrace{1000};

  boost::beast::tcp_stream& Lowest() { return boost::beast::get_lowest_layer(stream_); }

  void Pump() {
    if (ended_) return;
    if (stopping_) return Finish();
    auto piece = source_->Next(std::chrono::steady_clock::now());
    if (!piece) {
      std::fprintf(stderr, "ledgerd: event stream ended: %s\n", piece.error().ToString().c_str());
      return End();
    }
    if (piece->bytes.empty()) return Wait();
    piece_ = std::move(*piece);
    // Set while no write is pending, so only the write's timer is armed;
    // the read's stays off.
    Lowest().expires_after(context_.options.stream_write_timeout);
    writing_ = true;
    auto done = [this, keep = owner_.lock()](boost::beast::error_code ec, std::size_t) { OnWritten(ec); };
    const auto bytes = boost::asio::buffer(piece_.bytes);
    if (chunked_) {
      boost::asio::async_write(stream_, boost::beast::http::make_chunk(bytes), std::move(done));
    } else {
      boost::asio::async_write(stream_, bytes, std::move(done));
    }
  }

  void OnWritten(boost::beast::error_code ec) {
    writing_ = false;
    if (ended_) return;
    if (ec) return OnWriteFailed(ec);
    context_.metrics.EventsStreamed(piece_.events);
    if (client_gone_) return End();
    piece_ = {};  // its memory too, before the next one is read
    Pump();
  }

  void OnWriteFailed(boost::beast::error_code ec) {
    if (ec == boost::beast::error::timeout) context_.metrics.StreamTooSlow();
    End();
  }

  void Wait() {
    timer_.expires_after(context_.options.stream_poll_interval);
    timer_.async_wait([this, keep = owner_.lock()](boost::beast::error_code) { Pump(); });
  }

  // The last chunk if the body is chunked, then the close.
  void Finish() {
    if (!chunked_ || ended_) return End();
    Lowest().expires_after(std::min(context_.options.stream_write_timeout, context_.options.request_timeout));
    writing_ = true;
    boost::asio::async_write(stream_, boost::beast::http::make_chunk_last(),
                             [this, keep = owner_.lock()](boost::beast::error_code, std::size_t) {
                               writing_ = false;
                               End();
                             });
  }

  // Reads until the client leaves; what it sends is dropped.
  void Read() {
    stream_.async_read_some(boost::asio::buffer(discard_),
                            [this, keep = owner_.lock()](boost::beast::error_code ec, std::size_t bytes) {
                              if (ended_) return;
                              // A write's timeout closes the socket under this read too: the
                              // write's handler tells why, for the metrics, and ends.
                              if (ec && writing_) {
                                client_gone_ = true;
                                return;
                              }
                              discarded_bytes_ += bytes;
                              if (ec || discarded_bytes_ > kMaxDiscardBytes) return End();
                              Read();
                            });
  }

  // Closes the connection; pending operations end with an error.
  void End() {
    if (ended_) return;
    ended_ = true;
    timer_.cancel();
    Release();
    close_();
  }

  void Release() {
    if (released_) return;
    released_ = true;
    slot_.Release();
    context_.metrics.StreamClosed();
  }

  CountedSlots::Slot slot_;
  Stream& stream_;
  SessionContext& context_;
  std::shared_ptr<StreamSource> source_;
  std::weak_ptr<void> owner_;
  std::function<void()> close_;
  boost::asio::steady_timer timer_;
  Header header_;
  std::optional<boost::beast::http::response_serializer<boost::beast::http::empty_body>> serializer_;
  StreamPiece piece_;  // being written
  std::array<char, 512> discard_{};
  std::size_t discarded_bytes_ = 0;
  bool chunked_ = true;
  bool writing_ = false;
  bool stopping_ = false;
  bool ended_ = false;
  bool released_ = false;
  bool client_gone_ = false;  // the read ended while a write was pending
};

}  // namespace ledger::api
