#include "connectors/rate_limiter.h"

#include <algorithm>

namespace loket::connectors {

void RateLimiter::set_limit(const std::string& channel, double per_second, double burst) {
  std::lock_guard lock(mutex_);
  if (auto it = buckets_.find(channel); it != buckets_.end()) {
    it->second.per_second = per_second;
    it->second.burst = burst;
    it->second.tokens = std::min(it->second.tokens, burst);
    return;
  }
  buckets_[channel] = Bucket{per_second, burst, burst, Clock::now()};
}

void RateLimiter::refund(const std::string& channel) {
  std::lock_guard lock(mutex_);
  if (auto it = buckets_.find(channel); it != buckets_.end())
    it->second.tokens = std::min(it->second.burst, it->second.tokens + 1);
}

void RateLimiter::set_default_limit(double per_second, double burst) {
  std::lock_guard lock(mutex_);
  default_ = Bucket{per_second, burst, burst, {}};
}

RateLimiter::Clock::duration RateLimiter::reserve(const std::string& channel, Clock::time_point now,
                                                  bool book) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(channel);
  if (it == buckets_.end()) {
    if (!default_) return Clock::duration::zero();
    if (defaulted_ >= prune_at_) {
      std::erase_if(buckets_, [&](const auto& entry) {
        const Bucket& b = entry.second;
        const double elapsed = std::chrono::duration<double>(now - b.updated).count();
        const bool full = b.is_default && b.tokens + elapsed * b.per_second >= b.burst;
        if (full) --defaulted_;
        return full;
      });
      // Many keys busy at once: look again only when they have doubled, so pruning stays a
      // constant cost per new key instead of a scan each time.
      prune_at_ = std::max(kMaxDefaulted, 2 * defaulted_);
    }
    Bucket fresh = *default_;
    fresh.updated = now;
    fresh.is_default = true;
    ++defaulted_;
    it = buckets_.emplace(channel, fresh).first;
  }
  Bucket& b = it->second;
  if (now > b.updated) {
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(b.burst, b.tokens + elapsed * b.per_second);
    b.updated = now;
  }
  if (!book && b.tokens < 1)
    return std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>((1 - b.tokens) / b.per_second));
  // Going below zero books a future slot: the caller waits until the bucket has refilled it.
  b.tokens -= 1;
  if (b.tokens >= 0) return Clock::duration::zero();
  return std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(-b.tokens / b.per_second));
}

RateLimiter::Clock::duration RateLimiter::reserve_within(
    std::initializer_list<std::string_view> keys, Clock::duration max_wait) {
  const auto now = Clock::now();
  Clock::duration wait = Clock::duration::zero();
  for (auto key : keys) wait = std::max(wait, reserve(std::string(key), now));
  if (wait > max_wait)
    for (auto key : keys) refund(std::string(key));
  return wait;
}

}  // namespace loket::connectors
