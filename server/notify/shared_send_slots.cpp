#include "server/notify/shared_send_slots.h"

#include <boost/asio/async_result.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <pqxx/except>

#include <algorithm>

#include "db/send_slots.h"
#include "server/common/log.h"
#include "server/common/resumer.h"

namespace loket::server {

namespace asio = boost::asio;

namespace {
// A slot whose time passed longer ago than this is not used: sends late for their slots would
// go out together, faster than the rate.
constexpr auto kStale = std::chrono::milliseconds(5);
// Keys are few (a bot, numbers, push services); made-up push endpoints could name more, and then
// the idle ones are forgotten.
constexpr std::size_t kMaxKeys = 256;
}  // namespace

asio::awaitable<std::optional<connectors::SendSlots::Clock::time_point>> SharedSendSlots::next(
    std::string key, double per_second) {
  return asio::async_initiate<decltype(asio::use_awaitable),
                              void(std::optional<Clock::time_point>)>(
      [this](auto handler, std::string key, double per_second) {
        enqueue(key, per_second, resumer<std::optional<Clock::time_point>>(std::move(handler)));
      },
      asio::use_awaitable, std::move(key), per_second);
}

void SharedSendSlots::enqueue(const std::string& key, double per_second, Resume resume) {
  std::unique_lock lock(mutex_);
  if (keys_.size() >= kMaxKeys && !keys_.count(key))
    std::erase_if(keys_, [](const auto& entry) {
      return !entry.second.claiming && entry.second.waiting.empty();
    });
  Key& k = keys_[key];
  k.per_second = per_second;
  const auto now = Clock::now();
  while (!k.slots.empty() && k.slots.front() < now - kStale) k.slots.pop_front();
  if (!k.slots.empty() && k.waiting.empty()) {
    const auto slot = k.slots.front();
    k.slots.pop_front();
    lock.unlock();
    resume(slot);
    return;
  }
  k.waiting.push_back(std::move(resume));
  if (!k.claiming) claim(key, k);
}

void SharedSendSlots::claim(const std::string& key, Key& k) {
  k.claiming = true;
  const auto interval = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::duration<double>(1.0 / k.per_second));
  // As many as wait, but no more than a quarter second's worth: slots claimed far ahead would
  // hold back the other processes' sends.
  const int most = std::max(1, static_cast<int>(k.per_second / 4));
  const int count = std::min(most, static_cast<int>(k.waiting.size()));
  // The job holds this object: it may finish after the connectors that shared it are gone.
  database_.submit(
      [this, self = shared_from_this(), key, count, interval](db::Connection& connection) {
        std::optional<Clock::time_point> first;
        try {
          first = db::claim_send_slots(connection.get(), key, count, interval);
        } catch (const pqxx::broken_connection& e) {
          connection.reset();
          log::warn("send slots not claimed", {{"key", key}, {"error", e.what()}});
        } catch (const std::exception& e) {
          log::warn("send slots not claimed", {{"key", key}, {"error", e.what()}});
        }
        std::vector<std::pair<Resume, std::optional<Clock::time_point>>> answers;
        std::unique_lock lock(mutex_);
        Key& k = keys_[key];
        k.claiming = false;
        if (!first) {
          // The database away: every waiting send hears so now, rather than one claim at a time.
          while (!k.waiting.empty()) {
            answers.emplace_back(std::move(k.waiting.front()), std::nullopt);
            k.waiting.pop_front();
          }
        } else {
          for (int i = 0; i < count; ++i) k.slots.push_back(*first + i * interval);
          while (!k.waiting.empty() && !k.slots.empty()) {
            answers.emplace_back(std::move(k.waiting.front()), k.slots.front());
            k.waiting.pop_front();
            k.slots.pop_front();
          }
          if (!k.waiting.empty()) claim(key, k);
        }
        lock.unlock();
        for (auto& [resume, slot] : answers) resume(slot);
      });
}

}  // namespace loket::server
