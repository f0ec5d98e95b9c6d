// The export file over a real ledger: ExportLedger writes the stored bytes
// and kept checkpoints line for line, OpenExportFile reads them back as an
// audit Source and names the line of every malformation, and the --follow
// appender creates, appends, syncs and cuts back a half-written tail.
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "export_file.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/ledger.hpp"
#include "ledger_fixture.hpp"
#include "submit_util.hpp"

namespace ledger::audit {
namespace {

using testing::RateBody;
using testing::SignedSubmission;

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    lines.push_back(text.substr(start, nl - start));
  EXPECT_EQ(start, text.size()) << "the text does not end in a whole line";
  return lines;
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + '\n';
  return text;
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::vector<std::string> DirEntries(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// A ledger of 11 events: checkpoints at sizes 5 and 9 (and whatever the
// ledger keeps from its creation); the last two events have none.
class ExportFileTest : public ::testing::Test, public testing::LedgerFixture {
 protected:
  void SetUp() override {
    auto ledger = OpenLedger();
    ASSERT_TRUE(ledger);
    for (int n = 1; n <= 10; ++n) {
      auto posted = ledger->Submit(SignedSubmission("lottery.rate_set", "civil-affairs",
                                                    "rate-" + std::to_string(n), RateBody(n),
                                                    regulator()));
      ASSERT_TRUE(posted.ok()) << posted.error().ToString();
      if (n == 4 || n == 8) {
        ASSERT_TRUE(ledger->log().MakeCheckpoint().ok());
      }
    }
    ledger.reset();
    log_ = Open({.checkpoint_interval = std::chrono::milliseconds(0), .read_only = true});
    ASSERT_TRUE(log_);
    ASSERT_EQ(log_->size(), 11u);
    auto sizes = log_->CheckpointSizes(0, 1000);
    ASSERT_TRUE(sizes.ok());
    sizes_ = *sizes;
    ASSERT_TRUE(std::count(sizes_.begin(), sizes_.end(), 5u) == 1 &&
                std::count(sizes_.begin(), sizes_.end(), 9u) == 1);
  }

  std::string Out(const std::string& name = "ledger.jsonl") const { return files_.Sub(name); }

  std::string ExportTo(const std::string& path) const {
    auto summary = ExportLedger(data_dir(), path);
    EXPECT_TRUE(summary.ok()) << summary.error().ToString();
    return testing::ReadText(path);
  }

  std::string HeaderLine() const {
    return R"({"format":"welfare-ledger-export/1","log_key":")" + log_->verifier_key() +
           R"(","origin":"ledger.example.org/test"})";
  }

  std::string CheckpointLineOf(uint64_t size) const {
    return *Canonicalize(Json{{"checkpoint", *log_->CheckpointAt(size)}});
  }

  // Opening `text` as an export file fails with a message holding `what`.
  void ExpectRefused(const std::string& text, const std::string& what) const {
    const std::string path = Out("bad.jsonl");
    WriteText(path, text);
    auto source = OpenExportFile(path);
    ASSERT_FALSE(source.ok()) << "accepted a file that should fail with: " << what;
    EXPECT_EQ(source.error().code, Code::kInvalidArgument);
    EXPECT_NE(source.error().message.find(what), std::string::npos) << source.error().message;
  }

  std::unique_ptr<Log> log_;
  std::vector<uint64_t> sizes_;
  testing::TempDir files_;
};

TEST_F(ExportFileTest, EventLinesAreTheStoredBytesAfterTheHeader) {
  const std::vector<std::string> lines = SplitLines(ExportTo(Out()));
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], HeaderLine());
  std::vector<std::string> events;
  for (std::size_t i = 1; i < lines.size(); ++i)
    if (!IsCheckpointLine(lines[i])) events.push_back(lines[i]);
  ASSERT_EQ(events.size(), 11u);
  for (uint64_t seq = 0; seq < 11; ++seq) EXPECT_EQ(events[seq], *log_->ReadEvent(seq)) << seq;
}

TEST_F(ExportFileTest, EachCheckpointFollowsTheEventCompletingItsSize) {
  const std::vector<std::string> lines = SplitLines(ExportTo(Out()));
  std::vector<std::string> expected = {HeaderLine()};
  for (uint64_t seq = 0; seq <= 11; ++seq) {
    for (uint64_t size : sizes_)
      if (size == seq) expected.push_back(CheckpointLineOf(size));
    if (seq < 11) expected.push_back(*log_->ReadEvent(seq));
  }
  EXPECT_EQ(lines, expected);
  // Spelled out for the two made here: right after events 4 and 8.
  const auto at = [&](const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) - lines.begin();
  };
  EXPECT_EQ(at(CheckpointLineOf(5)), at(*log_->ReadEvent(4)) + 1);
  EXPECT_EQ(at(CheckpointLineOf(9)), at(*log_->ReadEvent(8)) + 1);
}

