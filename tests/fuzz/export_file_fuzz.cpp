// The export-file reader (audit/export_file.hpp, export_source.cpp): the
// file an auditor is handed on a USB stick, so every byte of it is
// untrusted. For any file: opening it either refuses it or indexes it so
// that every event it counts reads back, by page and one by one, with the
// same bytes; every checkpoint size it lists has notes that parse; and the
// chain audit (hashes, Merkle roots, checkpoint signatures; no rule replay,
// which would open a scratch RocksDB per input) runs to a verdict.
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "auditor.hpp"
#include "export_file.hpp"
#include "fuzz_util.hpp"
#include "ledger/checkpoint.hpp"

namespace ledger::fuzz {
namespace {

// At most this many events are read back per input, so that a file of
// many tiny lines does not turn one input into a slow one.
constexpr uint64_t kEventsReadMax = 256;

// One scratch file per process, rewritten for every input and removed at
// a normal exit.
std::string* scratch_path = nullptr;

void RemoveScratch() { ::unlink(scratch_path->c_str()); }

const std::string& ScratchPath() {
  if (scratch_path == nullptr) {
    std::string pattern = (std::filesystem::temp_directory_path() / "ledger-fuzz-export-XXXXXX").string();
    const int fd = mkstemp(pattern.data());
    FUZZ_CHECK(fd >= 0, "mkstemp");
    ::close(fd);
    scratch_path = new std::string(pattern);
    std::atexit(RemoveScratch);
  }
  return *scratch_path;
}

void WriteScratch(std::string_view bytes) {
  const int fd = ::open(ScratchPath().c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  FUZZ_CHECK(fd >= 0, "open " + ScratchPath());
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t wrote = ::write(fd, bytes.data() + done, bytes.size() - done);
    FUZZ_CHECK(wrote > 0, "write " + ScratchPath());
    done += static_cast<std::size_t>(wrote);
  }
  ::close(fd);
}

void CheckSource(audit::Source& source) {
  Result<uint64_t> size = source.Size();
  FUZZ_CHECK(size.ok(), Describe("Size", size));
  const uint64_t count = std::min(*size, kEventsReadMax);
  Result<std::vector<audit::SourceEvent>> events = source.ReadEvents(0, count);
  FUZZ_CHECK(events.ok() && events->size() == count, Describe("ReadEvents", events));
  for (uint64_t seq = 0; seq < count; ++seq) {
    FUZZ_CHECK((*events)[seq].key == seq, "ReadEvents keys do not run 0, 1, 2, …");
    Result<std::string> one = source.ReadEvent(seq);
    FUZZ_CHECK(one.ok() && *one == (*events)[seq].bytes, Describe("ReadEvent", one));
  }
  Result<std::vector<audit::SourceEvent>> past = source.ReadEvents(*size, 10);
  FUZZ_CHECK(past.ok() && past->empty(), "events past the end");
  Result<std::vector<uint64_t>> sizes = source.CheckpointSizes();
  FUZZ_CHECK(sizes.ok(), Describe("CheckpointSizes", sizes));
  for (std::size_t i = 0; i < sizes->size(); ++i) {
    FUZZ_CHECK(i == 0 || (*sizes)[i - 1] < (*sizes)[i], "checkpoint sizes not ascending");
    Result<std::vector<std::string>> notes = source.CheckpointNotes((*sizes)[i]);
    FUZZ_CHECK(notes.ok() && !notes->empty(), Describe("CheckpointNotes", notes));
    for (const std::string& note : *notes)
      FUZZ_CHECK(ParseSignedNote(note).ok(), "a listed note does not parse");
  }
}

}  // namespace
}  // namespace ledger::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace ledger;
  const std::string_view bytes = fuzz::AsText(data, size);
  const std::size_t newline = bytes.find('\n');
  (void)audit::ParseExportHeader(bytes.substr(0, newline));
  (void)audit::IsCheckpointLine(bytes);
  (void)audit::CheckpointLine(bytes);

  fuzz::WriteScratch(bytes);
  Result<std::unique_ptr<audit::Source>> source = audit::OpenExportFile(fuzz::ScratchPath());
  if (!source.ok()) {
    FUZZ_CHECK(source.error().code == Code::kInvalidArgument, source.error().ToString());
    return 0;
  }
  fuzz::CheckSource(**source);
  audit::AuditOptions options;
  options.rules = false;
  options.projections = false;
  options.ratios = false;
  (void)audit::RunAudit(**source, options);
  return 0;
}
