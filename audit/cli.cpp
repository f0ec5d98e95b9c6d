#include "cli.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <chrono>

#include "flags.hpp"
#include "auditor.hpp"
#include "export_file.hpp"
#include "file_io.hpp"
#include "follow.hpp"
#include "http_source.hpp"
#include "ledger/crypto.hpp"
#include "ledger/schema.hpp"
#include "report_xlsx.hpp"
#include "store_source.hpp"
#include "witness.hpp"

namespace ledger::audit {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr std::size_t kMaxKeyFileBytes = 4096;

using cli::FlagSpec;
using cli::ParsedFlags;

constexpr FlagSpec kAuditFlags[] = {
    {"data", "DIR", false, "audit the RocksDB ledger in DIR (read-only; safe beside a running ledgerd)"},
    {"log", "FILE", false, "audit an export file (ledger-audit export)"},
    {"url", "URL", false, "audit a running ledgerd through its API (http://HOST:PORT or https://…)"},
    {"ca", "FILE", false, "with an https --url: trust the CA certificate(s) in FILE (PEM) instead of the system's"},
    {"json", "FILE", false, "also write the full report as JSON to FILE"},
    {"xlsx", "FILE", false, "also write the report as a workbook (.xlsx) to FILE"},
    {"log-key", "KEY", false,
     "pin the log's key: its verifier key (the line GET /v1/log/key serves), a file holding it, or a PEM public key file"},
    {"chain-only", "", false, "check seq, hash chain, Merkle roots and checkpoints only (no replay)"},
    {"no-projections", "", false, "do not compare a RocksDB ledger's stored state with the replay"},
    {"scratch", "DIR", false,
     "keep the replay's scratch state in DIR (a new directory, kept); default: a temporary one, removed"},
    {"no-ratios", "", false, "do not compute the regulatory ratio and disclosure warnings"},
    {"as-of", "YYYY-MM-DD", false, "judge disclosure deadlines on this day (default: today in UTC+8)"},
    {"follow", "", false, "with --url: verify only what is new since the last run (state in --state)"},
    {"state", "FILE", false, "the --follow state file (default ledger-audit-state.json)"},
    {"witness", "KEYFILE", false,
     "with --url: cosign the verified checkpoint with this Ed25519 key (PEM) and post it to the ledger"},
    {"witness-name", "ID", false, "the org id of the witness (an org holding the audit role)"},
    {"quiet", "", false, "no progress lines on stderr"},
};

constexpr FlagSpec kExportFlags[] = {
    {"data", "DIR", true, "the RocksDB ledger to export (read-only)"},
    {"out", "FILE", true, "the export file to write (must not exist)"},
    {"quiet", "", false, "no progress lines on stderr"},
};

int Usage(std::ostream& err, const Error& e, std::string_view command, std::span<const FlagSpec> flags) {
  err << "ledger-audit: " << (e.field.empty() ? "" : e.field + ": ") << e.message << "\n"
      << cli::UsageText(command, "", flags, "ledger-audit");
  return kExitUsage;
}

// A verifier key given inline ("name+hash+key"), or a file holding one, or
// a PEM public key file (log-key.pem.pub; the name is then the genesis
// event's origin).
Result<VerifierKey> ReadLogKey(const std::string& value) {
  std::string text = value;
  if (value.find('+') == std::string::npos) {
    std::ifstream in(value, std::ios::binary);
    if (!in) return Error::Invalid("--log-key", "is neither a verifier key nor a readable file: " + value);
    std::string content(kMaxKeyFileBytes + 1, '\0');
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    content.resize(static_cast<std::size_t>(in.gcount()));
    if (content.size() > kMaxKeyFileBytes) return Error::Invalid("--log-key", value + " is too large for a key");
    if (content.rfind("-----BEGIN PUBLIC KEY-----", 0) == 0) {
      auto pem = PublicKey::ReadPemFile(value);
      if (!pem.ok()) return Error::Invalid("--log-key", pem.error().message);
      return VerifierKey{.name = "", .key_hash = 0, .key = *pem};
    }
    text = content;
  }
  auto key = ParseVerifierKey(text);
  if (!key.ok()) return Error::Invalid("--log-key", key.error().message);
  return key;
}

std::function<void(const Progress&)> ProgressPrinter(std::ostream& err, bool quiet) {
  if (quiet) return {};
  return [&err](const Progress& p) {
    if (p.seconds < 2) return;  // short runs need no progress lines
    const double rate = p.seconds > 0 ? static_cast<double>(p.done) / p.seconds : 0;
    err << "ledger-audit: " << p.done << " / " << p.total << " events";
    if (p.total > 0) err << " (" << p.done * 100 / p.total << "%)";
    err << ", " << static_cast<uint64_t>(rate) << " events/s\n" << std::flush;
  };
}

// Written through a temporary file (one per process: two audits may write
// reports side by side) and renamed, so a reader never sees half.
Status WriteJsonReport(const std::string& path, const Json& report) {
  return ReplaceFile(path, path + ".tmp-" + std::to_string(::getpid()), report.dump(2) + "\n",
                     kAuditFileMode);
}

int RunExport(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
  auto flags = cli::ParseFlags(args, kExportFlags);
  if (!flags.ok()) return Usage(err, flags.error(), "export", kExportFlags);
  if (flags->help_requested()) {
    out << cli::UsageText("export", "Write a ledger's events and checkpoints to an export file.",
                          kExportFlags, "ledger-audit");
    return kExitOk;
  }
  const bool quiet = flags->Has("quiet");
  auto progress = [&err, quiet](uint64_t done, uint64_t total) {
    if (!quiet) err << "ledger-audit export: " << done << " / " << total << " events\n" << std::flush;
  };
  auto summary = ExportLedger(flags->Get("data"), flags->Get("out"), progress);
  if (!summary.ok()) {
    err << "ledger-audit export: " << summary.error().ToString() << "\n";
    return kExitUsage;
  }
  out << "exported " << summary->events << " events and " << summary->checkpoints << " checkpoints to "
      << flags->Get("out") << "\n";
  return kExitOk;
}

}  // namespace

