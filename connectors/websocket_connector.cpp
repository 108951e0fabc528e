#include "connectors/websocket_connector.h"

#include <boost/json.hpp>

namespace loket::connectors {

boost::asio::awaitable<SendResult> WebsocketConnector::send(const OutgoingMessage& message) {
  namespace json = boost::json;
  // The same shape as a chat reply, so the widget shows it as a message from the municipality.
  auto frame = json::serialize(
      json::object{{"notification", json::object{{"id", message.delivery_id},
                                                 {"notification_id", message.notification_id},
                                                 {"topic", message.topic},
                                                 {"urgent", message.urgent}}},
                   {"lang", message.lang},
                   {"messages", json::array{json::object{{"text", message.text}}}}});
  SendResult r;
  if (!sessions_.push(message.address, std::move(frame))) {
    r.kind = SendResult::Kind::wait;
    r.retry_after = recheck_;
    r.error = "the resident's chat is not open";
  }
  co_return r;
}

}  // namespace loket::connectors
