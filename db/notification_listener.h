// LISTEN on a channel on its own connection and thread, and call back on each NOTIFY, so
// dispatchers and chats wake at once instead of polling. Reconnects by itself after
// the database went away. The channel is the one of the connection's schema (notify_channel.h).
// Thread-safe; the callback runs on the listener's thread.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace loket::db {

class NotificationListener {
 public:
  NotificationListener(std::string url, std::string channel, std::function<void()> on_notify);
  // With each notification's payload; an empty one after a reconnect (look at everything).
  NotificationListener(std::string url, std::string channel,
                       std::function<void(const std::string& payload)> on_notify);
  ~NotificationListener();  // stops within about a second

 private:
  void run();

  std::string url_, channel_;
  std::function<void(const std::string&)> on_notify_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace loket::db
