// The `webhook` channel: POSTs each notification as JSON {"delivery_id", "notification_id",
// "topic", "lang", "text"} to the contact's URL with an Idempotency-Key header (the delivery id).
// Any 2xx is delivered; 429 and 5xx retry (honouring Retry-After); 404 and 410 mean the receiver
// is gone. Safe for concurrent sends.
#pragma once

#include <chrono>

#include "connectors/connector.h"
#include "connectors/http_client.h"

namespace loket::connectors {

class WebhookConnector final : public Connector {
 public:
  static constexpr std::string_view kChannel = "webhook";

  explicit WebhookConnector(std::chrono::milliseconds timeout) : client_(timeout) {}
  std::string_view channel() const override { return kChannel; }
  boost::asio::awaitable<SendResult> send(const OutgoingMessage& message) override;

 private:
  HttpClient client_;
};

}  // namespace loket::connectors
