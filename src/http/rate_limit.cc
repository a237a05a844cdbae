#include "http/rate_limit.h"

#include <algorithm>

namespace motcua::http {

bool RateLimiter::Allow(const std::string& key, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  if (buckets_.size() > 100000) {
    // Drop buckets that have refilled completely: they hold no state worth keeping.
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      if (it->second.tokens + (now_ms - it->second.last_ms) * rate_per_ms_ >= burst_) {
        it = buckets_.erase(it);
      } else {
        ++it;
      }
    }
  }
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now_ms});
  Bucket& b = it->second;
  if (!fresh) {
    b.tokens = std::min(burst_, b.tokens + std::max<int64_t>(0, now_ms - b.last_ms) * rate_per_ms_);
    b.last_ms = now_ms;
  }
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

}  // namespace motcua::http