namespace {

struct Plan {
  std::string source_flag;  // "data", "log" or "url"
  AuditOptions options;
  std::optional<PrivateKey> witness_key;
};

// Which source, which checks: everything a flag combination can get wrong
// is refused here, before any work.
Result<Plan> MakePlan(const ParsedFlags& flags, std::ostream& err) {
  Plan plan;
  int sources = 0;
  for (const char* name : {"data", "log", "url"})
    if (flags.Has(name)) {
      plan.source_flag = name;
      ++sources;
    }
  if (sources != 1) return Error::Invalid("--data", "give exactly one of --data, --log and --url");
  const bool live = plan.source_flag == "url";
  if (flags.Has("follow") && !live) return Error::Invalid("--follow", "follows a server: needs --url");
  if (flags.Has("state") && !flags.Has("follow")) return Error::Invalid("--state", "is the --follow state file");
  if (flags.Has("witness") != flags.Has("witness-name"))
    return Error::Invalid("--witness", "--witness and --witness-name go together");
  if (flags.Has("witness") && !live) return Error::Invalid("--witness", "posts to a server: needs --url");
  if (flags.Has("chain-only") && flags.Has("witness"))
    return Error::Invalid("--witness", "a witness cosigns only after a full audit (not --chain-only)");
  if (flags.Has("scratch") && flags.Has("follow"))
    return Error::Invalid("--scratch", "--follow keeps its replay beside its --state file");
  if (flags.Has("scratch") && flags.Has("chain-only"))
    return Error::Invalid("--scratch", "a --chain-only audit replays nothing");
  if (flags.Has("scratch")) plan.options.scratch_dir = flags.Get("scratch");
  plan.options.rules = !flags.Has("chain-only");
  plan.options.projections = !flags.Has("no-projections");
  plan.options.ratios = !flags.Has("no-ratios");
  if (flags.Has("as-of")) {
    LEDGER_RETURN_IF_ERROR(ValidateDate(flags.Get("as-of"), "--as-of"));
    plan.options.today = Date{flags.Get("as-of")};
  }
  plan.options.progress = ProgressPrinter(err, flags.Has("quiet"));
  if (flags.Has("log-key")) {
    auto key = ReadLogKey(flags.Get("log-key"));
    if (!key.ok()) return key.error();
    plan.options.log_key = std::move(*key);
  }
  if (flags.Has("witness")) {
    auto key = PrivateKey::ReadPemFile(flags.Get("witness"));
    if (!key.ok()) return Error::Invalid("--witness", key.error().message);
    plan.witness_key = std::move(*key);
  }
  return plan;
}

Result<std::unique_ptr<Source>> OpenSource(const Plan& plan, const ParsedFlags& flags) {
  const std::string& where = flags.Get(plan.source_flag);
  Result<std::unique_ptr<Source>> source = plan.source_flag == "data" ? OpenStoreSource(where)
                                           : plan.source_flag == "log" ? OpenExportFile(where)
                                                                       : OpenHttpSource(where, flags.GetOr("ca"));
  if (!source.ok()) {
    Error e = source.error();
    e.field = "--" + plan.source_flag;
    return e;
  }
  return source;
}

// Runs the audit (or one --follow run); returns its report and the
// checkpoint note it verified last (what a witness cosigns).
Result<std::pair<AuditReport, std::string>> Audit(const Plan& plan, const ParsedFlags& flags) {
  if (flags.Has("follow")) {
    FollowOptions follow{.url = flags.Get("url"), .ca_file = flags.GetOr("ca"), .audit = plan.options};
    if (flags.Has("state")) follow.state_path = flags.Get("state");
    auto result = FollowOnce(follow);
    if (!result.ok()) return result.error();
    return std::pair(std::move(result->report), std::move(result->checkpoint));
  }
  auto source = OpenSource(plan, flags);
  if (!source.ok()) return source.error();
  AuditEnd end;
  AuditReport report = RunAudit(**source, plan.options, &end);
  return std::pair(std::move(report), std::move(end.checkpoint));
}

int Cosign(const Plan& plan, const ParsedFlags& flags, const std::string& checkpoint,
           std::ostream& out, std::ostream& err) {
  if (checkpoint.empty()) {
    err << "ledger-audit: --witness: no checkpoint was verified, nothing to cosign\n";
    return kExitFailed;
  }
  auto url = api::ParseHttpUrl(flags.Get("url"));
  if (!url.ok()) return kExitUsage;
  api::HttpClient client(*url, {.ca_file = flags.GetOr("ca")});
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  auto posted = CosignAndPost(client, checkpoint, flags.Get("witness-name"), *plan.witness_key,
                              static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(now).count()));
  if (!posted.ok()) {
    err << "ledger-audit: --witness: " << posted.error().ToString() << "\n";
    return kExitFailed;
  }
  out << "cosigned checkpoint of size " << posted->value("size", Json()).dump() << " as "
      << flags.Get("witness-name") << "\n";
  return kExitOk;
}

}  // namespace

