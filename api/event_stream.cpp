#include "event_stream.hpp"

#include <algorithm>
#include <string>

#include "event_json.hpp"

namespace ledger::api {

namespace {

// Events read from the log at once while a batch fills: at most 1 MiB of
// stored events (64 KiB each) is held beside the batch.
constexpr std::size_t kReadChunkEvents = 16;

}  // namespace

EventStream::EventStream(const Log& log, uint64_t from, EventStreamLimits limits)
    : log_(log), next_seq_(from), limits_(limits) {
  LEDGER_CHECK(limits_.batch_events > 0 && limits_.batch_bytes > 0);
}

Result<StreamPiece> EventStream::Next(std::chrono::steady_clock::time_point now) {
  StreamPiece piece;
  if (!started_) {
    started_ = true;
    last_sent_ = now;
    piece.bytes = "retry: " + std::to_string(kStreamRetry.count()) + "\n\n";
  }
  const uint64_t size = log_.size();
  if (next_seq_ < size) LEDGER_RETURN_IF_ERROR(AppendBatch(size, piece));
  if (piece.bytes.empty() && now - last_sent_ >= limits_.keepalive) piece.bytes = ": keepalive\n\n";
  if (!piece.bytes.empty()) last_sent_ = now;
  return piece;
}

Status EventStream::AppendBatch(uint64_t size, StreamPiece& piece) {
  const std::size_t before = piece.bytes.size();  // the retry line does not count
  auto full = [&] {
    return piece.events >= limits_.batch_events || piece.bytes.size() - before >= limits_.batch_bytes;
  };
  while (!full() && next_seq_ < size) {
    const std::size_t want = static_cast<std::size_t>(
        std::min<uint64_t>({kReadChunkEvents, limits_.batch_events - piece.events, size - next_seq_}));
    auto stored = log_.ReadEvents(next_seq_, want);
    if (!stored) return stored.error();
    // Below the durable size every event is there: fewer is a broken log.
    if (stored->empty() || stored->size() > want)
      return Error::Corruption("the log holds " + std::to_string(size) + " events but reading from " +
                               std::to_string(next_seq_) + " gave " + std::to_string(stored->size()));
    for (const std::string& canonical : *stored) {
      auto body = EventBody(next_seq_, canonical);
      if (!body) return body.error();
      piece.bytes.append("id: ").append(std::to_string(next_seq_)).append("\ndata: ");
      piece.bytes.append(*body).append("\n\n");
      ++next_seq_;
      ++piece.events;
      // The rest of this read is read again for the next piece.
      if (full()) break;
    }
  }
  return Status::Ok();
}

}  // namespace ledger::api