TEST_F(ExportFileTest, SummaryAndProgressCountWhatWasWritten) {
  std::vector<std::pair<uint64_t, uint64_t>> calls;
  auto summary = ExportLedger(data_dir(), Out(), [&](uint64_t done, uint64_t all) {
    calls.emplace_back(done, all);
  });
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  EXPECT_EQ(summary->events, 11u);
  EXPECT_EQ(summary->checkpoints, sizes_.size());
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.back(), std::make_pair(uint64_t{11}, uint64_t{11}));
}

TEST_F(ExportFileTest, ExportIsCreated0644AndNoTemporaryFileIsLeft) {
  ExportTo(Out());
  EXPECT_EQ(DirEntries(files_.path()), std::vector<std::string>{"ledger.jsonl"});
  struct stat st;
  ASSERT_EQ(::stat(Out().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST_F(ExportFileTest, ExistingOutIsRefusedAndLeftAsItWas) {
  WriteText(Out(), "precious\n");
  auto summary = ExportLedger(data_dir(), Out());
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.error().field, "--out");
  EXPECT_NE(summary.error().message.find("exists already"), std::string::npos);
  EXPECT_EQ(testing::ReadText(Out()), "precious\n");
  EXPECT_EQ(DirEntries(files_.path()), std::vector<std::string>{"ledger.jsonl"});
}

// Another program creates `out` while the export is being written: the
// export fails rather than replace it, and removes its temporary file.
TEST_F(ExportFileTest, OutAppearingDuringTheExportIsNotReplacedAndTheTempFileGoes) {
  const std::string temp = Out() + ".tmp-" + std::to_string(::getpid());
  bool temp_seen = false;
  auto summary = ExportLedger(data_dir(), Out(), [&](uint64_t, uint64_t) {
    temp_seen = std::filesystem::exists(temp);
    WriteText(Out(), "someone else's\n");
  });
  ASSERT_FALSE(summary.ok());
  EXPECT_TRUE(temp_seen);
  EXPECT_EQ(summary.error().field, "--out");
  EXPECT_EQ(testing::ReadText(Out()), "someone else's\n");
  EXPECT_EQ(DirEntries(files_.path()), std::vector<std::string>{"ledger.jsonl"});
}

TEST_F(ExportFileTest, DirectoryWithoutALedgerIsAnErrorAndWritesNothing) {
  auto summary = ExportLedger(files_.Sub("no-ledger-here"), Out());
  ASSERT_FALSE(summary.ok());
  EXPECT_TRUE(DirEntries(files_.path()).empty());
}

TEST_F(ExportFileTest, ExportReadsBackAsTheSameEventsSizesAndNotes) {
  ExportTo(Out());
  auto source = OpenExportFile(Out());
  ASSERT_TRUE(source.ok()) << source.error().ToString();
  Source& file = **source;
  EXPECT_EQ(file.Describe(), "log:" + Out());
  EXPECT_EQ(*file.Size(), 11u);
  auto events = file.ReadEvents(0, 1000);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 11u);
  for (uint64_t seq = 0; seq < 11; ++seq) {
    EXPECT_EQ((*events)[seq].key, seq);
    EXPECT_EQ((*events)[seq].bytes, *log_->ReadEvent(seq));
  }
  EXPECT_EQ(*file.CheckpointSizes(), sizes_);
  for (uint64_t size : sizes_)
    EXPECT_EQ(*file.CheckpointNotes(size), std::vector<std::string>{*log_->CheckpointAt(size)});
  EXPECT_TRUE(file.CheckpointNotes(7)->empty());
}

TEST_F(ExportFileTest, EventsAreReadByPositionInAnyOrder) {
  ExportTo(Out());
  auto source = OpenExportFile(Out());
  ASSERT_TRUE(source.ok());
  Source& file = **source;
  for (uint64_t seq : {7u, 0u, 10u, 3u, 7u}) EXPECT_EQ(*file.ReadEvent(seq), *log_->ReadEvent(seq));
  auto beyond = file.ReadEvent(11);
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.error().code, Code::kNotFound);
  auto page = file.ReadEvents(3, 2);
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].key, 3u);
  EXPECT_EQ((*page)[1].bytes, *log_->ReadEvent(4));
  EXPECT_EQ(file.ReadEvents(10, 5)->size(), 1u);
  EXPECT_TRUE(file.ReadEvents(11, 5)->empty());
  EXPECT_TRUE(file.ReadEvents(0, 0)->empty());
}

