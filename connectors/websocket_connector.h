// The `websocket` channel: a notification for a web-chat resident goes into their chat's mailbox,
// which every loket instance can show: at once where their chat is open, otherwise when they
// next open it. The contact's address is their chat session id. Safe for concurrent sends.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "connectors/connector.h"

namespace loket::connectors {

// Where the web chat's frames are kept for its residents (the server's mailbox).
class ChatMailbox {
 public:
  virtual ~ChatMailbox() = default;
  // Keeps `frame` for `session`, once per `delivery_id`; false when that failed for now.
  virtual boost::asio::awaitable<bool> post(std::string session, std::int64_t delivery_id,
                                            std::string frame) = 0;
};

class WebsocketConnector final : public Connector {
 public:
  static constexpr std::string_view kChannel = "websocket";

  explicit WebsocketConnector(std::shared_ptr<ChatMailbox> mailbox)
      : mailbox_(std::move(mailbox)) {}
  std::string_view channel() const override { return kChannel; }
  boost::asio::awaitable<SendResult> send(const OutgoingMessage& message) override;

 private:
  std::shared_ptr<ChatMailbox> mailbox_;
};

}  // namespace loket::connectors
