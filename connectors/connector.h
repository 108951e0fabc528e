// A channel loket sends notifications through (webhook, chat socket, and the messaging
// channels), and on messaging channels also answers residents through. The dispatcher and the
// inbound webhooks know connectors only through this interface, so a new channel drops in
// without touching them. Implementations must be safe to call concurrently from coroutines on
// any executor.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/send_slots.h"

namespace loket::connectors {

struct OutgoingMessage {
  std::int64_t delivery_id = 0;  // also the idempotency key the platform sees
  std::int64_t notification_id = 0;
  std::string topic;
  std::string lang;
  std::string text;
  std::string address;  // where the contact lives on this channel (URL, chat id, ...)
  bool urgent = false;
  std::string channel_data;                  // what the channel keeps besides the address
  std::optional<std::int64_t> last_inbound;  // Unix time the resident last wrote, if ever
};

// A message a resident sent on a messaging channel, as the platform's webhook delivered it.
struct InboundMessage {
  enum class Kind { text, start, stop };  // start/stop: the platform's own commands
  Kind kind = Kind::text;
  std::string channel;     // telegram, messenger, whatsapp, x, mastodon
  std::string message_id;  // the platform's id: redeliveries carry the same one
  std::string address;     // who wrote: where the answer (and later alerts) go
  std::string context;     // what answering needs besides (page or phone number id, status id)
  std::string text;
  std::string lang_hint;  // the resident's app language, when the platform says
};

// loket's answer to an InboundMessage.
struct Reply {
  const InboundMessage* to = nullptr;
  std::vector<std::string> texts;
  std::vector<std::string> quick_replies;  // button labels, where the platform has buttons
  std::string lang;
  // Texts the platform took so far: a reply tried again goes on from there, so the resident
  // does not read the first part twice. Channels that send one message count it when it went.
  std::size_t delivered = 0;
  // At most this many texts per reply() call, so the caller can record progress between them.
  std::size_t max_texts = static_cast<std::size_t>(-1);
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
  // A retry held back by loket's own pacing of the platform, not said by the platform: a
  // notification's later part, not a failed attempt.
  bool paced = false;
};

class Connector {
 public:
  virtual ~Connector() = default;
  virtual std::string_view channel() const = 0;
  virtual boost::asio::awaitable<SendResult> send(const OutgoingMessage& message) = 0;
  // Where the platform's rate for the account (the bot, the phone number, the push service)
  // is shared when several processes send for it; set before sending starts. Without it the
  // process keeps the whole rate to itself.
  virtual void use_send_slots(std::shared_ptr<SendSlots>) {}
  // Answers a resident on a messaging channel (moving reply.delivered on as texts go out);
  // channels without inbound messages never get one.
  virtual boost::asio::awaitable<SendResult> reply(Reply&) {
    SendResult r;
    r.kind = SendResult::Kind::permanent;
    r.error = "this channel does not take replies";
    co_return r;
  }
};

}  // namespace loket::connectors
