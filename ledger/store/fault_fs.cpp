#include "ledger/store/fault_fs.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <shared_mutex>
#include <string>

#include <rocksdb/file_system.h>

#include "ledger/store/file_system.hpp"

namespace ledger {
namespace {

// What the disk holds of one file written through the wrapper: `size`
// bytes, of which the first `synced` survive a power cut.
struct FileState {
  uint64_t size = 0;
  uint64_t synced = 0;
};

class FaultFs;

class FaultFile final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FaultFile(std::unique_ptr<rocksdb::FSWritableFile> target, FaultFs& fs, std::string name,
            std::shared_ptr<FileState> state)
      : FSWritableFileOwnerWrapper(std::move(target)),
        fs_(fs),
        name_(std::move(name)),
        state_(std::move(state)) {}
  ~FaultFile() override;

  rocksdb::IOStatus Close(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) override;

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo&,
                           rocksdb::IODebugContext* dbg) override {
    return Append(data, options, dbg);
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset,
                                     const rocksdb::IOOptions& options,
                                     rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset,
                                     const rocksdb::IOOptions& options,
                                     const rocksdb::DataVerificationInfo&,
                                     rocksdb::IODebugContext* dbg) override {
    return PositionedAppend(data, offset, options, dbg);
  }
  rocksdb::IOStatus Truncate(uint64_t size, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) override {
    return SyncWith(options, dbg, /*full=*/false);
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) override {
    return SyncWith(options, dbg, /*full=*/true);
  }

 private:
  rocksdb::IOStatus AppendLocked(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                                 rocksdb::IODebugContext* dbg);
  rocksdb::IOStatus SyncWith(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg,
                             bool full);
  // Closing a file after the crash must not undo the cut: RocksDB's POSIX
  // file trims its preallocated space on close to the size it believes it
  // wrote, which would put the dropped bytes back as zeros.
  void CutAgainIfCrashed();

  FaultFs& fs_;
  const std::string name_;
  std::shared_ptr<FileState> state_;
};

