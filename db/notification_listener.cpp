#include "db/notification_listener.h"

#include <pqxx/pqxx>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "db/database.h"

#include "db/database.h"

namespace loket::db {

// One connection to a database server and the thread that waits on it, shared by every
// listener of the process on that server. Subscriptions come and go from any thread without
// waiting for the database; the thread LISTENs to new channels within a poll (200 ms) and
// UNLISTENs to abandoned ones. A callback may subscribe but must not destroy a listener.
class ListeningConnection {
 public:
  explicit ListeningConnection(std::string url) : url_(std::move(url)) {
    thread_ = std::thread([this] { run(); });
  }
  ~ListeningConnection() {
    stopping_ = true;
    thread_.join();
  }

  std::uint64_t add(std::string channel, std::function<void(const std::string&)> f) {
    std::lock_guard lock(subscriptions_mutex_);
    const auto id = next_id_++;
    subscriptions_.emplace(id, Subscription{std::move(channel), std::move(f), false});
    return id;
  }

  // Waits for the callbacks that are running.
  void remove(std::uint64_t id) {
    std::lock_guard calling(calls_);
    std::lock_guard lock(subscriptions_mutex_);
    subscriptions_.erase(id);
  }

  void deliver(const std::string& channel, const std::string& payload) {
    std::lock_guard calling(calls_);
    for (const auto* f :
         callbacks([&channel](Subscription& s) { return s.listening && s.channel == channel; }))
      (*f)(payload);
  }

 private:
  struct Subscription {
    std::string channel;
    std::function<void(const std::string&)> on_notify;
    bool listening;  // its channel is LISTENed to on the current connection
  };

  class Receiver final : public pqxx::notification_receiver {
   public:
    Receiver(pqxx::connection_base& c, const std::string& channel, ListeningConnection& owner)
        : pqxx::notification_receiver(c, channel), owner_(owner) {}
    void operator()(const std::string& payload, int) override {
      owner_.deliver(channel(), payload);
    }

   private:
    ListeningConnection& owner_;
  };

  using Receivers = std::map<std::string, std::unique_ptr<Receiver>>;

  // The callbacks of the subscriptions `pick` chooses (it may change them). Hold calls_: no
  // subscription goes while they run, and they run without the subscriptions' lock, so they
  // may subscribe.
  template <typename Pick>
  std::vector<const std::function<void(const std::string&)>*> callbacks(Pick pick) {
    std::lock_guard lock(subscriptions_mutex_);
    std::vector<const std::function<void(const std::string&)>*> out;
    for (auto& [id, s] : subscriptions_)
      if (pick(s)) out.push_back(&s.on_notify);
    return out;
  }

  // LISTENs to the channels subscribed since the last call and tells their subscribers (an
  // empty payload) that they now hear everything; UNLISTENs to channels nobody wants. The round
  // trips run without a lock.
  void follow_subscriptions(pqxx::connection_base& connection, Receivers& receivers) {
    std::set<std::string> wanted;
    {
      std::lock_guard lock(subscriptions_mutex_);
      for (const auto& [id, s] : subscriptions_) wanted.insert(s.channel);
    }
    for (const auto& channel : wanted)
      if (!receivers.count(channel))
        receivers.emplace(channel, std::make_unique<Receiver>(connection, channel, *this));
    for (auto it = receivers.begin(); it != receivers.end();)
      it = wanted.count(it->first) ? std::next(it) : receivers.erase(it);
    std::lock_guard calling(calls_);
    for (const auto* f : callbacks([&receivers](Subscription& s) {
           if (s.listening || !receivers.count(s.channel)) return false;
           s.listening = true;
           return true;
         }))
      (*f)(std::string());
  }

  void not_listening() {
    std::lock_guard lock(subscriptions_mutex_);
    for (auto& [id, s] : subscriptions_) s.listening = false;
  }

  void run() {
    auto backoff = std::chrono::milliseconds(200);
    while (!stopping_) {
      try {
        pqxx::connection connection(with_connect_timeout(url_, kConnectTimeout));
        const int backend = connection.backendpid();
        Receivers receivers;
        backoff = std::chrono::milliseconds(200);
        while (!stopping_) {
          follow_subscriptions(connection, receivers);
          connection.await_notification(0, 200'000);
          // libpqxx reconnects by itself when a broken connection is used again: whatever was
          // announced in between was missed, so start over as after any break.
          if (connection.backendpid() != backend)
            throw pqxx::broken_connection("the listening connection was reopened");
        }
      } catch (const std::exception&) {
        // The database is away; the dispatchers and chats poll meanwhile. Try again, more
        // slowly each time.
        not_listening();
        for (auto waited = std::chrono::milliseconds(0); waited < backoff && !stopping_;
             waited += std::chrono::milliseconds(100))
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
      }
    }
  }

  const std::string url_;
  // Held while callbacks run. Recursive: a callback's NOTIFY may come back to this thread.
  std::recursive_mutex calls_;
  std::mutex subscriptions_mutex_;  // after calls_ when both are taken
  std::map<std::uint64_t, Subscription> subscriptions_;
  std::uint64_t next_id_ = 1;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

namespace {

// The process's listening connections by server URL (without a schema); each lives while a
// listener holds it.
std::shared_ptr<ListeningConnection> listening_connection_for(const std::string& url) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<ListeningConnection>> connections;
  std::lock_guard lock(mutex);
  std::erase_if(connections, [](const auto& entry) { return entry.second.expired(); });
  auto& slot = connections[url];
  auto connection = slot.lock();
  if (!connection) {
    connection = std::make_shared<ListeningConnection>(url);
    slot = connection;
  }
  return connection;
}

}  // namespace

std::string scoped_channel(const std::string& channel, const std::string& schema) {
  return schema.empty() ? channel : channel + "_" + schema;
}

NotificationListener::NotificationListener(std::string url, std::string channel,
                                           std::function<void()> on_notify)
    : NotificationListener(std::move(url), std::move(channel),
                           [f = std::move(on_notify)](const std::string&) { f(); }) {}

NotificationListener::NotificationListener(std::string url, std::string channel,
                                           std::function<void(const std::string&)> on_notify)
    : connection_(listening_connection_for(without_schema(url))),
      id_(connection_->add(scoped_channel(channel, schema_in(url)), std::move(on_notify))) {}

NotificationListener::~NotificationListener() {
  connection_->remove(id_);
}

}  // namespace loket::db
