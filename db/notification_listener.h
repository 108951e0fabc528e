// LISTEN on a channel and call back on each NOTIFY, so dispatchers and chats wake at once
// instead of polling. Every listener of a process on one database server shares one connection
// and thread (a region hosting thirty municipalities opens one, not a hundred and twenty); it
// reconnects by itself after the database went away. The channel is the one of the URL's schema
// (notify_channel.h). Thread-safe; callbacks run on the shared thread, one at a time, never
// after the listener's destructor returned, and must not destroy a listener themselves.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace loket::db {

class ListeningConnection;

class NotificationListener {
 public:
  NotificationListener(std::string url, std::string channel, std::function<void()> on_notify);
  // With each notification's payload; an empty one once listening starts and after each
  // reconnect (notifications may have been missed: look at everything).
  NotificationListener(std::string url, std::string channel,
                       std::function<void(const std::string& payload)> on_notify);
  ~NotificationListener();
  NotificationListener(const NotificationListener&) = delete;
  NotificationListener& operator=(const NotificationListener&) = delete;

 private:
  std::shared_ptr<ListeningConnection> connection_;
  std::uint64_t id_;
};

// The name of `channel` on the wire for a connection in `schema` (empty: plain), as
// kScopedChannel computes it in SQL.
std::string scoped_channel(const std::string& channel, const std::string& schema);

}  // namespace loket::db
