// Token buckets, one per key (a channel, or one resident's chat): how long a send must wait to
// stay within the key's rate and burst. Shared by an instance's senders. Thread-safe (one mutex,
// no waiting inside).
#pragma once

#include <chrono>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace loket::connectors {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // Unlisted keys are not limited, or held to the default limit when there is one. A key's
  // limit changed later keeps the tokens it has (up to the new burst).
  void set_limit(const std::string& channel, double per_second, double burst);
  void set_default_limit(double per_second, double burst);

  // Takes one token for `channel`; returns how long to wait before sending (zero: now). With
  // `book` false, a token is taken only when one is there now: the caller will come back later
  // instead of waiting for a booked slot.
  Clock::duration reserve(const std::string& channel, Clock::time_point now = Clock::now(),
                          bool book = true);
  // Gives back a token reserve() took, for a send that did not happen after all.
  void refund(const std::string& channel);
  // One token from each of `keys` (a platform's overall bucket and the resident's, say); returns
  // how long to wait for the slowest. Past `max_wait` the tokens are given back: in a flood the
  // caller hands the send back for that long rather than hold it for minutes.
  Clock::duration reserve_within(std::initializer_list<std::string_view> keys,
                                 Clock::duration max_wait);

 private:
  struct Bucket {
    double per_second = 0, burst = 0, tokens = 0;
    Clock::time_point updated{};
    bool is_default = false;
  };
  std::mutex mutex_;
  // Looked up by string_view, so a send builds no key string.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const {
      return std::hash<std::string_view>{}(key);
    }
  };
  std::unordered_map<std::string, Bucket, KeyHash, std::equal_to<>> buckets_;
  std::optional<Bucket> default_;
  // Buckets made from the default (one per resident's chat) above this many are pruned of the
  // full ones, which hold no state worth keeping: memory stays bounded by the active chats.
  static constexpr std::size_t kMaxDefaulted = 10000;
  std::size_t defaulted_ = 0;  // buckets made from the default: pruned when many are full
  std::size_t prune_at_ = kMaxDefaulted;
};

}  // namespace loket::connectors