class FaultFs final : public rocksdb::FileSystemWrapper {
 public:
  FaultFs() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "WelfareLedgerFaultFs"; }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override {
    std::shared_lock alive(crash_mu_);
    if (crashed_) return Dead("create " + name);
    std::unique_ptr<rocksdb::FSWritableFile> file;
    rocksdb::IOStatus s = target()->NewWritableFile(name, options, &file, dbg);
    if (!s.ok()) return s;
    auto state = std::make_shared<FileState>();  // created (or emptied): nothing synced
    {
      std::lock_guard lock(mu_);
      files_[name] = state;
    }
    *result = std::make_unique<FaultFile>(std::move(file), *this, name, std::move(state));
    return s;
  }

  rocksdb::IOStatus ReopenWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* dbg) override {
    std::shared_lock alive(crash_mu_);
    if (crashed_) return Dead("reopen " + name);
    std::unique_ptr<rocksdb::FSWritableFile> file;
    rocksdb::IOStatus s = target()->ReopenWritableFile(name, options, &file, dbg);
    if (!s.ok()) return s;
    *result = std::make_unique<FaultFile>(std::move(file), *this, name, Track(name));
    return s;
  }

  // Log recycling is off in the store; refusing it keeps the model simple.
  rocksdb::IOStatus ReuseWritableFile(const std::string& name, const std::string&,
                                      const rocksdb::FileOptions&,
                                      std::unique_ptr<rocksdb::FSWritableFile>*,
                                      rocksdb::IODebugContext*) override {
    return rocksdb::IOStatus::NotSupported("the fault-injecting file system does not reuse " + name);
  }
  rocksdb::IOStatus NewRandomRWFile(const std::string& name, const rocksdb::FileOptions&,
                                    std::unique_ptr<rocksdb::FSRandomRWFile>*,
                                    rocksdb::IODebugContext*) override {
    return rocksdb::IOStatus::NotSupported("the fault-injecting file system does not open " + name +
                                           " for random writes");
  }

  rocksdb::IOStatus RenameFile(const std::string& from, const std::string& to,
                               const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) override {
    std::shared_lock alive(crash_mu_);
    if (crashed_) return Dead("rename " + from);
    rocksdb::IOStatus s = target()->RenameFile(from, to, options, dbg);
    if (!s.ok()) return s;
    std::lock_guard lock(mu_);
    auto it = files_.find(from);
    if (it == files_.end()) {
      files_.erase(to);  // replaced by a file present before: synced
    } else {
      files_[to] = it->second;
      files_.erase(it);
    }
    return s;
  }

  rocksdb::IOStatus LinkFile(const std::string& from, const std::string& to,
                             const rocksdb::IOOptions&, rocksdb::IODebugContext*) override {
    return rocksdb::IOStatus::NotSupported("the fault-injecting file system does not link " + from +
                                           " to " + to);
  }

  rocksdb::IOStatus DeleteFile(const std::string& name, const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override {
    std::shared_lock alive(crash_mu_);
    if (crashed_) return Dead("delete " + name);
    rocksdb::IOStatus s = target()->DeleteFile(name, options, dbg);
    if (!s.ok()) return s;
    std::lock_guard lock(mu_);
    files_.erase(name);
    return s;
  }

  rocksdb::IOStatus Truncate(const std::string& name, size_t size, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override {
    std::shared_lock alive(crash_mu_);
    if (crashed_) return Dead("truncate " + name);
    rocksdb::IOStatus s = target()->Truncate(name, size, options, dbg);
    if (!s.ok()) return s;
    std::lock_guard lock(mu_);
    if (auto it = files_.find(name); it != files_.end()) Shrink(*it->second, size);
    return s;
  }

  // ---- called by FaultFile, under a shared crash_mu_ ----------------------
  std::shared_mutex& crash_mu() { return crash_mu_; }
  bool crashed() const { return crashed_; }
  bool no_space() const { return no_space_; }
  std::mutex& mu() { return mu_; }
  void CountRefusedWrite() { ++counts_.writes_refused; }  // under mu_
  static rocksdb::IOStatus Dead(const std::string& what) {
    return rocksdb::IOStatus::IOError("power lost (simulated): cannot " + what);
  }
  static void Shrink(FileState& state, uint64_t size) {
    state.size = std::min(state.size, size);
    state.synced = std::min(state.synced, size);
  }

  // ---- the test's side ------------------------------------------------------
  void Crash(CrashOptions options) {
    std::unique_lock dead(crash_mu_);  // waits out writes and syncs in flight
    if (crashed_) return;
    crashed_ = true;
    std::mt19937 rng(options.seed);
    std::lock_guard lock(mu_);
    for (const auto& [name, state] : files_) {
      if (state->size <= state->synced) continue;
      uint64_t keep = state->synced;
      if (options.torn_tails)
        keep += std::uniform_int_distribution<uint64_t>(0, state->size - state->synced)(rng);
      if (keep == state->size) continue;
      // RocksDB's POSIX file system does not implement Truncate by name.
      LEDGER_CHECK_MSG(::truncate(name.c_str(), static_cast<off_t>(keep)) == 0,
                       "simulated power loss could not cut " + name + ": " + std::strerror(errno));
      ++counts_.files_cut;
      counts_.bytes_dropped += state->size - keep;
      state->size = keep;
      state->synced = keep;
    }
  }
  void CrashAfterWrites(uint64_t writes, CrashOptions options) {
    std::lock_guard lock(mu_);
    crash_after_writes_ = std::max<uint64_t>(writes, 1);
    armed_crash_ = options;
  }
  // After an append succeeded (no lock held): the armed crash, if due.
  void CountWrite() {
    std::optional<CrashOptions> due;
    {
      std::lock_guard lock(mu_);
      if (crash_after_writes_ == 0 || --crash_after_writes_ > 0) return;
      due = armed_crash_;
    }
    Crash(*due);
  }
  void CountSync() { ++counts_.syncs; }  // under mu_
  void SetNoSpace(bool no_space) { no_space_ = no_space; }
  FaultCounts counts() const {
    std::lock_guard lock(mu_);
    return counts_;
  }

 private:
  // The state of a file about to be written, tracking it from its current
  // size (all synced) if it was not written through here before.
  std::shared_ptr<FileState> Track(const std::string& name) {
    std::lock_guard lock(mu_);
    auto& state = files_[name];
    if (!state) {
      state = std::make_shared<FileState>();
      uint64_t size = 0;
      if (target()->GetFileSize(name, rocksdb::IOOptions(), &size, nullptr).ok())
        state->size = state->synced = size;
    }
    return state;
  }

  std::shared_mutex crash_mu_;  // shared by every write and sync; Crash takes it alone
  std::atomic<bool> crashed_{false};
  std::atomic<bool> no_space_{false};
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<FileState>> files_;  // guarded by mu_
  FaultCounts counts_;                                       // guarded by mu_
  uint64_t crash_after_writes_ = 0;                          // guarded by mu_; 0: none armed
  CrashOptions armed_crash_;                                 // guarded by mu_
};

FaultFile::~FaultFile() {
  if (!fs_.crashed()) return;
  (void)target()->Close(rocksdb::IOOptions(), nullptr);
  CutAgainIfCrashed();
}

rocksdb::IOStatus FaultFile::Close(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus s = target()->Close(options, dbg);
  CutAgainIfCrashed();
  return s;
}

void FaultFile::CutAgainIfCrashed() {
  if (!fs_.crashed()) return;
  uint64_t size = 0;
  {
    std::lock_guard lock(fs_.mu());
    size = state_->size;
  }
  (void)::truncate(name_.c_str(), static_cast<off_t>(size));
}

rocksdb::IOStatus FaultFile::Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                                    rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus s = AppendLocked(data, options, dbg);
  if (s.ok()) fs_.CountWrite();
  return s;
}

