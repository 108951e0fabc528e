#include "connectors/rate_limiter.h"

#include <algorithm>

namespace loket::connectors {

void RateLimiter::set_limit(const std::string& channel, double per_second, double burst) {
  std::lock_guard lock(mutex_);
  buckets_[channel] = Bucket{per_second, burst, burst, Clock::now()};
}

RateLimiter::Clock::duration RateLimiter::reserve(const std::string& channel,
                                                  Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(channel);
  if (it == buckets_.end()) return Clock::duration::zero();
  Bucket& b = it->second;
  if (now > b.updated) {
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(b.burst, b.tokens + elapsed * b.per_second);
    b.updated = now;
  }
  // Going below zero books a future slot: the caller waits until the bucket has refilled it.
  b.tokens -= 1;
  if (b.tokens >= 0) return Clock::duration::zero();
  return std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(-b.tokens / b.per_second));
}

}  // namespace loket::connectors
