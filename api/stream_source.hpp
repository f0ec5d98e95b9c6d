// A response body produced over time (GET /v1/events/stream): after the
// header, the session writes what the source hands it, piece by piece, and
// asks for the next piece only once the previous one is written. So a
// connection never holds more than one piece, and a consumer that stops
// reading stops the source too (until the write timeout closes it).
//
// Boost-free like http_types.hpp, so a source is tested without a socket.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "ledger/status.hpp"

namespace ledger::api {

struct StreamPiece {
  std::string bytes;    // empty: nothing to send now; the session asks again after a wait
  uint64_t events = 0;  // events in `bytes`, for the metrics
};

class StreamSource {
 public:
  virtual ~StreamSource() = default;
  // The next piece. `now` drives anything timed (a keep-alive after a
  // silence). An error ends the stream: the connection is closed, and the
  // client resumes where it was. Called from one connection's strand, never
  // concurrently.
  virtual Result<StreamPiece> Next(std::chrono::steady_clock::time_point now) = 0;
};

}  // namespace ledger::api