TEST_F(ExportFileTest, HeaderOfAnotherFormatIsRefusedOnLine1) {
  std::vector<std::string> lines = SplitLines(ExportTo(Out()));
  std::string other = lines[0];
  other.replace(other.find("export/1"), 8, "export/2");
  lines[0] = other;
  ExpectRefused(JoinLines(lines), R"(line 1: format is "welfare-ledger-export/2", expected "welfare-ledger-export/1")");
  lines[0] = *log_->ReadEvent(0);  // events without their header
  ExpectRefused(JoinLines(lines), R"(line 1: expected the header {"format":"welfare-ledger-export/1")");
  ExpectRefused("", "line 1: the file is empty");
}

TEST_F(ExportFileTest, PartialLastLineIsRefusedAsCutShort) {
  const std::string text = ExportTo(Out());
  const std::size_t lines = SplitLines(text).size();
  ExpectRefused(text.substr(0, text.size() - 10),
                "line " + std::to_string(lines) + " is incomplete: the file was cut short");
  ExpectRefused(text.substr(0, text.size() - 1),
                "line " + std::to_string(lines) + " is incomplete");
}

TEST_F(ExportFileTest, LineAtTheLimitIsReadAndOneByteMoreIsRefused) {
  std::vector<std::string> lines = SplitLines(ExportTo(Out()));
  const std::string longest = "{" + std::string(kMaxExportLineBytes - 2, 'x') + "}";
  lines.push_back(longest);
  WriteText(Out("limit.jsonl"), JoinLines(lines));
  auto source = OpenExportFile(Out("limit.jsonl"));
  ASSERT_TRUE(source.ok()) << source.error().ToString();
  EXPECT_EQ(*(*source)->Size(), 12u);
  EXPECT_EQ(*(*source)->ReadEvent(11), longest);

  lines.pop_back();
  lines.insert(lines.begin() + 2, longest + "x");
  ExpectRefused(JoinLines(lines), "line 3: longer than the limit of 262144 bytes");
}

TEST_F(ExportFileTest, BlankLineIsRefused) {
  std::vector<std::string> lines = SplitLines(ExportTo(Out()));
  lines.insert(lines.begin() + 3, "");
  ExpectRefused(JoinLines(lines), "line 4: blank line");
}

TEST_F(ExportFileTest, CheckpointLineWithoutAParsableNoteIsRefused) {
  std::vector<std::string> lines = SplitLines(ExportTo(Out()));
  lines.insert(lines.begin() + 4, R"({"checkpoint":"not a note\n"})");
  ExpectRefused(JoinLines(lines), "line 5: its note does not parse");
  lines[4] = R"({"checkpoint":5})";
  ExpectRefused(JoinLines(lines), R"(line 5: a checkpoint line must be {"checkpoint":)");
  // A well-formed note whose body is not a checkpoint.
  const std::string note = SignCheckpoint({"ledger.example.org/test", 3, Hash{}},
                                          "ledger.example.org/test", log_key());
  std::string bad_body = note;
  bad_body.replace(bad_body.find("\n3\n"), 3, "\n03\n");
  lines[4] = *Canonicalize(Json{{"checkpoint", bad_body}});
  ExpectRefused(JoinLines(lines), "line 5: its note's checkpoint does not parse");
}

TEST_F(ExportFileTest, MissingFileIsAnIoError) {
  auto source = OpenExportFile(Out("absent.jsonl"));
  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.error().code, Code::kIoError);
  EXPECT_NE(source.error().message.find("absent.jsonl"), std::string::npos);
}

// Two notes of one size are both handed over (the auditor calls a fork),
// in file order; a checkpoint line may stand before the events it covers.
TEST_F(ExportFileTest, EveryNoteOfASizeComesBackInFileOrder) {
  std::vector<std::string> lines = SplitLines(ExportTo(Out()));
  Hash other_root{};
  other_root[0] = 1;
  const std::string fork = SignCheckpoint({"ledger.example.org/test", 9, other_root},
                                          "ledger.example.org/test", log_key());
  lines.insert(lines.begin() + 1, *Canonicalize(Json{{"checkpoint", fork}}));
  WriteText(Out("fork.jsonl"), JoinLines(lines));
  auto source = OpenExportFile(Out("fork.jsonl"));
  ASSERT_TRUE(source.ok()) << source.error().ToString();
  EXPECT_EQ(*(*source)->CheckpointSizes(), sizes_);
  EXPECT_EQ(*(*source)->CheckpointNotes(9), (std::vector<std::string>{fork, *log_->CheckpointAt(9)}));
  EXPECT_EQ(*(*source)->Size(), 11u);
  EXPECT_EQ(*(*source)->ReadEvent(0), *log_->ReadEvent(0));
}

