// Witness cosignatures kept by the ledger: who may cosign, a posted note
// checked against the kept checkpoint, and the records in the meta column:
//
//   meta  "cosig/" ‖ SeqKey(size) ‖ "/" ‖ witness id  ->  the signature line
//
// The prefix keeps them apart from the ledger's own meta names ("format",
// "origin", "log_key", ledger/log_meta.cpp). SeqKey sorts sizes as numbers
// and ids are [a-z0-9._-], so a scan of one size's prefix lists its
// witnesses in ascending id order.
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "ledger/cosignature.hpp"
#include "ledger/ledger.hpp"
#include "ledger/service/ledger_impl.hpp"
#include "ledger/read_models.hpp"
#include "ledger/orgs.hpp"
#include "ledger/schema.hpp"
#include "ledger/store.hpp"

namespace ledger {
namespace {

constexpr std::string_view kCosignatureMetaPrefix = "cosig/";

std::string SizePrefix(uint64_t size) {
  return std::string(kCosignatureMetaPrefix) + SeqKey(size) + "/";
}

struct KeptCosignature {
  std::string witness;
  uint64_t timestamp = 0;
  NoteSignature signature;
};

uint64_t TimestampOf(const NoteSignature& signature) {
  uint64_t timestamp = 0;
  for (std::size_t i = 0; i < 8 && i < signature.signature.size(); ++i)
    timestamp = (timestamp << 8) | signature.signature[i];
  return timestamp;
}

// Every cosignature kept for the checkpoint of `size`, witness ids ascending.
Result<std::vector<KeptCosignature>> ReadKept(const Store& store, uint64_t size) {
  const std::string prefix = SizePrefix(size);
  // '0' follows '/' in ASCII: the bound just past every key under prefix.
  const std::string before = prefix.substr(0, prefix.size() - 1) + "0";
  std::vector<KeptCosignature> kept;
  std::optional<Error> bad;
  Status scanned = store.Scan(Column::kMeta, prefix,
      [&](std::string_view key, std::string_view value) {
        Result<NoteSignature> line = ParseNoteSignatureLine(value);
        if (!line.ok() || line->signature.size() != kCosignatureBytes) {
          bad = Error::Corruption("kept cosignature of size " + std::to_string(size) +
                                  " does not parse");
          return false;
        }
        const uint64_t timestamp = TimestampOf(*line);
        kept.push_back({std::string(key.substr(prefix.size())), timestamp, std::move(*line)});
        return true;
      }, before);
  if (!scanned.ok()) return scanned.error();
  if (bad) return *bad;
  return kept;
}

// The org named `id` as durably stored, or nullopt if there is none.
Result<std::optional<Org>> StoredOrg(const Store& store, std::string_view id) {
  if (!ValidateId(id, "").ok()) return std::optional<Org>();  // no org has that name
  return ReadOrg(store, id);
}

// Why a line's name does not make it a witness line now, or "" if it does.
std::string NotAWitness(const std::optional<Org>& org, const NoteSignature& line) {
  if (!org) return line.name + " is not a registered org";
  if (!org->roles.Has(Role::kAudit)) return "org " + line.name + " lacks the audit role";
  if (org->suspended_seq) return "org " + line.name + " is suspended";
  if (line.key_hash != CosignatureKeyId(line.name, org->keys.back().key))
    return "the key ID of " + line.name + "'s line is not the cosignature/v1 key ID of the key it holds now";
  return {};
}

uint64_t NowUnixSeconds() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch()).count());
}

// The size the note claims, after checking that its body is the very body
// of the checkpoint this log keeps for that size.
Result<uint64_t> CheckAgainstKept(const Log& log, const SignedNote& posted) {
  Result<Checkpoint> claimed = ParseCheckpointBody(posted.text);
  if (!claimed.ok()) {
    const Error& e = claimed.error();
    return Error::Invalid("note", "checkpoint " + (e.field.empty() ? "" : e.field + " ") +
                                      e.message);
  }
  Result<std::string> kept = log.CheckpointAt(claimed->size);
  if (!kept.ok()) return kept.error();  // kNotFound names "size"
  Result<SignedNote> kept_note = ParseSignedNote(*kept);
  if (!kept_note.ok()) return Error::Corruption("kept checkpoint of size " +
                                                std::to_string(claimed->size) + " does not parse");
  if (kept_note->text != posted.text) {
    return Error::Refused("checkpoint", "this log's checkpoint of size " +
                                            std::to_string(claimed->size) +
                                            " has another origin or root: the note claims a fork");
  }
  return claimed->size;
}

