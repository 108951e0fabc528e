#include "connectors/platform_pace.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <optional>

namespace loket::connectors {

namespace asio = boost::asio;

namespace {
// Keys are a connector's own (its bot, its numbers, the push services of its subscriptions):
// more than this are made-up push endpoints, and the buckets start over rather than grow.
constexpr std::size_t kMaxKeys = 64;
}  // namespace

void PlatformPace::use_slots(std::shared_ptr<SendSlots> slots) {
  std::lock_guard lock(mutex_);
  slots_ = std::move(slots);
}

std::shared_ptr<SendSlots> PlatformPace::slots() {
  std::lock_guard lock(mutex_);
  return slots_;
}

PlatformPace::Clock::duration PlatformPace::reserve_here(const std::string& key, double per_second,
                                                         Clock::duration max_wait) {
  std::shared_ptr<RateLimiter> buckets;
  {
    std::lock_guard lock(mutex_);
    if (keys_.size() >= kMaxKeys && !keys_.count(key)) {
      keys_.clear();
      buckets_ = std::make_shared<RateLimiter>();
    }
    // No burst: a bucket lets its burst through on top of a second's rate.
    if (keys_.insert(key).second) buckets_->set_limit(key, per_second, 1.0);
    buckets = buckets_;
  }
  return buckets->reserve_within({key}, max_wait);
}

asio::awaitable<PlatformPace::Clock::duration> PlatformPace::wait_turn(std::string key,
                                                                       double per_second,
                                                                       Clock::duration max_wait) {
  std::optional<Clock::duration> wait;
  if (auto shared = slots()) {
    auto next = shared->next(key, per_second, max_wait);
    if (const auto turn = co_await std::move(next)) {
      // Not taken: the caller comes back then (never zero, which would mean "go").
      if (!turn->taken)
        co_return std::max<Clock::duration>(turn->at - Clock::now(), std::chrono::milliseconds(1));
      wait = turn->at - Clock::now();
    }
  }
  // Alone, or the shared slots out of reach: this process keeps the rate by itself (a database
  // away stops the dispatchers anyway, and a resident's answer still goes out).
  if (!wait) wait = reserve_here(key, per_second, max_wait);
  if (*wait > max_wait) co_return *wait;
  if (*wait > Clock::duration::zero()) {
    asio::steady_timer timer(co_await asio::this_coro::executor, *wait);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  co_return Clock::duration::zero();
}

SendResult held_back(PlatformPace::Clock::duration wait, std::string why) {
  SendResult later;
  later.kind = SendResult::Kind::retry;
  later.retry_after = std::chrono::duration_cast<std::chrono::milliseconds>(wait);
  later.error = std::move(why);
  later.paced = true;
  return later;
}

}  // namespace loket::connectors
