// RateLimiter: a token bucket per key (a client address), for public endpoints that must not be
// scraped (the dossier lookup). Thread-safe; memory is bounded by evicting idle buckets.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace motcua::http {

class RateLimiter {
 public:
  // Allows `per_minute` requests a minute per key on average, with bursts of up to `burst`.
  RateLimiter(double per_minute, double burst) : rate_per_ms_(per_minute / 60000.0), burst_(burst) {}
  // Returns true when the request of `key` at `now_ms` may go ahead (and takes a token).
  bool Allow(const std::string& key, int64_t now_ms);

 private:
  struct Bucket {
    double tokens = 0;
    int64_t last_ms = 0;
  };
  const double rate_per_ms_;
  const double burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // GUARDED_BY(mu_)
};

}  // namespace motcua::http
