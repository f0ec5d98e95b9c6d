// The export file over a real ledger: ExportLedger writes the stored bytes
// and kept checkpoints line for line, and OpenExportFile reads them back as
// an audit Source and names the line of every malformation. The --follow
// appender is tested in export_appender_test.cpp.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "export_file.hpp"
#include "export_file_fixture.hpp"
#include "ledger/checkpoint.hpp"

namespace ledger::audit {
namespace {

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

std::vector<std::string> DirEntries(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

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

}  // namespace
}  // namespace ledger::audit
