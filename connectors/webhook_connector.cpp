#include "connectors/webhook_connector.h"

#include <boost/json.hpp>

#include "connectors/platform_answer.h"

namespace loket::connectors {

boost::asio::awaitable<SendResult> WebhookConnector::send(const OutgoingMessage& message) {
  namespace json = boost::json;
  // Built before the co_await: GCC 12 miscompiles braced string initialisers inside one.
  HttpRequest request;
  request.url = message.address;
  request.body = json::serialize(json::object{{"delivery_id", message.delivery_id},
                                              {"notification_id", message.notification_id},
                                              {"topic", message.topic},
                                              {"lang", message.lang},
                                              {"text", message.text}});
  request.headers.emplace_back("Idempotency-Key", std::to_string(message.delivery_id));
  request.idempotent = true;  // the receiver dedupes by the key
  auto answer = co_await client_.send(std::move(request));
  if (!answer) co_return transport_failure(answer.error());
  co_return classify_http_answer(answer->status, answer->header("retry-after"));
}

}  // namespace loket::connectors
