#include "follow.hpp"

#include <algorithm>
#include <functional>
#include <filesystem>
#include <memory>
#include <utility>
#include <vector>

#include "export_file.hpp"
#include "rules.hpp"
#include "http_source.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/crypto.hpp"
#include "ledger/encoding.hpp"

namespace ledger::audit {
namespace {

// ---------------------------------------------------------------------------
// The audit's source: the mirror up to the verified size, the server after.

class ChainedSource : public Source {
 public:
  // Events [0, prefix) from the mirror (opened by `mirror` when first
  // needed: a run that goes on from its kept replay reads it only for an
  // event a reversal names), the rest from `server`. Each server event
  // read in seq order is also appended to `tee`; the state file decides
  // whether those bytes ever count.
  using OpenMirror = std::function<Result<Source*>()>;
  ChainedSource(OpenMirror mirror, std::string mirror_path, uint64_t prefix, HttpSource& server, ExportAppender& tee)
      : open_mirror_(std::move(mirror)),
        mirror_path_(std::move(mirror_path)),
        prefix_(prefix),
        server_(server),
        tee_(tee),
        teed_(prefix) {}

  std::string Describe() const override {
    if (prefix_ == 0) return server_.Describe();
    return server_.Describe() + " (events before " + std::to_string(prefix_) + " from log:" + mirror_path_ + ")";
  }
  Result<uint64_t> Size() override { return server_.Size(); }

  Result<std::vector<SourceEvent>> ReadEvents(uint64_t from, std::size_t limit) override {
    std::vector<SourceEvent> out;
    uint64_t at = from;
    if (at < prefix_) {
      const std::size_t wanted = static_cast<std::size_t>(std::min<uint64_t>(limit, prefix_ - at));
      LEDGER_ASSIGN_OR_RETURN(Source* mirror, open_mirror_());
      Result<std::vector<SourceEvent>> part = mirror->ReadEvents(at, wanted);
      if (!part.ok()) return part.error();
      out = std::move(*part);
      if (out.size() < wanted) return out;  // a short mirror: the auditor names the gap
      at += wanted;
    }
    if (out.size() == limit) return out;
    Result<std::vector<SourceEvent>> part = server_.ReadEvents(at, limit - out.size());
    if (!part.ok()) return part.error();
    for (SourceEvent& event : *part) {
      if (event.key == teed_) {
        Status appended = tee_.AppendEvent(event.bytes);
        if (!appended.ok()) return appended.error();
        ++teed_;
      }
      out.push_back(std::move(event));
    }
    return out;
  }

  Result<std::string> ReadEvent(uint64_t seq) override {
    if (seq >= prefix_) return server_.ReadEvent(seq);
    LEDGER_ASSIGN_OR_RETURN(Source* mirror, open_mirror_());
    return mirror->ReadEvent(seq);
  }
  // The server's checkpoints; those the mirror holds are its own earlier
  // copies of them.
  Result<std::vector<uint64_t>> CheckpointSizes() override { return server_.CheckpointSizes(); }
  Result<std::vector<std::string>> CheckpointNotes(uint64_t size) override {
    return server_.CheckpointNotes(size);
  }
  Result<std::optional<ConsistencyProofData>> ConsistencyProof(uint64_t from, uint64_t to) override {
    return server_.ConsistencyProof(from, to);
  }
  Result<std::optional<Json>> ServedJson(const std::string& path) override {
    return server_.ServedJson(path);
  }

  // Server events appended to the mirror: [prefix, teed()).
  uint64_t teed() const { return teed_; }