class ExportAppenderTest : public ExportFileTest {
 protected:
  Result<std::unique_ptr<ExportAppender>> OpenMirror(std::optional<uint64_t> keep_bytes = {}) {
    return ExportAppender::Open(Out("mirror.jsonl"), "ledger.example.org/test",
                                log_->verifier_key(), keep_bytes);
  }
  void Append(ExportAppender& mirror, uint64_t from, uint64_t to) {
    for (uint64_t seq = from; seq < to; ++seq) {
      ASSERT_TRUE(mirror.AppendEvent(*log_->ReadEvent(seq)).ok());
      if (seq + 1 == 5 || seq + 1 == 9) {
        ASSERT_TRUE(mirror.AppendCheckpoint(*log_->CheckpointAt(seq + 1)).ok());
      }
    }
  }
  uint64_t FileBytes() { return std::filesystem::file_size(Out("mirror.jsonl")); }
};

TEST_F(ExportAppenderTest, CreatesTheFileWithItsHeaderAndAppendsReadableLines) {
  auto mirror = OpenMirror();
  ASSERT_TRUE(mirror.ok()) << mirror.error().ToString();
  EXPECT_EQ(testing::ReadText(Out("mirror.jsonl")), HeaderLine() + "\n");
  EXPECT_EQ((*mirror)->bytes(), HeaderLine().size() + 1);
  Append(**mirror, 0, 11);
  const uint64_t appended = (*mirror)->bytes();
  EXPECT_GT(appended, FileBytes());  // buffered until Sync
  ASSERT_TRUE((*mirror)->Sync().ok());
  EXPECT_EQ(FileBytes(), appended);

  auto source = OpenExportFile(Out("mirror.jsonl"));
  ASSERT_TRUE(source.ok()) << source.error().ToString();
  EXPECT_EQ(*(*source)->Size(), 11u);
  for (uint64_t seq = 0; seq < 11; ++seq) EXPECT_EQ(*(*source)->ReadEvent(seq), *log_->ReadEvent(seq));
  EXPECT_EQ(*(*source)->CheckpointSizes(), (std::vector<uint64_t>{5, 9}));
  EXPECT_EQ(*(*source)->CheckpointNotes(9), std::vector<std::string>{*log_->CheckpointAt(9)});
  struct stat st;
  ASSERT_EQ(::stat(Out("mirror.jsonl").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST_F(ExportAppenderTest, ReopeningWithKeepBytesCutsAHalfWrittenTail) {
  uint64_t verified = 0;
  {
    auto mirror = OpenMirror();
    ASSERT_TRUE(mirror.ok());
    Append(**mirror, 0, 5);
    ASSERT_TRUE((*mirror)->Sync().ok());
    verified = (*mirror)->bytes();
    Append(**mirror, 5, 7);
    ASSERT_TRUE((*mirror)->Sync().ok());
  }
  {  // a crash in the middle of a write
    std::ofstream torn(Out("mirror.jsonl"), std::ios::binary | std::ios::app);
    torn << R"({"body":{"game":)";
  }
  auto refused = OpenMirror();
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("incomplete line"), std::string::npos);

  auto mirror = OpenMirror(verified);
  ASSERT_TRUE(mirror.ok()) << mirror.error().ToString();
  EXPECT_EQ(FileBytes(), verified);
  EXPECT_EQ((*mirror)->bytes(), verified);
  Append(**mirror, 5, 11);
  ASSERT_TRUE((*mirror)->Sync().ok());
  auto source = OpenExportFile(Out("mirror.jsonl"));
  ASSERT_TRUE(source.ok()) << source.error().ToString();
  EXPECT_EQ(*(*source)->Size(), 11u);
  EXPECT_EQ(*(*source)->ReadEvent(6), *log_->ReadEvent(6));
  EXPECT_EQ(*(*source)->CheckpointSizes(), (std::vector<uint64_t>{5, 9}));
}

TEST_F(ExportAppenderTest, ReopeningWithoutKeepBytesAppendsAfterTheEnd) {
  {
    auto mirror = OpenMirror();
    ASSERT_TRUE(mirror.ok());
    Append(**mirror, 0, 3);
    ASSERT_TRUE((*mirror)->Sync().ok());
  }
  auto mirror = OpenMirror();
  ASSERT_TRUE(mirror.ok()) << mirror.error().ToString();
  Append(**mirror, 3, 11);
  ASSERT_TRUE((*mirror)->Sync().ok());
  auto source = OpenExportFile(Out("mirror.jsonl"));
  ASSERT_TRUE(source.ok());
  EXPECT_EQ(*(*source)->Size(), 11u);
  EXPECT_EQ(*(*source)->ReadEvent(10), *log_->ReadEvent(10));
}

TEST_F(ExportAppenderTest, KeepBytesBeyondTheEndOrInsideALineIsRefused) {
  {
    auto mirror = OpenMirror();
    ASSERT_TRUE(mirror.ok());
    Append(**mirror, 0, 2);
    ASSERT_TRUE((*mirror)->Sync().ok());
  }
  const uint64_t length = FileBytes();
  auto beyond = OpenMirror(length + 1);
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.error().field, "keep_bytes");
  auto inside = OpenMirror(length - 1);
  ASSERT_FALSE(inside.ok());
  EXPECT_EQ(inside.error().field, "keep_bytes");
  EXPECT_NE(inside.error().message.find("not the end of a line"), std::string::npos);
  EXPECT_EQ(FileBytes(), length);  // refusals cut nothing

  auto at_end = OpenMirror(length);
  ASSERT_TRUE(at_end.ok()) << at_end.error().ToString();
  EXPECT_EQ(FileBytes(), length);
}

TEST_F(ExportAppenderTest, KeepBytesZeroStartsAfresh) {
  {
    auto mirror = OpenMirror();
    ASSERT_TRUE(mirror.ok());
    Append(**mirror, 0, 6);
    ASSERT_TRUE((*mirror)->Sync().ok());
  }
  auto mirror = OpenMirror(0);
  ASSERT_TRUE(mirror.ok()) << mirror.error().ToString();
  EXPECT_EQ(testing::ReadText(Out("mirror.jsonl")), HeaderLine() + "\n");
}

TEST_F(ExportAppenderTest, MissingFileWithKeepBytesIsRefused) {
  auto mirror = OpenMirror(100);
  ASSERT_FALSE(mirror.ok());
  EXPECT_EQ(mirror.error().field, "keep_bytes");
  EXPECT_FALSE(std::filesystem::exists(Out("mirror.jsonl")));
}

TEST_F(ExportAppenderTest, FileOfAnotherLedgerOrFormatIsNotAppendedTo) {
  ExportTo(Out("mirror.jsonl"));
  const std::string before = testing::ReadText(Out("mirror.jsonl"));
  auto other = ExportAppender::Open(Out("mirror.jsonl"), "ledger.example.org/other",
                                    log_->verifier_key(), std::nullopt);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.error().message.find("mirrors ledger.example.org/test"), std::string::npos);
  EXPECT_EQ(testing::ReadText(Out("mirror.jsonl")), before);

  WriteText(Out("mirror.jsonl"), "just some notes\n");
  auto foreign = OpenMirror(0);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.error().message.find("line 1: expected the header"), std::string::npos);
  EXPECT_EQ(testing::ReadText(Out("mirror.jsonl")), "just some notes\n");
}

TEST_F(ExportAppenderTest, LinesThatWouldNotReadBackAreRefused) {
  auto mirror = OpenMirror();
  ASSERT_TRUE(mirror.ok());
  const uint64_t before = (*mirror)->bytes();
  EXPECT_EQ((*mirror)->AppendEvent("{\"a\":1}\n{\"b\":2}").error().field, "event");
  EXPECT_EQ((*mirror)->AppendEvent("").error().field, "event");
  EXPECT_EQ((*mirror)->AppendEvent(R"({"checkpoint":"x"})").error().field, "event");
  EXPECT_EQ((*mirror)->AppendEvent(std::string(kMaxExportLineBytes + 1, 'x')).error().field,
            "event");
  EXPECT_EQ((*mirror)->AppendCheckpoint("not a note").error().field, "checkpoint");
  EXPECT_EQ((*mirror)->bytes(), before);
  // The appender stays usable after refusing input.
  EXPECT_TRUE((*mirror)->AppendEvent(*log_->ReadEvent(0)).ok());
  EXPECT_TRUE((*mirror)->Sync().ok());
}

}  // namespace
}  // namespace ledger::audit
