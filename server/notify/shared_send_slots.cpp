#include "server/notify/shared_send_slots.h"

#include <boost/asio/async_result.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <pqxx/except>

#include <algorithm>
#include <utility>
#include <vector>

#include "db/send_slots.h"
#include "server/common/log.h"
#include "server/common/resumer.h"

namespace loket::server {

namespace asio = boost::asio;

namespace {
// Keys are few (a bot, numbers, push services); made-up push endpoints could name more, and then
// the idle ones are forgotten.
constexpr std::size_t kMaxKeys = 256;
}  // namespace

asio::awaitable<std::optional<connectors::SendSlots::Turn>> SharedSendSlots::next(
    std::string key, double per_second, Clock::duration reach) {
  return asio::async_initiate<decltype(asio::use_awaitable), void(std::optional<Turn>)>(
      [this](auto handler, std::string key, double per_second, Clock::duration reach) {
        enqueue(key, per_second, reach, resumer<std::optional<Turn>>(std::move(handler)));
      },
      asio::use_awaitable, std::move(key), per_second, reach);
}

void SharedSendSlots::enqueue(const std::string& key, double per_second, Clock::duration reach,
                              Resume resume) {
  std::lock_guard lock(mutex_);
  if (keys_.size() >= kMaxKeys && !keys_.count(key))
    std::erase_if(keys_, [](const auto& entry) {
      return !entry.second.claiming && entry.second.waiting.empty();
    });
  Key& k = keys_[key];
  k.per_second = per_second;
  k.reach = reach;
  k.waiting.push_back(std::move(resume));
  if (!k.claiming) claim(key, k);
}

void SharedSendSlots::claim(const std::string& key, Key& k) {
  k.claiming = true;
  const auto interval = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::duration<double>(1.0 / k.per_second));
  const auto reach = std::chrono::duration_cast<std::chrono::microseconds>(k.reach);
  // As many as wait, but no more than a quarter second's worth at a time: the others' sends
  // interleave between the claims.
  const int most = std::max(1, static_cast<int>(k.per_second / 4));
  const int count = std::min(most, static_cast<int>(k.waiting.size()));
  // The job holds this object: it may finish after the connectors that shared it are gone.
  database_.submit([this, self = shared_from_this(), key, count, interval,
                    reach](db::Connection& connection) {
    std::optional<db::SendSlotClaim> claim;
    bool forget = false;
    {
      std::lock_guard lock(mutex_);
      if (Clock::now() >= next_forget_) {
        forget = true;
        next_forget_ = Clock::now() + std::chrono::hours(1);
      }
    }
    try {
      if (forget) db::forget_idle_send_slots(connection.get());
      claim = db::claim_send_slots(connection.get(), key, count, interval, reach);
    } catch (const pqxx::broken_connection& e) {
      connection.reset();
      log::warn("send slots not claimed", {{"key", key}, {"error", e.what()}});
    } catch (const std::exception& e) {
      log::warn("send slots not claimed", {{"key", key}, {"error", e.what()}});
    }
    std::vector<std::pair<Resume, std::optional<Turn>>> answers;
    std::unique_lock lock(mutex_);
    Key& k = keys_[key];
    k.claiming = false;
    if (claim && claim->claimed) {
      for (int i = 0; i < count && !k.waiting.empty(); ++i) {
        answers.emplace_back(std::move(k.waiting.front()), Turn{claim->at + i * interval, true});
        k.waiting.pop_front();
      }
      if (!k.waiting.empty()) this->claim(key, k);
    } else {
      // Out of reach (every waiting send hears when to ask again), or the database away (each
      // keeps the rate by itself meanwhile).
      std::optional<Turn> later;
      if (claim) later = Turn{claim->at, false};
      for (auto& resume : k.waiting) answers.emplace_back(std::move(resume), later);
      k.waiting.clear();
    }
    lock.unlock();
    for (auto& [resume, slot] : answers) resume(slot);
  });
}

}  // namespace loket::server
