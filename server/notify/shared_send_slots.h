// The platforms' send slots through PostgreSQL, for every process that sends for one deployment
// (each `loket serve` with a database and each `loket dispatch`): the sends waiting for a key's
// turn are answered from slots this process claimed, and when those run out one claim fetches as
// many as are waiting (up to a quarter second of the rate), so a busy process takes the rate the
// idle ones leave. Thread-safe.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "connectors/send_slots.h"
#include "db/database.h"

namespace loket::server {

class SharedSendSlots final : public connectors::SendSlots,
                              public std::enable_shared_from_this<SharedSendSlots> {
 public:
  explicit SharedSendSlots(db::Database& database) : database_(database) {}
  boost::asio::awaitable<std::optional<Clock::time_point>> next(std::string key,
                                                                double per_second) override;

 private:
  using Resume = std::function<void(std::optional<Clock::time_point>)>;
  struct Key {
    double per_second = 1;
    std::deque<Clock::time_point> slots;  // claimed, not yet taken
    std::deque<Resume> waiting;
    bool claiming = false;
  };
  void enqueue(const std::string& key, double per_second, Resume resume);
  void claim(const std::string& key, Key& k);  // with mutex_ held

  db::Database& database_;
  std::mutex mutex_;
  std::map<std::string, Key> keys_;
};

}  // namespace loket::server
