// LISTEN for new deliveries on its own connection and thread, and call back on each NOTIFY, so
// dispatchers wake at once instead of waiting for their next poll. Reconnects by itself after
// the database went away. Thread-safe; the callback runs on the listener's thread.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace loket::db {

class NotificationListener {
 public:
  NotificationListener(std::string url, std::string channel, std::function<void()> on_notify);
  ~NotificationListener();  // stops within about a second

 private:
  void run();

  std::string url_, channel_;
  std::function<void()> on_notify_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace loket::db
