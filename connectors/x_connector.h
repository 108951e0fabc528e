// X (Twitter): direct messages from the Account Activity webhook in, answers and notifications
// out as direct messages (API v2, a user-context bearer token). X has no buttons in v2 direct
// messages: suggestions are listed under the answer. 429 retries at x-rate-limit-reset; 403
// (the resident no longer accepts messages) ends the contact. Thread-safe.
#pragma once

#include <boost/system/result.hpp>

#include <chrono>
#include <vector>

#include "config/config.h"
#include "connectors/connector.h"
#include "connectors/http_client.h"

namespace loket::connectors {

class XConnector final : public Connector {
 public:
  static constexpr std::string_view kChannel = "x";

  XConnector(config::XChannel settings, std::chrono::milliseconds timeout);
  std::string_view channel() const override { return kChannel; }
  boost::asio::awaitable<SendResult> send(const OutgoingMessage& message) override;
  boost::asio::awaitable<SendResult> reply(Reply& reply) override;

 private:
  boost::asio::awaitable<SendResult> send_dm(std::string to, std::string text);
  config::XChannel settings_;
  HttpClient client_;
};

// The direct messages in one Account Activity POST, without the account's own (X echoes what
// the account sends). Other events give none. Errors: not a JSON object.
boost::system::result<std::vector<InboundMessage>> parse_x_webhook(std::string_view body);

}  // namespace loket::connectors
