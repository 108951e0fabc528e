#include "db/notification_listener.h"

#include <pqxx/pqxx>

#include "db/database.h"
#include "db/notify_channel.h"

#include <chrono>

namespace loket::db {
namespace {

class Receiver final : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& c, const std::string& channel,
           std::function<void(const std::string&)>& f)
      : pqxx::notification_receiver(c, channel), f_(f) {}
  void operator()(const std::string& payload, int) override { f_(payload); }

 private:
  std::function<void(const std::string&)>& f_;
};

}  // namespace

NotificationListener::NotificationListener(std::string url, std::string channel,
                                           std::function<void()> on_notify)
    : NotificationListener(std::move(url), std::move(channel),
                           [f = std::move(on_notify)](const std::string&) { f(); }) {}

NotificationListener::NotificationListener(std::string url, std::string channel,
                                           std::function<void(const std::string&)> on_notify)
    : url_(std::move(url)), channel_(std::move(channel)), on_notify_(std::move(on_notify)) {
  thread_ = std::thread([this] { run(); });
}

NotificationListener::~NotificationListener() {
  stopping_ = true;
  thread_.join();
}

void NotificationListener::run() {
  auto backoff = std::chrono::milliseconds(200);
  while (!stopping_) {
    try {
      pqxx::connection connection(url_);
      use_schema(connection, schema_in(url_));
      const std::string channel = [&connection, this] {
        pqxx::nontransaction tx(connection);
        return tx.exec_params1(std::string("SELECT ") + kScopedChannel, channel_)[0]
            .as<std::string>();
      }();
      Receiver receiver(connection, channel, on_notify_);
      backoff = std::chrono::milliseconds(200);
      // A reconnect may have missed notifications: wake the listener once to look at
      // everything (an empty payload).
      on_notify_(std::string());
      while (!stopping_) connection.await_notification(1, 0);
    } catch (const std::exception&) {
      // The database is away; the dispatchers poll meanwhile. Try again, more slowly each time.
      for (auto waited = std::chrono::milliseconds(0); waited < backoff && !stopping_;
           waited += std::chrono::milliseconds(100))
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    }
  }
}

}  // namespace loket::db
