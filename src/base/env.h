// Env: the seam between motcua and the outside world for time, randomness and files.
//
// Production code takes an `Env&` instead of calling the clock or /dev/urandom directly, so tests
// can move time and fix randomness. `Env::Default()` is thread-safe and lives forever.
// `FakeEnv` (for tests) is thread-safe too.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>

#include "base/status.h"

namespace motcua {

class Env {
 public:
  virtual ~Env() = default;
  // Returns the current instant in milliseconds since the Unix epoch (UTC).
  virtual int64_t NowMs() = 0;
  // Returns a monotonic reading in nanoseconds, for measuring durations.
  virtual int64_t MonotonicNs() = 0;
  // Fills `out` with `n` cryptographically secure random bytes.
  virtual void RandomBytes(void* out, size_t n) = 0;
  // Reads a whole file. NotFound when it does not exist.
  virtual Result<std::string> ReadFile(const std::filesystem::path& path);
  // Writes a whole file atomically (temp file, fsync, rename). Internal on I/O failure.
  virtual Status WriteFileAtomic(const std::filesystem::path& path, std::string_view data);

  // Returns `n` random bytes as lower-case hex (2n characters).
  std::string RandomHex(size_t n);

  // Returns the process-wide real environment.
  static Env& Default();
};

// A controllable Env for tests: the clock only moves when told; randomness is a seeded counter.
class FakeEnv : public Env {
 public:
  explicit FakeEnv(int64_t now_ms = 0) : now_ms_(now_ms) {}
  int64_t NowMs() override { return now_ms_.load(); }
  int64_t MonotonicNs() override { return now_ms_.load() * 1000000; }
  void RandomBytes(void* out, size_t n) override;
  void TEST_SetNowMs(int64_t ms) { now_ms_.store(ms); }
  void TEST_AdvanceMs(int64_t ms) { now_ms_.fetch_add(ms); }

 private:
  std::atomic<int64_t> now_ms_;
  std::mutex mu_;
  uint64_t counter_ = 0;  // GUARDED_BY(mu_)
};

// An Env that passes every call to `base`; subclasses override what they change (the clock).
class ForwardingEnv : public Env {
 public:
  explicit ForwardingEnv(Env& base) : base_(base) {}
  int64_t NowMs() override { return base_.NowMs(); }
  int64_t MonotonicNs() override { return base_.MonotonicNs(); }
  void RandomBytes(void* out, size_t n) override { base_.RandomBytes(out, n); }
  Result<std::string> ReadFile(const std::filesystem::path& path) override {
    return base_.ReadFile(path);
  }
  Status WriteFileAtomic(const std::filesystem::path& path, std::string_view data) override {
    return base_.WriteFileAtomic(path, data);
  }

 protected:
  Env& base_;
};

// An Env whose clock runs a settable offset ahead of (or behind) another Env's; monotonic time,
// randomness and files pass through to the other Env, which must outlive this one. Thread-safe:
// the offset may be moved while other threads read the clock. motcua builds one only for the
// test-only `test_clock` option, so that end-to-end tests can make a dossier run late.
class ShiftedClockEnv : public ForwardingEnv {
 public:
  explicit ShiftedClockEnv(Env& base) : ForwardingEnv(base) {}
  int64_t NowMs() override { return base_.NowMs() + offset_ms_.load(); }
  // Returns how far this clock is ahead of the base clock (negative: behind), in milliseconds.
  int64_t offset_ms() const { return offset_ms_.load(); }
  // Sets the offset; the base clock is untouched.
  void TEST_SetOffsetMs(int64_t ms) { offset_ms_.store(ms); }

 private:
  std::atomic<int64_t> offset_ms_{0};
};

}  // namespace motcua
