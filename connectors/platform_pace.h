// A connector's wait for its platform's turn, at the platform's rate for the whole deployment:
// through shared send slots when several processes send (use_slots(), set before sending
// starts), else this process's own token bucket per key. Thread-safe.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "connectors/connector.h"
#include "connectors/rate_limiter.h"
#include "connectors/send_slots.h"

namespace loket::connectors {

class PlatformPace {
 public:
  using Clock = std::chrono::steady_clock;

  void use_slots(std::shared_ptr<SendSlots> slots);

  // Waits until a message under `key` may go and returns zero; or, when its turn is more than
  // `max_wait` away, returns when to come back, without waiting: the caller hands the send back
  // rather than hold it.
  boost::asio::awaitable<Clock::duration> wait_turn(std::string key, double per_second,
                                                    Clock::duration max_wait);

 private:
  std::shared_ptr<SendSlots> slots();
  Clock::duration reserve_here(const std::string& key, double per_second, Clock::duration max_wait);

  std::mutex mutex_;
  std::shared_ptr<SendSlots> slots_;
  std::set<std::string> keys_;  // keys whose bucket has its limit set
  std::shared_ptr<RateLimiter> buckets_ = std::make_shared<RateLimiter>();
};

// A send held back by loket's own pacing for `wait` (`why` says which): a retry for a resident's
// answer, and for a notification a wait that is not a failed attempt.
SendResult held_back(PlatformPace::Clock::duration wait, std::string why);

}  // namespace loket::connectors
