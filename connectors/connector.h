// A channel loket sends notifications through (webhook, chat socket, and the social channels).
// The dispatcher knows connectors only through this interface, so a new channel drops in
// without touching it. `send` is called from the dispatcher's coroutines; implementations must
// be safe to call concurrently on one executor.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace loket::connectors {

struct OutgoingMessage {
  std::int64_t delivery_id = 0;  // also the idempotency key the platform sees
  std::int64_t notification_id = 0;
  std::string topic;
  std::string lang;
  std::string text;
  std::string address;  // where the contact lives on this channel (URL, chat id, ...)
  bool urgent = false;
};

struct SendResult {
  enum class Kind {
    delivered,  // the platform took it
    retry,      // try again later (timeout, 5xx, 429), after `retry_after` if the platform said
    permanent,  // it will never work (blocked, gone)
    wait,       // the resident cannot be reached now (chat closed): look again after
                // `retry_after`, without counting it as a failed attempt
  };
  Kind kind = Kind::delivered;
  std::chrono::milliseconds retry_after{0};  // 0: the dispatcher's backoff decides
  std::string error;
  std::string platform_message_id;
  bool contact_gone = false;  // deactivate the contact (blocked, unsubscribed, 404/410)
};

class Connector {
 public:
  virtual ~Connector() = default;
  virtual std::string_view channel() const = 0;
  virtual boost::asio::awaitable<SendResult> send(const OutgoingMessage& message) = 0;
};

}  // namespace loket::connectors
