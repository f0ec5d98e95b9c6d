// ledgerctl (cli/ledgerctl.hpp, docs/cli.md): commands run in-process
// through RunLedgerctl, plus a few through the built binary to check that
// main() forwards argv, stdin and the exit code unchanged.
#include "ledgerctl.hpp"

#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "command.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/crypto.hpp"
#include "ledger/log.hpp"
#include "ledger/signing.hpp"
#include "test_util.hpp"

namespace ledger::cli {
namespace {

namespace fs = std::filesystem;
using ledger::testing::BinaryDir;
using ledger::testing::ReadText;
using ledger::testing::TempDir;
using ledger::testing::VectorsDir;

struct Outcome {
  int code = -1;
  std::string out;
  std::string err;
};

Outcome Ctl(std::vector<std::string> args, const std::string& stdin_text = "") {
  std::istringstream in(stdin_text);
  std::ostringstream out, err;
  Outcome outcome;
  outcome.code = RunLedgerctl(args, in, out, err);
  outcome.out = out.str();
  outcome.err = err.str();
  return outcome;
}

// A key from a fixed seed, written as FILE and FILE.pub.
PrivateKey WriteFixedKey(const std::string& path, uint8_t seed_byte) {
  std::array<uint8_t, 32> seed{};
  seed.fill(seed_byte);
  Result<PrivateKey> key = PrivateKey::FromSeed(seed);
  EXPECT_TRUE(key.ok());
  Status written = key->WriteKeyPair(path);
  EXPECT_TRUE(written.ok()) << written.error().ToString();
  return *key;
}

// Every file under `dir` with its contents: "nothing changed" means equal.
std::map<std::string, std::string> Snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file())
      files[fs::relative(entry.path(), dir).string()] = ReadText(entry.path().string());
  return files;
}

unsigned Permissions(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

std::vector<std::string> InitArgs(const std::string& data, const std::string& regulator_pub) {
  return {"init",
          "--data",
          data,
          "--origin",
          "ledger.example.org/shenzhen",
          "--regulator-id",
          "sz-civil-affairs",
          "--regulator-name=Shenzhen Civil Affairs Bureau",
          "--regulator-key",
          regulator_pub};
}

// The value of a "name: value" line of command output, or "".
std::string Field(const std::string& output, const std::string& name) {
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(name + ": ", 0) == 0) return line.substr(name.size() + 2);
  return "";
}

// ---- keygen ----

TEST(Keygen, CreatesPrivateKeyWithMode0600AndPublicKeyFile) {
  TempDir dir;
  const std::string path = dir.Sub("org.pem");
  Outcome r = Ctl({"keygen", "--out=" + path});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(Permissions(path), 0600u);
  Result<PrivateKey> key = PrivateKey::ReadPemFile(path);
  ASSERT_TRUE(key.ok()) << key.error().ToString();
  Result<PublicKey> pub = PublicKey::ReadPemFile(path + ".pub");
  ASSERT_TRUE(pub.ok()) << pub.error().ToString();
  EXPECT_EQ(*pub, key->public_key());
  EXPECT_EQ(Field(r.out, "public_key"), pub->Base64());
  EXPECT_EQ(Field(r.out, "private_key_file"), path);
  EXPECT_EQ(Field(r.out, "public_key_file"), path + ".pub");
}

TEST(Keygen, RefusesToOverwriteAnExistingKey) {
  TempDir dir;
  const std::string path = dir.Sub("org.pem");
  ASSERT_EQ(Ctl({"keygen", "--out", path}).code, kExitOk);
  auto before = Snapshot(dir.path());
  Outcome r = Ctl({"keygen", "--out", path});
  EXPECT_EQ(r.code, kExitRefused);
  EXPECT_NE(r.err.find(path + ": already exists"), std::string::npos) << r.err;
  EXPECT_EQ(Snapshot(dir.path()), before);
}

