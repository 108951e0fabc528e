#include "connectors/websocket_connector.h"

#include <boost/json.hpp>

#include <chrono>
#include <ctime>

namespace loket::connectors {
namespace {

std::string utc_now_iso() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace

boost::asio::awaitable<SendResult> WebsocketConnector::send(const OutgoingMessage& message) {
  namespace json = boost::json;
  // The shape of a chat reply, marked as a notification, so the widget shows it as an alert
  // from the municipality with its topic and time.
  auto frame = json::serialize(
      json::object{{"notification", json::object{{"id", message.delivery_id},
                                                 {"notification_id", message.notification_id},
                                                 {"topic", message.topic},
                                                 {"urgent", message.urgent},
                                                 {"sent_at", utc_now_iso()}}},
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
