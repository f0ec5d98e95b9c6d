// ExportAppender, the --follow mirror, over a real ledger's events: it
// creates the file with its header, appends lines OpenExportFile reads
// back, syncs, cuts back a half-written tail to keep_bytes, and refuses a
// file of another ledger and lines that would not read back.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "export_file.hpp"
#include "export_file_fixture.hpp"

namespace ledger::audit {
namespace {

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
