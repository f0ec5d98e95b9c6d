#include "witness.hpp"

#include <string>
#include <vector>

#include "http_source.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/cosignature.hpp"

namespace ledger::audit {

Result<Json> CosignAndPost(api::HttpClient& client, std::string_view checkpoint_note,
                           std::string_view witness_name, const PrivateKey& key,
                           uint64_t unix_seconds) {
  Result<SignedNote> note = ParseSignedNote(checkpoint_note);
  if (!note.ok()) return Error::Invalid("note", "the checkpoint to cosign: " + note.error().ToString());
  if (Status name = ValidateKeyName(witness_name); !name.ok())
    return Error::Invalid("witness_name", name.error().message);
  if (unix_seconds > kMaxCosignatureTime)
    return Error::Invalid("unix_seconds", "a cosignature time is at most 2^63-1");
  const std::vector<std::string> lines{
      CosignatureLine(note->text, witness_name, key, unix_seconds)};
  Result<std::string> cosigned = AppendSignatureLines(checkpoint_note, lines);
  if (!cosigned.ok()) return cosigned.error();

  const std::string path = "/v1/cosignatures";
  Result<api::HttpReply> reply = client.Post(path, *cosigned, "text/plain; charset=utf-8");
  if (!reply.ok()) {
    Error error = reply.error();
    error.message = "POST " + path + ": " + error.message;
    return error;
  }
  if (reply->status != 201) return HttpReplyError("POST " + path, *reply);
  Result<Json> answer = ParseStrict(reply->body);
  if (!answer.ok() || !answer->is_object())
    return Error::Io("POST " + path + ": the answer is not a JSON object");
  return std::move(*answer);
}

}  // namespace ledger::audit
