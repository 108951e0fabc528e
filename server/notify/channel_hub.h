// The messaging channels this instance serves: their connectors (used for answers and by the
// dispatcher), their settings, and a short memory of inbound traffic: message ids already
// answered (a platform's redelivery), the messages held, and each conversation's turn. Built
// once at start-up; thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/config.h"
#include "connectors/connector.h"
#include "connectors/meta_connector.h"
#include "connectors/vapid.h"

namespace loket::server {

// Why Web Push stays off with a key that is not one (the channel hub logs it, check-config
// prints it).
inline constexpr const char* kBadVapidKey =
    "webpush is off: channels.webpush.vapid_private_key is not a P-256 PEM key (for a file, "
    "write {file: PATH})";

class ChannelHub {
 public:
  // What WhatsApp notifications need to know of a topic, from the current content.
  using TopicLookup = std::function<connectors::MetaConnector::TopicInfo(const std::string& topic,
                                                                         const std::string& lang)>;
  // Makes the connectors of the enabled channels; logs which are on and why others are off.
  // `title` heads browser notifications (the municipality's name).
  ChannelHub(const config::Channels& settings, std::chrono::milliseconds timeout,
             TopicLookup topics, std::string title);

  connectors::Connector* find(std::string_view channel) const;
  const std::vector<std::shared_ptr<connectors::Connector>>& connectors() const { return list_; }
  const config::Channels& settings() const { return settings_; }
  const connectors::VapidKey* vapid() const { return vapid_ ? &*vapid_ : nullptr; }

  // This instance's memory of platform message ids. begin() tells a new message (now being
  // stored) from one taken lately and from one whose storing is still under way (a platform
  // retry racing the first delivery: it must not be acknowledged before the first is stored).
  enum class Seen { fresh, taken, storing };
  Seen begin(const std::string& channel, const std::string& message_id);
  void stored(const std::string& channel, const std::string& message_id);  // storing -> taken
  void forget(const std::string& channel, const std::string& message_id);  // not taken after all

  // Messages this instance holds (answering or queued to answer): their hold in the database is
  // renewed while they are here, and the redelivery sweep leaves them alone.
  void hold(const std::string& channel, const std::string& message_id);
  void release(const std::string& channel, const std::string& message_id);
  bool holds(const std::string& channel, const std::string& message_id) const;
  std::vector<std::pair<std::string, std::string>> held() const;

  // Answers under way, counted while an InFlight lives.
  class InFlight {
   public:
    explicit InFlight(std::atomic<std::size_t>& n) : n_(&n) { ++*n_; }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;
    ~InFlight() { --*n_; }

   private:
    std::atomic<std::size_t>* n_;
  };
  InFlight count_answer() { return InFlight(in_flight_); }
  std::size_t answers_in_flight() const { return in_flight_; }

  // One conversation's messages are answered in turn. take_turn() says whether the caller
  // answers `pending` now, or it waits behind one under way (or, too many waiting, is refused);
  // whoever answers then takes the next with next_in_turn() until it gives nothing.
  struct Pending {
    connectors::InboundMessage message;
    bool recorded = false;                   // kept in the database until answered
    std::optional<connectors::Reply> reply;  // the answer made before, to be sent again
    std::vector<std::string> offer;          // the intent of each of its buttons, in order
  };
  enum class Turn { now, queued, refused };
  Turn take_turn(const std::string& session, Pending& pending);
  std::optional<Pending> next_in_turn(const std::string& session);

 private:
  config::Channels settings_;
  std::vector<std::shared_ptr<connectors::Connector>> list_;
  std::optional<connectors::VapidKey> vapid_;

  std::atomic<std::size_t> in_flight_{0};
  mutable std::mutex mutex_;
  std::unordered_map<std::string, bool> seen_;  // key -> still storing
  std::deque<std::string> seen_order_;
  std::set<std::pair<std::string, std::string>> held_;
  std::map<std::string, std::deque<Pending>> turns_;  // conversations being answered
};

// A topic's WhatsApp template and name in `lang`, from `config`.
connectors::MetaConnector::TopicInfo topic_info(const config::Config& config,
                                                const std::string& topic, const std::string& lang);

// A conversation's chat session id for a channel's address (only the characters sessions allow).
std::string channel_session(std::string_view channel, std::string_view address);

}  // namespace loket::server