TEST(Keygen, RefusesWhenOnlyThePublicKeyFileExists) {
  TempDir dir;
  const std::string path = dir.Sub("org.pem");
  ASSERT_TRUE(WriteNewFile(path + ".pub", "keep me", 0644).ok());
  Outcome r = Ctl({"keygen", "--out", path});
  EXPECT_EQ(r.code, kExitRefused);
  EXPECT_NE(r.err.find(path + ".pub: already exists"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(path));
  EXPECT_EQ(ReadText(path + ".pub"), "keep me");
}

// ---- init ----

TEST(Init, CreatesALedgerHoldingOnlyTheGenesisEvent) {
  TempDir dir;
  WriteFixedKey(dir.Sub("regulator.pem"), 7);
  const std::string data = dir.Sub("ledger");
  Outcome r = Ctl(InitArgs(data, dir.Sub("regulator.pem.pub")));
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(Field(r.out, "tree_size"), "1");
  EXPECT_EQ(Permissions(data + "/log-key.pem"), 0600u);

  LogOptions options;
  options.dir = data;
  options.read_only = true;
  options.checkpoint_interval = std::chrono::milliseconds(0);
  Result<std::unique_ptr<Log>> log = Log::Open(options, std::nullopt);
  ASSERT_TRUE(log.ok()) << log.error().ToString();
  EXPECT_EQ((*log)->size(), 1u);
  EXPECT_EQ(Field(r.out, "verifier_key"), (*log)->verifier_key());
  Result<Hash> leaf = (*log)->LeafHashAt(0);
  ASSERT_TRUE(leaf.ok());
  EXPECT_EQ(Field(r.out, "genesis_leaf_hash"), HexEncode(*leaf));
}

TEST(Init, RefusesADirectoryThatHoldsALedgerAndChangesNothing) {
  TempDir dir;
  WriteFixedKey(dir.Sub("regulator.pem"), 7);
  const std::string data = dir.Sub("ledger");
  ASSERT_EQ(Ctl(InitArgs(data, dir.Sub("regulator.pem.pub"))).code, kExitOk);
  auto before = Snapshot(data);
  Outcome r = Ctl(InitArgs(data, dir.Sub("regulator.pem.pub")));
  EXPECT_EQ(r.code, kExitRefused);
  EXPECT_NE(r.err.find("--data: " + data + " already holds a ledger"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(Snapshot(data), before);
}

TEST(Init, RefusesANonEmptyDirectoryThatIsNotALedger) {
  TempDir dir;
  WriteFixedKey(dir.Sub("regulator.pem"), 7);
  const std::string data = dir.Sub("ledger");
  fs::create_directory(data);
  ASSERT_TRUE(WriteNewFile(data + "/notes.txt", "mine", 0644).ok());
  Outcome r = Ctl(InitArgs(data, dir.Sub("regulator.pem.pub")));
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("--data: " + data + " is not empty"), std::string::npos) << r.err;
  EXPECT_EQ(Snapshot(data), (std::map<std::string, std::string>{{"notes.txt", "mine"}}));
}

TEST(Init, RefusesAnOriginThatIsNotAKeyName) {
  TempDir dir;
  WriteFixedKey(dir.Sub("regulator.pem"), 7);
  std::vector<std::string> args = InitArgs(dir.Sub("ledger"), dir.Sub("regulator.pem.pub"));
  args[4] = "ledger example+org";
  Outcome r = Ctl(args);
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("--origin"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.Sub("ledger")));
}

TEST(Init, AcceptsARegulatorIdOfExactlyTheLimit) {
  TempDir dir;
  WriteFixedKey(dir.Sub("regulator.pem"), 7);
  std::vector<std::string> args = InitArgs(dir.Sub("ledger"), dir.Sub("regulator.pem.pub"));
  args[6] = std::string(64, 'r');
  Outcome r = Ctl(args);
  EXPECT_EQ(r.code, kExitOk) << r.err;
}

TEST(Init, RefusesARegulatorIdOverTheLimit) {
  TempDir dir;
  WriteFixedKey(dir.Sub("regulator.pem"), 7);
  std::vector<std::string> args = InitArgs(dir.Sub("ledger"), dir.Sub("regulator.pem.pub"));
  args[6] = std::string(65, 'r');
  Outcome r = Ctl(args);
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("--regulator-id: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("64"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.Sub("ledger")));
}

TEST(Init, RefusesARegulatorIdThatIsNotAnOrgId) {
  TempDir dir;
  WriteFixedKey(dir.Sub("regulator.pem"), 7);
  std::vector<std::string> args = InitArgs(dir.Sub("ledger"), dir.Sub("regulator.pem.pub"));
  args[6] = "Civil Affairs";
  Outcome r = Ctl(args);
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("--regulator-id: "), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.Sub("ledger")));
}

