// Shows the web chat's mailbox (alerts any instance's dispatcher stored for a chat session) on
// the chats open on this instance: when the dispatcher announces an entry (NOTIFY loket_chat)
// and when a chat opens or comes back. Each entry reaches each open chat once. Thread-safe.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "db/database.h"
#include "server/chat/live_sessions.h"

namespace loket::db {
class NotificationListener;
}

namespace loket::server {

class MailboxRelay {
 public:
  MailboxRelay(LiveSessionRegistry& live, boost::asio::any_io_executor executor);
  ~MailboxRelay();

  // Listens for the dispatchers' announcements; `available`: whether the database is up now.
  void use_database(db::Database* database, std::function<bool()> available);
  void stop();

  // Shows what `session`'s open chats here have not shown yet (empty: every open chat's). From
  // any thread; the work runs on the relay's strand.
  void wake(const std::string& session);

 private:
  struct Shared;
  std::shared_ptr<Shared> shared_;
  std::unique_ptr<db::NotificationListener> listener_;
};

}  // namespace loket::server
