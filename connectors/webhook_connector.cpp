#include "connectors/webhook_connector.h"

#include <boost/json.hpp>

#include <charconv>

namespace loket::connectors {

SendResult classify_http_answer(unsigned status, const std::string& retry_after) {
  SendResult r;
  if (status >= 200 && status < 300) return r;
  r.error = "HTTP " + std::to_string(status);
  if (status == 429 || status == 408 || status >= 500) {
    r.kind = SendResult::Kind::retry;
    long seconds = 0;
    auto [end, ec] = std::from_chars(retry_after.data(), retry_after.data() + retry_after.size(), seconds);
    if (ec == std::errc{} && seconds > 0) r.retry_after = std::chrono::seconds(std::min(seconds, 86400L));
    return r;
  }
  r.kind = SendResult::Kind::permanent;
  r.contact_gone = status == 404 || status == 410 || status == 403;
  return r;
}

boost::asio::awaitable<SendResult> WebhookConnector::send(const OutgoingMessage& message) {
  namespace json = boost::json;
  const auto body = json::serialize(json::object{{"delivery_id", message.delivery_id},
                                                 {"notification_id", message.notification_id},
                                                 {"topic", message.topic},
                                                 {"lang", message.lang},
                                                 {"text", message.text}});
  // Built before the co_await: GCC 12 miscompiles braced string initialisers inside one.
  std::vector<std::pair<std::string, std::string>> headers;
  headers.emplace_back("Idempotency-Key", std::to_string(message.delivery_id));
  std::string content_type = "application/json";
  auto answer = co_await client_.post(message.address, body, content_type, std::move(headers));
  if (!answer) {
    SendResult r;
    const bool bad_url = answer.error() == boost::asio::error::invalid_argument;
    r.kind = bad_url ? SendResult::Kind::permanent : SendResult::Kind::retry;
    r.error = bad_url ? "the contact's webhook URL is not a valid http:// or https:// URL" : answer.error().message();
    co_return r;
  }
  co_return classify_http_answer(answer->status, answer->header("retry-after"));
}

}  // namespace loket::connectors
