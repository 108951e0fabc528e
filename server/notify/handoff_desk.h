// Handing residents to a person, across instances: tells a resident what staff (or loket) says
// on the channel they came from (the web chat's mailbox, which every instance shows, or the
// messaging platform), and tells this instance's staff sockets what changed in any instance's
// handoffs (NOTIFY loket_handoff). Thread-safe; watchers are called on the listener's thread.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "db/handoff_store.h"
#include "intents/dialogue/reply.h"
#include "server/notify/channel_hub.h"
#include "server/notify/contact_centre.h"

namespace loket::db {
class NotificationListener;
}

namespace loket::server {

// Channels whose residents are in the web chat (REST, WebSocket, Direct Line): their messages go
// through its mailbox.
bool is_web_chat_channel(std::string_view channel);

class HandoffDesk {
 public:
  explicit HandoffDesk(ChannelHub* hub);
  ~HandoffDesk();

  // Listens for the handoffs' changes; null: no database (no handoffs).
  void use_database(db::Database* database);
  void stop();

  // What a resident is told: staff's words (`speaker` is how staff are shown) or loket's own
  // (`speaker` empty), in `lang`, with buttons and where the handoff stands.
  struct Said {
    std::string speaker;
    std::string lang;
    std::vector<std::string> texts;
    std::vector<dialogue::Suggestion> suggestions;
    std::optional<dialogue::HandoffStatus> status;
  };
  // False when it could not be passed on now (the database or the platform failed).
  boost::asio::awaitable<bool> tell_resident(const db::Handoff& handoff, Said said);

  // Called with (handoff id, event) for every change on any instance; an id of 0 after the
  // listener reconnected (anything may have changed). Returns a key for unwatch().
  using Watcher = std::function<void(std::int64_t, const std::string&)>;
  std::uint64_t watch(Watcher watcher);
  void unwatch(std::uint64_t key);

  // Where the configuration hands residents instead of the built-in inbox.
  ContactCentre& contact_centre() { return contact_centre_; }

 private:
  void announce(const std::string& payload);

  ChannelHub* hub_;
  db::Database* database_ = nullptr;
  std::unique_ptr<db::NotificationListener> listener_;
  std::mutex mutex_;
  std::uint64_t next_key_ = 1;
  std::map<std::uint64_t, Watcher> watchers_;
  ContactCentre contact_centre_{std::chrono::seconds(10)};
};

// What the resident is told when staff `name` joins, says `text`, or ends the conversation
// (`to_bot`: handing it back to loket).
HandoffDesk::Said staff_joined(const db::Handoff& handoff, const std::string& name);
HandoffDesk::Said staff_said(const db::Handoff& handoff, const std::string& name,
                             const std::string& text);
HandoffDesk::Said staff_ended(const db::Handoff& handoff, const std::string& name, bool to_bot);

// The web chat's frame for `said` (a mailbox entry the chat shows, REST or WebSocket alike).
std::string handoff_frame(const HandoffDesk::Said& said);

}  // namespace loket::server
