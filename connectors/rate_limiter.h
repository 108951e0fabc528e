// Token buckets, one per channel: how long a send must wait to stay within a channel's rate and
// burst. Shared by an instance's dispatcher workers. Thread-safe (one mutex, no waiting inside).
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace loket::connectors {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // Unlisted channels are not limited.
  void set_limit(const std::string& channel, double per_second, double burst);

  // Takes one token for `channel`; returns how long to wait before sending (zero: now).
  Clock::duration reserve(const std::string& channel, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double per_second = 0, burst = 0, tokens = 0;
    Clock::time_point updated{};
  };
  std::mutex mutex_;
  std::map<std::string, Bucket, std::less<>> buckets_;
};

}  // namespace loket::connectors