int RunAuditCli(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && args[0] == "export") return RunExport(args.subspan(1), out, err);
  auto flags = cli::ParseFlags(args, kAuditFlags);
  if (!flags.ok()) return Usage(err, flags.error(), "", kAuditFlags);
  if (flags->help_requested()) {
    out << cli::UsageText("", "Verify a ledger: its log, checkpoints, signatures, rules and "
                              "projections (docs/audit.md). Also: ledger-audit export --help.",
                          kAuditFlags, "ledger-audit");
    return kExitOk;
  }
  auto plan = MakePlan(*flags, err);
  if (!plan.ok()) return Usage(err, plan.error(), "", kAuditFlags);
  auto audited = Audit(*plan, *flags);
  if (!audited.ok()) {
    err << "ledger-audit: " << audited.error().ToString() << "\n";
    return kExitUsage;
  }
  const auto& [report, checkpoint] = *audited;
  out << SummaryText(report);
  if (flags->Has("json"))
    if (Status written = WriteJsonReport(flags->Get("json"), ReportJson(report)); !written.ok()) {
      err << "ledger-audit: --json: " << written.error().ToString() << "\n";
      return kExitUsage;
    }
  if (flags->Has("xlsx"))
    if (Status written = WriteXlsxReport(flags->Get("xlsx"), report); !written.ok()) {
      err << "ledger-audit: --xlsx: " << written.error().ToString() << "\n";
      return kExitUsage;
    }
  if (!report.ok()) return kExitFailed;
  if (plan->witness_key) return Cosign(*plan, *flags, checkpoint, out, err);
  return kExitOk;
}

}  // namespace ledger::audit