TEST(Init, RefusesARegulatorNameOverTheLimit) {
  TempDir dir;
  WriteFixedKey(dir.Sub("regulator.pem"), 7);
  std::vector<std::string> args = InitArgs(dir.Sub("ledger"), dir.Sub("regulator.pem.pub"));
  args[7] = "--regulator-name=" + std::string(257, 'n');
  Outcome r = Ctl(args);
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("--regulator-name: is 257 bytes; the limit is 256"), std::string::npos)
      << r.err;
}

TEST(Init, RefusesAnEmptyRegulatorId) {
  TempDir dir;
  WriteFixedKey(dir.Sub("regulator.pem"), 7);
  std::vector<std::string> args = InitArgs(dir.Sub("ledger"), dir.Sub("regulator.pem.pub"));
  args[5] = "--regulator-id=";
  args.erase(args.begin() + 6);
  Outcome r = Ctl(args);
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("--regulator-id: needs a non-empty value"), std::string::npos) << r.err;
}

TEST(Init, UnreadableRegulatorKeyIsAnInputErrorNamingThePath) {
  TempDir dir;
  const std::string missing = dir.Sub("no-such.pub");
  Outcome r = Ctl(InitArgs(dir.Sub("ledger"), missing));
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err.rfind("ledgerctl init: --regulator-key: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(missing), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.Sub("ledger")));
}

// ---- canon ----

TEST(Canon, MatchesEveryRfc8785VectorByteForByte) {
  const fs::path root = fs::path(VectorsDir()) / "rfc8785";
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(root / "input")) {
    SCOPED_TRACE(entry.path().filename().string());
    Outcome r = Ctl({"canon"}, ReadText(entry.path().string()));
    EXPECT_EQ(r.code, kExitOk) << r.err;
    EXPECT_EQ(r.out, ReadText((root / "output" / entry.path().filename()).string()));
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

// docs/cli.md promises `{ printf '\0'; ledgerctl canon; } | sha256sum` is
// the leaf hash: canon must add nothing to the stored bytes.
TEST(Canon, OutputOfAStoredEventHashesToItsLeafHash) {
  TempDir dir;
  WriteFixedKey(dir.Sub("regulator.pem"), 7);
  Outcome init = Ctl(InitArgs(dir.Sub("ledger"), dir.Sub("regulator.pem.pub")));
  ASSERT_EQ(init.code, kExitOk) << init.err;
  LogOptions options;
  options.dir = dir.Sub("ledger");
  options.read_only = true;
  options.checkpoint_interval = std::chrono::milliseconds(0);
  Result<std::unique_ptr<Log>> log = Log::Open(options, std::nullopt);
  ASSERT_TRUE(log.ok()) << log.error().ToString();
  Result<std::string> raw = (*log)->ReadEvent(0);
  ASSERT_TRUE(raw.ok());
  Result<Json> pretty = ParseStrict(*raw);
  ASSERT_TRUE(pretty.ok());

  Outcome r = Ctl({"canon", "--integers-only"}, pretty->dump(2));
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(HexEncode(Sha256(std::string(1, '\0') + r.out)), Field(init.out, "genesis_leaf_hash"));
}

TEST(Canon, IntegersOnlyRefusesAFractionNamingItsPath) {
  Outcome r = Ctl({"canon", "--integers-only"}, R"({"body":{"amount_fen":1.5}})");
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("body.amount_fen"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(Canon, IntegersOnlyAcceptsIntegers) {
  Outcome r = Ctl({"canon", "--integers-only"}, R"({ "b": 9007199254740991, "a": -1 })");
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.out, R"({"a":-1,"b":9007199254740991})");
}

TEST(Canon, BadJsonIsAnInputError) {
  Outcome r = Ctl({"canon"}, R"({"a":)");
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("ledgerctl canon: "), std::string::npos) << r.err;
}

TEST(Canon, AcceptsStdinOfExactlyTheLimit) {
  std::string text = "\"" + std::string(kMaxStdinBytes - 2, 'a') + "\"";
  ASSERT_EQ(text.size(), kMaxStdinBytes);
  Outcome r = Ctl({"canon"}, text);
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.out.size(), kMaxStdinBytes);
}

TEST(Canon, RefusesStdinOverTheLimit) {
  std::string text = "\"" + std::string(kMaxStdinBytes - 1, 'a') + "\"";
  Outcome r = Ctl({"canon"}, text);
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("stdin: input is larger than the limit"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

// ---- sign ----

constexpr const char* kSubmission =
    R"({"type":"donation.received","org":"sz-charity","idem":"web-1",)"
    R"("body":{"receipt":"R-1","fund":"donations","amount_fen":10000}})";

TEST(Sign, SignedSubmissionVerifiesWithTheOrgKey) {
  TempDir dir;
  PrivateKey key = WriteFixedKey(dir.Sub("org.pem"), 3);
  Outcome r = Ctl({"sign", "--key", dir.Sub("org.pem")}, kSubmission);
  ASSERT_EQ(r.code, kExitOk) << r.err;
  ASSERT_FALSE(r.out.empty());
  EXPECT_EQ(r.out.back(), '\n');
  Result<Json> doc = ParseStrict(r.out.substr(0, r.out.size() - 1));
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  Status verified = VerifySignature(*doc, key.public_key());
  EXPECT_TRUE(verified.ok()) << verified.error().ToString();
  EXPECT_EQ(r.out, *Canonicalize(*doc) + "\n");
}

TEST(Sign, SignatureDoesNotVerifyWithAnotherKey) {
  TempDir dir;
  WriteFixedKey(dir.Sub("org.pem"), 3);
  PrivateKey other = WriteFixedKey(dir.Sub("other.pem"), 4);
  Outcome r = Ctl({"sign", "--key", dir.Sub("org.pem")}, kSubmission);
  ASSERT_EQ(r.code, kExitOk) << r.err;
  Result<Json> doc = ParseStrict(r.out);
  ASSERT_TRUE(doc.ok());
  Status verified = VerifySignature(*doc, other.public_key());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, Code::kUnauthenticated);
}

TEST(Sign, SignedBatchVerifiesWithTheOrgKey) {
  TempDir dir;
  PrivateKey key = WriteFixedKey(dir.Sub("org.pem"), 3);
  const std::string batch =
      R"({"org":"sz-charity","events":[)"
      R"({"type":"fund.opened","idem":"f-1","body":{"id":"donations"}},)"
      R"({"type":"fund.opened","idem":"f-2","body":{"id":"elderly-care"}}]})";
  Outcome r = Ctl({"sign", "--key=" + dir.Sub("org.pem")}, batch);
  ASSERT_EQ(r.code, kExitOk) << r.err;
  Result<Json> doc = ParseStrict(r.out);
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_TRUE(IsBatch(*doc));
  Status verified = VerifySignature(*doc, key.public_key());
  EXPECT_TRUE(verified.ok()) << verified.error().ToString();
}

TEST(Sign, UnreadableKeyIsAnInputErrorNamingThePath) {
  TempDir dir;
  const std::string missing = dir.Sub("no-such.pem");
  Outcome r = Ctl({"sign", "--key", missing}, kSubmission);
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err.rfind("ledgerctl sign: --key: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(missing), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(Sign, APublicKeyFileIsNotAPrivateKey) {
  TempDir dir;
  WriteFixedKey(dir.Sub("org.pem"), 3);
  Outcome r = Ctl({"sign", "--key", dir.Sub("org.pem.pub")}, kSubmission);
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err.rfind("ledgerctl sign: --key: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(dir.Sub("org.pem.pub")), std::string::npos) << r.err;
}

TEST(Sign, BadJsonIsAnInputError) {
  TempDir dir;
  WriteFixedKey(dir.Sub("org.pem"), 3);
  Outcome r = Ctl({"sign", "--key", dir.Sub("org.pem")}, "{not json");
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("ledgerctl sign: "), std::string::npos) << r.err;
}

TEST(Sign, AFractionInTheSubmissionIsRefusedNamingItsPath) {
  TempDir dir;
  WriteFixedKey(dir.Sub("org.pem"), 3);
  Outcome r = Ctl({"sign", "--key", dir.Sub("org.pem")},
                  R"({"type":"t","org":"o","idem":"i","body":{"amount_fen":0.5}})");
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("body.amount_fen"), std::string::npos) << r.err;
}

// ---- usage ----

TEST(Usage, NoCommandExits2) {
  Outcome r = Ctl({});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("missing command"), std::string::npos) << r.err;
}

TEST(Usage, UnknownCommandExits2NamingIt) {
  Outcome r = Ctl({"frobnicate"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("frobnicate: unknown command"), std::string::npos) << r.err;
}

TEST(Usage, UnknownFlagExits2NamingIt) {
  Outcome r = Ctl({"keygen", "--out", "x.pem", "--bogus=1"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("--bogus: unknown flag"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("usage: ledgerctl keygen --out FILE"), std::string::npos) << r.err;
}

TEST(Usage, MissingRequiredFlagExits2NamingIt) {
  std::vector<std::string> args = InitArgs("d", "k.pub");
  args.resize(8);  // drops --regulator-key and its value
  Outcome r = Ctl(args);
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("--regulator-key: missing required flag"), std::string::npos) << r.err;
}

TEST(Usage, UnexpectedPositionalExits2NamingIt) {
  Outcome r = Ctl({"canon", "stray.json"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("stray.json: unexpected argument"), std::string::npos) << r.err;
}

TEST(Usage, FlagWithoutItsValueExits2NamingIt) {
  Outcome r = Ctl({"sign", "--key"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("--key: needs a value"), std::string::npos) << r.err;
}

TEST(Usage, FlagFollowedByAnotherFlagLacksItsValue) {
  Outcome r = Ctl({"keygen", "--out", "--help-me"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("--out: needs a value"), std::string::npos) << r.err;
}

TEST(Usage, RepeatedFlagExits2NamingIt) {
  Outcome r = Ctl({"keygen", "--out", "a.pem", "--out=b.pem"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("--out: given more than once"), std::string::npos) << r.err;
}

TEST(Usage, SwitchGivenAValueExits2NamingIt) {
  Outcome r = Ctl({"canon", "--integers-only=yes"}, "1");
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("--integers-only: takes no value"), std::string::npos) << r.err;
}

TEST(Usage, TopLevelHelpListsCommandsAndExits0) {
  Outcome r = Ctl({"--help"});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_EQ(r.err, "");
  for (const char* command : {"keygen", "init", "canon", "sign"})
    EXPECT_NE(r.out.find(std::string("  ") + command + " "), std::string::npos) << command;
}

TEST(Usage, CommandHelpListsItsFlagsAndExits0) {
  Outcome r = Ctl({"init", "--data", "d", "--help"});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("--regulator-key PUB.pem"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists("d"));
}

// ---- the binary ----

// Runs the built ledgerctl under /bin/sh with stdin from `stdin_path`;
// stdout and stderr land in files under `dir`.
Outcome RunBinary(const TempDir& dir, const std::string& args, const std::string& stdin_path) {
  const std::string out = dir.Sub("stdout"), err = dir.Sub("stderr");
  const std::string command = BinaryDir() + "/cli/ledgerctl " + args + " < '" + stdin_path +
                              "' > '" + out + "' 2> '" + err + "'";
  int status = std::system(command.c_str());
  Outcome outcome;
  outcome.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  outcome.out = ReadText(out);
  outcome.err = ReadText(err);
  return outcome;
}

TEST(Binary, CanonOfAVectorMatchesByteForByte) {
  TempDir dir;
  const std::string root = VectorsDir() + "/rfc8785";
  Outcome r = RunBinary(dir, "canon", root + "/input/weird.json");
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.out, ReadText(root + "/output/weird.json"));
}

TEST(Binary, UnknownFlagExits2) {
  TempDir dir;
  Outcome r = RunBinary(dir, "canon --bogus", "/dev/null");
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("--bogus: unknown flag"), std::string::npos) << r.err;
}

TEST(Binary, RefusedKeygenExits1) {
  TempDir dir;
  ASSERT_TRUE(WriteNewFile(dir.Sub("k.pem"), "x", 0600).ok());
  Outcome r = RunBinary(dir, "keygen --out '" + dir.Sub("k.pem") + "'", "/dev/null");
  EXPECT_EQ(r.code, kExitRefused);
  EXPECT_EQ(ReadText(dir.Sub("k.pem")), "x");
}

}  // namespace
}  // namespace ledger::cli