rocksdb::IOStatus FaultFile::AppendLocked(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                                          rocksdb::IODebugContext* dbg) {
  std::shared_lock alive(fs_.crash_mu());
  if (fs_.crashed()) return FaultFs::Dead("write");
  if (fs_.no_space()) {
    std::lock_guard lock(fs_.mu());
    fs_.CountRefusedWrite();
    return rocksdb::IOStatus::NoSpace("no space left on device (simulated)");
  }
  rocksdb::IOStatus s = target()->Append(data, options, dbg);
  if (s.ok()) {
    std::lock_guard lock(fs_.mu());
    state_->size += data.size();
  }
  return s;
}

rocksdb::IOStatus FaultFile::PositionedAppend(const rocksdb::Slice& data, uint64_t offset,
                                              const rocksdb::IOOptions& options,
                                              rocksdb::IODebugContext* dbg) {
  std::shared_lock alive(fs_.crash_mu());
  if (fs_.crashed()) return FaultFs::Dead("write");
  if (fs_.no_space()) {
    std::lock_guard lock(fs_.mu());
    fs_.CountRefusedWrite();
    return rocksdb::IOStatus::NoSpace("no space left on device (simulated)");
  }
  rocksdb::IOStatus s = target()->PositionedAppend(data, offset, options, dbg);
  if (s.ok()) {
    std::lock_guard lock(fs_.mu());
    state_->size = std::max(state_->size, offset + data.size());
    state_->synced = std::min(state_->synced, offset);  // rewritten bytes are unsynced again
  }
  return s;
}

rocksdb::IOStatus FaultFile::Truncate(uint64_t size, const rocksdb::IOOptions& options,
                                      rocksdb::IODebugContext* dbg) {
  std::shared_lock alive(fs_.crash_mu());
  if (fs_.crashed()) return FaultFs::Dead("truncate");
  rocksdb::IOStatus s = target()->Truncate(size, options, dbg);
  if (s.ok()) {
    std::lock_guard lock(fs_.mu());
    FaultFs::Shrink(*state_, size);
  }
  return s;
}

rocksdb::IOStatus FaultFile::SyncWith(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg,
                                      bool full) {
  std::shared_lock alive(fs_.crash_mu());
  if (fs_.crashed()) return FaultFs::Dead("sync");
  uint64_t size = 0;
  {
    std::lock_guard lock(fs_.mu());
    size = state_->size;  // what this sync makes durable; later appends are not
  }
  rocksdb::IOStatus s = full ? target()->Fsync(options, dbg) : target()->Sync(options, dbg);
  if (s.ok()) {
    std::lock_guard lock(fs_.mu());
    state_->synced = std::max(state_->synced, std::min(size, state_->size));
    fs_.CountSync();
  }
  return s;
}

class FaultInjectingFsHandle final : public FaultInjectingFs {
 public:
  FaultInjectingFsHandle()
      : fs_(std::make_shared<FaultFs>()), file_system_(std::make_shared<StoreFileSystem>(fs_)) {}
  std::shared_ptr<StoreFileSystem> file_system() const override { return file_system_; }
  void Crash(CrashOptions options) override { fs_->Crash(options); }
  void CrashAfterWrites(uint64_t writes, CrashOptions options) override {
    fs_->CrashAfterWrites(writes, options);
  }
  void SetNoSpace(bool no_space) override { fs_->SetNoSpace(no_space); }
  FaultCounts counts() const override { return fs_->counts(); }

 private:
  std::shared_ptr<FaultFs> fs_;
  std::shared_ptr<StoreFileSystem> file_system_;
};

}  // namespace

std::shared_ptr<FaultInjectingFs> MakeFaultInjectingFs() {
  return std::make_shared<FaultInjectingFsHandle>();
}

}  // namespace ledger
