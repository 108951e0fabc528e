#include "connectors/websocket_connector.h"

#include <boost/json.hpp>

#include "connectors/utc_timestamp.h"

namespace loket::connectors {

boost::asio::awaitable<SendResult> WebsocketConnector::send(const OutgoingMessage& message) {
  namespace json = boost::json;
  // The shape of a chat reply, marked as a notification, so the widget shows it as an alert
  // from the municipality with its topic and time.
  auto frame = json::serialize(
      json::object{{"notification", json::object{{"id", message.delivery_id},
                                                 {"notification_id", message.notification_id},
                                                 {"topic", message.topic},
                                                 {"urgent", message.urgent},
                                                 {"sent_at", utc_timestamp_now()}}},
                   {"lang", message.lang},
                   {"messages", json::array{json::object{{"text", message.text}}}}});
  SendResult r;
  const bool kept = co_await mailbox_->post(message.address, message.delivery_id, std::move(frame));
  if (!kept) {
    r.kind = SendResult::Kind::retry;
    r.error = "the chat mailbox could not be written";
  }
  co_return r;
}

}  // namespace loket::connectors