 private:
  OpenMirror open_mirror_;
  std::string mirror_path_;
  uint64_t prefix_;
  HttpSource& server_;
  ExportAppender& tee_;
  uint64_t teed_;
};

// ---------------------------------------------------------------------------
// Forks: the new checkpoint must extend the one the state verified.

Failure ForkFailure(std::string check, uint64_t size, std::string reason) {
  Failure failure;
  failure.check = std::move(check);
  failure.checkpoint = size;
  failure.reason = std::move(reason);
  return failure;
}

// A failure when the server's log does not extend the state's; nullopt
// when it does. `new_root` is the root of the (verified) latest checkpoint.
Result<std::optional<Failure>> CheckExtends(HttpSource& server, const FollowState& state,
                                            const VerifierKey& key, uint64_t new_size,
                                            const Hash& new_root) {
  const std::string sizes = std::to_string(state.size) + " -> " + std::to_string(new_size);
  if (new_size < state.size) {
    return std::optional<Failure>(ForkFailure("consistency", new_size,
        "the server's latest checkpoint has " + std::to_string(new_size) +
            " events, fewer than the " + std::to_string(state.size) + " verified before"));
  }
  // The server's own checkpoint of the state's size, when it still serves it.
  Result<std::vector<std::string>> old_notes = server.CheckpointNotes(state.size);
  if (!old_notes.ok() && old_notes.error().code != Code::kNotFound) return old_notes.error();
  if (old_notes.ok()) {
    for (const std::string& note : *old_notes) {
      Result<Checkpoint> old_checkpoint = VerifyCheckpoint(note, key);
      if (old_checkpoint.ok() && old_checkpoint->root != state.root) {
        return std::optional<Failure>(ForkFailure("checkpoint_root", state.size,
            "the server's checkpoint of size " + std::to_string(state.size) + " has root " +
                HexEncode(old_checkpoint->root) + ", the one verified before has " +
                HexEncode(state.root) + ": the log forked"));
      }
    }
  }
  Result<std::optional<ConsistencyProofData>> proof = server.ConsistencyProof(state.size, new_size);
  if (!proof.ok()) {
    return std::optional<Failure>(ForkFailure("consistency", new_size,
        "no consistency proof " + sizes + ": " + proof.error().ToString()));
  }
  Status verified = VerifyConsistency(state.size, new_size, state.root, new_root, (*proof)->hashes);
  if (!verified.ok()) {
    return std::optional<Failure>(ForkFailure("consistency", new_size,
        "the server's consistency proof " + sizes + " does not verify from the root verified before (" +
            HexEncode(state.root) + ") to the new checkpoint's (" + HexEncode(new_root) +
            "): " + verified.error().message));
  }
  return std::optional<Failure>();
}

// ---------------------------------------------------------------------------
// One run.

struct Run {
  const FollowOptions& options;
  std::optional<FollowState> state;  // nullopt: first run
  std::string url;                   // normalised
  std::unique_ptr<HttpSource> server;
  std::string server_key;  // what GET /v1/log/key says
  std::string origin;
  uint64_t new_size = 0;
  std::string new_note;
  std::string mirror;
  std::unique_ptr<ExportAppender> appender;
  std::unique_ptr<Source> mirror_events;  // the state's events; null on a first run
};

FollowResult NotAdvanced(const Run& run, AuditReport report) {
  FollowResult result;
  result.first_run = !run.state;
  result.previous_size = run.state ? run.state->size : 0;
  result.state = run.state;
  result.report = std::move(report);
  return result;
}

// Puts the mirror back as the state knows it, after a failed run.
void RestoreMirror(Run& run) {
  run.appender.reset();
  run.mirror_events.reset();
  if (!run.state) {
    std::error_code ignored;
    std::filesystem::remove(run.mirror, ignored);
    return;
  }
  // Best effort: the next run cuts the mirror back in any case.
  (void)ExportAppender::Open(run.mirror, run.origin, run.state->log_key, run.state->mirror_bytes);
}

// Checks the state against the server and the options; sets up the run.
Status Prepare(Run& run) {
  Result<api::HttpUrl> url = api::ParseHttpUrl(run.options.url);
  if (!url.ok()) return url.error();
  run.url = url->ToString();
  if (run.state && run.state->url != run.url) {
    return Error::Invalid("url", run.options.state_path + " follows " + run.state->url + ", not " +
                                     run.url + ": use another --state file");
  }
  Result<std::unique_ptr<HttpSource>> server = HttpSource::Open(run.options.url, run.options.ca_file);
  if (!server.ok()) return server.error();
  run.server = std::move(*server);
  Result<std::string> key = run.server->LogKey();
  if (!key.ok()) return key.error();
  run.server_key = std::move(*key);
  if (run.state && run.server_key != run.state->log_key) {
    return Error{Code::kUnauthenticated, "log_key",
                 "the server's log key is " + run.server_key + ", the state's is " + run.state->log_key};
  }
  const std::optional<VerifierKey>& pinned = run.options.audit.log_key;
  if (run.state && pinned && VerifierKeyString(pinned->name, pinned->key) != run.state->log_key) {
    return Error{Code::kUnauthenticated, "log_key",
                 "the pinned log key is not the state's " + run.state->log_key};
  }
  Result<std::string> note = run.server->LatestCheckpointNote();
  if (!note.ok()) return note.error();
  run.new_note = std::move(*note);
  // LatestCheckpointNote parsed it already; the origin only names the mirror's header.
  Result<SignedNote> parsed = ParseSignedNote(run.new_note);
  Result<Checkpoint> body = parsed.ok() ? ParseCheckpointBody(parsed->text) : Result<Checkpoint>(parsed.error());
  if (!body.ok()) return body.error();
  run.origin = body->origin;
  run.new_size = body->size;
  const std::string mirror = run.state                        ? run.state->mirror
                             : !run.options.mirror_path.empty() ? run.options.mirror_path
                                                                : run.options.state_path + std::string(kMirrorSuffix);
  run.mirror = std::filesystem::absolute(mirror).string();
  return Status::Ok();
}

// A report of the fork when the server's log does not extend the state's.
// Found before the long audit, and named as a fork rather than as the
// broken link the audit would meet first.
Result<std::optional<AuditReport>> FindFork(Run& run, const VerifierKey& key) {
  Result<Checkpoint> latest = VerifyCheckpoint(run.new_note, key);
  if (!latest.ok()) return std::optional<AuditReport>();  // the audit refuses the note, naming why
  Result<std::optional<Failure>> fork = CheckExtends(*run.server, *run.state, key, run.new_size, latest->root);
  if (!fork.ok()) return fork.error();
  if (!*fork) return std::optional<AuditReport>();
  AuditReport report;
  report.source = run.server->Describe();
  report.mode = run.options.audit.rules ? "full" : "chain";
  report.log_key = run.state->log_key;
  report.log_key_pinned = true;
  report.trusted = run.state->size;
  report.failure = std::move(**fork);
  return std::optional<AuditReport>(std::move(report));
}

// Opens the mirror for appending, cut back to what the state counts.
Status OpenMirror(Run& run) {
  if (!run.state) {
    std::error_code ignored;  // a first run that crashed left it; no state counts it
    std::filesystem::remove(run.mirror, ignored);
  }
  Result<std::unique_ptr<ExportAppender>> appender = ExportAppender::Open(
      run.mirror, run.origin, run.state ? run.state->log_key : run.server_key,
      run.state ? std::optional<uint64_t>(run.state->mirror_bytes) : std::nullopt);
  if (!appender.ok()) return appender.error();
  run.appender = std::move(*appender);
  return Status::Ok();
}

// The state's events from the mirror, read (and indexed) only when first
// asked for; it must hold exactly the events the state counts.
Result<Source*> MirrorEvents(Run& run) {
  if (run.mirror_events) return run.mirror_events.get();
  Result<std::unique_ptr<Source>> opened = OpenExportFile(run.mirror);
  if (!opened.ok()) return opened.error();
  Result<uint64_t> held = (*opened)->Size();
  if (!held.ok()) return held.error();
  if (*held != run.state->size)
    return Error::Invalid("mirror", run.mirror + " holds " + std::to_string(*held) + " events in its first " +
                                        std::to_string(run.state->mirror_bytes) + " bytes, the state counts " +
                                        std::to_string(run.state->size));
  run.mirror_events = std::move(*opened);
  return run.mirror_events.get();
}

// The verified end of a passed audit, or a failure if it is not the
// server's latest checkpoint.
std::optional<Failure> CheckEnd(const Run& run, const AuditEnd& end) {
  Result<SignedNote> note = ParseSignedNote(end.checkpoint);
  Result<Checkpoint> checkpoint = note.ok() ? ParseCheckpointBody(note->text) : Result<Checkpoint>(note.error());
  if (end.size != run.new_size || !checkpoint.ok() || checkpoint->size != run.new_size ||
      checkpoint->root != end.root) {
    return ForkFailure("consistency", run.new_size,
        "the audit ended at " + std::to_string(end.size) + " events, not at the server's checkpoint of " +
            std::to_string(run.new_size));
  }
  return std::nullopt;
}

// After a passed audit: the new checkpoint into the mirror, synced, then
// the new state. The new events are in the mirror already (teed).
Result<FollowResult> Commit(Run& run, const AuditEnd& end, AuditReport report) {
  FollowResult result = NotAdvanced(run, std::move(report));
  result.checkpoint = end.checkpoint;
  if (run.state && run.new_size == run.state->size) return result;  // nothing new
  LEDGER_RETURN_IF_ERROR(run.appender->AppendCheckpoint(end.checkpoint));
  LEDGER_RETURN_IF_ERROR(run.appender->Sync());
  FollowState next{run.url, run.state ? run.state->log_key : result.report.log_key,
                   end.size, end.root, end.checkpoint, run.mirror, run.appender->bytes()};
  LEDGER_RETURN_IF_ERROR(SaveFollowState(run.options.state_path, next));
  result.advanced = true;
  result.state = std::move(next);
  return result;
}

}  // namespace

Result<FollowResult> FollowOnce(const FollowOptions& options) {
  Result<std::optional<FollowState>> loaded = LoadFollowState(options.state_path);
  if (!loaded.ok()) return loaded.error();
  Run run{options, std::move(*loaded)};
  LEDGER_RETURN_IF_ERROR(Prepare(run));

  AuditOptions audit = options.audit;
  // The replay is kept beside the state, so that a run decides only the
  // new events; one that does not end where the state does is made again.
  const std::string replay_dir = std::filesystem::absolute(options.state_path + std::string(kReplaySuffix)).string();
  if (audit.rules) audit.scratch_dir = replay_dir;
  std::error_code ignored;
  if (run.state) {
    Result<VerifierKey> key = ParseVerifierKey(run.state->log_key);
    if (!key.ok()) return Error::Invalid("state", options.state_path + ": log_key: " + key.error().message);
    audit.log_key = *key;
    audit.trusted = TrustedPrefix{run.state->size, run.state->root, run.state->checkpoint};
    Result<std::optional<AuditReport>> fork = FindFork(run, *key);
    if (!fork.ok()) return fork.error();
    if (*fork) return NotAdvanced(run, std::move(**fork));
    auto kept = audit.rules ? RuleChecker::KeptEnd(replay_dir) : Result<std::optional<ResumePoint>>(std::nullopt);
    if (kept.ok() && *kept && (*kept)->size == run.state->size && (*kept)->frontier.Root() == run.state->root)
      audit.resume = std::move(**kept);
  }
  if (!audit.resume) std::filesystem::remove_all(replay_dir, ignored);
  LEDGER_RETURN_IF_ERROR(OpenMirror(run));

  ChainedSource source([&run] { return MirrorEvents(run); }, run.mirror, run.state ? run.state->size : 0,
                       *run.server, *run.appender);
  AuditEnd end;
  AuditReport report = RunAudit(source, audit, &end);
  if (report.ok()) {
    if (std::optional<Failure> failure = CheckEnd(run, end)) report.failure = std::move(*failure);
  }
  if (report.ok() && !run.state && report.log_key != run.server_key) {
    report.failure = ForkFailure("log_key", run.new_size,
        "the checkpoints verify with " + report.log_key + ", but the server says its key is " +
            run.server_key);
  }
  if (report.ok() && source.teed() != run.new_size) {
    report.failure = ForkFailure("source", run.new_size,
        "the audit read the server's events only up to " + std::to_string(source.teed()));
  }
  if (!report.ok()) {
    RestoreMirror(run);
    std::filesystem::remove_all(replay_dir, ignored);  // it may have gone past the state
    return NotAdvanced(run, std::move(report));
  }
  return Commit(run, end, std::move(report));
}

}  // namespace ledger::audit
