// PasswordHasher: Argon2id (libsodium) on a bounded pool of worker threads, so hashing — tens of
// milliseconds and 64 MiB each — never runs on the HTTP I/O threads and never piles up without
// bound. Thread-safe.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/status.h"

namespace motcua::service {

struct PasswordHasherOptions {
  int threads = 2;          // hashing threads (each uses memlimit bytes while it works)
  int queue = 64;           // waiting hashes beyond which callers get Unavailable
  uint64_t opslimit = 2;    // libsodium crypto_pwhash_OPSLIMIT_INTERACTIVE
  size_t memlimit = 64u << 20;  // crypto_pwhash_MEMLIMIT_INTERACTIVE (64 MiB)
};

class PasswordHasher {
 public:
  explicit PasswordHasher(PasswordHasherOptions options);
  ~PasswordHasher();
  // Returns the encoded Argon2id hash of `password`. Unavailable when the queue is full.
  Result<std::string> Hash(const std::string& password);
  // Returns true when `password` matches `encoded`. An empty `encoded` runs a dummy verification
  // of the same cost (so unknown accounts take as long as known ones) and returns false.
  Result<bool> Verify(const std::string& encoded, const std::string& password);

 private:
  Status Run(std::function<void()> job);
  const PasswordHasherOptions options_;
  std::string dummy_hash_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;  // GUARDED_BY(mu_)
  bool stopping_ = false;                    // GUARDED_BY(mu_)
  std::vector<std::thread> threads_;
};

}  // namespace motcua::service
