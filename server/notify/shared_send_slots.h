// The platforms' send slots through PostgreSQL, for every process that sends for one deployment
// (each `loket serve` with a database and each `loket dispatch`): the sends waiting for a key's
// turn are answered by one claim for as many as wait (up to a quarter second of the rate), so a
// busy process takes the rate the idle ones leave, and nothing is claimed further ahead than a
// send would wait. Thread-safe.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "connectors/send_slots.h"
#include "db/database.h"

namespace loket::server {

class SharedSendSlots final : public connectors::SendSlots,
                              public std::enable_shared_from_this<SharedSendSlots> {
 public:
  explicit SharedSendSlots(db::Database& database) : database_(database) {}
  boost::asio::awaitable<std::optional<Turn>> next(std::string key, double per_second,
                                                   Clock::duration reach) override;

 private:
  using Resume = std::function<void(std::optional<Turn>)>;
  struct Key {
    double per_second = 1;
    Clock::duration reach{};
    std::deque<Resume> waiting;
    bool claiming = false;
  };
  void enqueue(const std::string& key, double per_second, Clock::duration reach, Resume resume);
  void claim(const std::string& key, Key& k);  // with mutex_ held

  db::Database& database_;
  std::mutex mutex_;
  std::map<std::string, Key> keys_;
  Clock::time_point next_forget_{};  // of idle keys' rows, by the next claim after it
};

}  // namespace loket::server