// The newest verified line of each audit org in `posted`, by witness id.
Result<std::map<std::string, KeptCosignature>> VerifiedLines(const Log& log,
                                                             const SignedNote& posted) {
  std::map<std::string, KeptCosignature> accepted;
  std::string passed_over;
  bool refused_org = false;  // a registered org that may not cosign now
  const uint64_t latest_allowed = NowUnixSeconds() + kMaxCosignatureFutureSeconds;
  for (const NoteSignature& line : posted.signatures) {
    if (line.name == log.origin()) continue;  // the log's own line
    auto org = StoredOrg(log.store(), line.name);
    if (!org.ok()) return org.error();
    if (std::string why = NotAWitness(*org, line); !why.empty()) {
      passed_over += (passed_over.empty() ? "" : "; ") + why;
      refused_org = refused_org || (*org && (!(*org)->roles.Has(Role::kAudit) || (*org)->suspended_seq));
      continue;
    }
    Result<uint64_t> timestamp =
        VerifyCosignature(posted.text, line, line.name, (*org)->keys.back().key);
    if (!timestamp.ok()) {
      return Error{timestamp.error().code, "note", timestamp.error().message};
    }
    if (*timestamp > latest_allowed) {
      return Error::Refused("timestamp", "cosignature by " + line.name + " is dated " +
                                             std::to_string(*timestamp) +
                                             ", more than " + std::to_string(kMaxCosignatureFutureSeconds) +
                                             " s after this ledger's clock");
    }
    auto [it, inserted] = accepted.try_emplace(line.name, KeptCosignature{line.name, *timestamp, line});
    if (!inserted && it->second.timestamp < *timestamp) it->second = {line.name, *timestamp, line};
  }
  if (accepted.empty()) {
    // DESIGN.md §5: a role the org lacks, or a suspended org, is 403;
    // a name or key the ledger does not know is 401.
    return Error{refused_org ? Code::kPermissionDenied : Code::kUnauthenticated, "note",
                 "no line signed by an org with the audit role" +
                     (passed_over.empty() ? std::string() : " (" + passed_over + ")")};
  }
  return accepted;
}

}  // namespace

Result<Json> Ledger::AddCosignatures(std::string_view note) {
  Result<SignedNote> posted = ParseSignedNote(note);
  if (!posted.ok()) return Error::Invalid("note", posted.error().message);
  Result<uint64_t> size = CheckAgainstKept(log(), *posted);
  if (!size.ok()) return size.error();
  auto accepted = VerifiedLines(log(), *posted);
  if (!accepted.ok()) return accepted.error();

  std::lock_guard lock(impl_->cosignatures_mu);
  auto kept = ReadKept(log().store(), *size);
  if (!kept.ok()) return kept.error();
  std::map<std::string_view, uint64_t> kept_time;
  for (const KeptCosignature& k : *kept) kept_time.emplace(k.witness, k.timestamp);
  WriteSet writes(log().store());
  std::size_t witness_count = kept->size();
  Json witnesses = Json::array();
  for (const auto& [id, line] : *accepted) {
    witnesses.push_back(id);
    auto before = kept_time.find(id);
    if (before != kept_time.end() && before->second >= line.timestamp) continue;  // idempotent
    if (before == kept_time.end() && ++witness_count > kMaxCosignaturesPerNote) {
      return Error::Refused("witnesses", "the checkpoint of size " + std::to_string(*size) +
                                             " already holds " +
                                             std::to_string(kMaxCosignaturesPerNote) +
                                             " witnesses' cosignatures");
    }
    writes.Put(Column::kMeta, SizePrefix(*size) + id, NoteSignatureLine(line.signature));
  }
  if (writes.Count() > 0) LEDGER_RETURN_IF_ERROR(log().WriteState(writes));
  return Json{{"size", *size}, {"witnesses", std::move(witnesses)}};
}

Result<Json> Ledger::CosignaturesJson(std::optional<uint64_t> size) const {
  if (!size) {
    Result<std::string> latest = log().LatestCheckpoint();
    if (!latest.ok()) return Error{latest.error().code, "size", latest.error().message};
    Result<SignedNote> parsed = ParseSignedNote(*latest);
    Result<Checkpoint> cp = parsed.ok() ? ParseCheckpointBody(parsed->text)
                                        : Result<Checkpoint>(parsed.error());
    if (!cp.ok()) return Error::Corruption("the latest checkpoint does not parse");
    size = cp->size;
  }
  Result<std::string> note = log().CheckpointAt(*size);
  if (!note.ok()) return note.error();
  auto kept = ReadKept(log().store(), *size);
  if (!kept.ok()) return kept.error();
  std::vector<std::string> lines;
  Json cosignatures = Json::array();
  for (const KeptCosignature& k : *kept) {
    lines.push_back(NoteSignatureLine(k.signature));
    cosignatures.push_back({{"witness", k.witness}, {"timestamp", k.timestamp}, {"line", lines.back()}});
  }
  Result<std::string> cosigned = AppendSignatureLines(*note, lines);
  if (!cosigned.ok()) {
    return Error::Corruption("checkpoint " + std::to_string(*size) +
                             " with its cosignatures is not a note: " + cosigned.error().message);
  }
  return Json{{"size", *size}, {"checkpoint", std::move(*cosigned)},
              {"cosignatures", std::move(cosignatures)}};
}

}  // namespace ledger
