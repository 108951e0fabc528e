#include "connectors/x_connector.h"

#include <boost/asio.hpp>
#include <boost/json.hpp>

#include <charconv>
#include <ctime>

#include "connectors/platform_answer.h"

namespace loket::connectors {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {
constexpr std::size_t kMaxTextBytes = 9000;  // X allows 10,000 characters in a direct message
}  // namespace

XConnector::XConnector(config::XChannel settings, std::chrono::milliseconds timeout)
    : settings_(std::move(settings)), client_(timeout) {}

asio::awaitable<SendResult> XConnector::send_dm(std::string to, std::string text) {
  SendResult r;
  if (!is_numeric_id(to)) {
    r.kind = SendResult::Kind::permanent;
    r.error = "an X user id is digits only";
    co_return r;
  }
  if (settings_.access_token.empty()) {
    r.kind = SendResult::Kind::permanent;
    r.error = "no X access token is configured for sending direct messages";
    co_return r;
  }
  HttpRequest request;
  request.url = settings_.api_base + "/2/dm_conversations/with/" + to + "/messages";
  request.body = json::serialize(json::object{{"text", truncate_utf8(text, kMaxTextBytes)}});
  request.headers.emplace_back("Authorization", "Bearer " + settings_.access_token);
  auto answer = co_await client_.send(std::move(request));
  if (!answer) co_return transport_failure(answer.error());
  r = classify_http_answer(answer->status, answer->header("retry-after"));
  if (r.kind == SendResult::Kind::delivered) {
    json::error_code ec;
    const json::value v = json::parse(answer->body, ec);
    if (!ec) r.platform_message_id = string_at(v, "/data/dm_event_id");
    co_return r;
  }
  if (answer->status == 429) {
    const std::string reset = answer->header("x-rate-limit-reset");  // Unix time
    long long at = 0;
    if (std::from_chars(reset.data(), reset.data() + reset.size(), at).ec == std::errc{}) {
      const long long in = at - static_cast<long long>(std::time(nullptr));
      r.retry_after = std::chrono::seconds(std::clamp(in, 1LL, 86400LL));
    }
  }
  if (answer->status == 401) r.kind = SendResult::Kind::retry;  // the token: the operator's to fix
  r.error = "x " + std::to_string(answer->status) + ": " + truncate_utf8(answer->body, 200);
  co_return r;
}

asio::awaitable<SendResult> XConnector::send(const OutgoingMessage& message) {
  std::string to = message.address, text = message.text;
  co_return co_await send_dm(std::move(to), std::move(text));
}

asio::awaitable<SendResult> XConnector::reply(Reply& reply) {
  std::string text;
  for (const auto& t : reply.texts) text.append(text.empty() ? "" : "\n\n").append(t);
  if (!reply.quick_replies.empty()) {
    text.append("\n");
    for (const auto& label : reply.quick_replies) text.append("\n- ").append(label);
  }
  std::string to = reply.to->address;
  SendResult sent = co_await send_dm(std::move(to), std::move(text));
  if (sent.kind == SendResult::Kind::delivered) reply.delivered = reply.texts.size();
  co_return sent;
}

boost::system::result<std::vector<InboundMessage>> parse_x_webhook(std::string_view body) {
  json::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return boost::system::error_code(asio::error::invalid_argument);
  std::vector<InboundMessage> out;
  const std::string account = string_at(v, "/for_user_id");
  const json::value* events = v.get_object().if_contains("direct_message_events");
  if (events == nullptr || !events->is_array()) return out;
  for (const auto& e : events->get_array()) {
    if (string_at(e, "/type") != "message_create") continue;
    InboundMessage m;
    m.channel = XConnector::kChannel;
    m.message_id = string_at(e, "/id");
    m.address = string_at(e, "/message_create/sender_id");
    m.text = string_at(e, "/message_create/message_data/text");
    if (m.address == account || m.message_id.empty() || !is_numeric_id(m.address) || m.text.empty())
      continue;
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace loket::connectors
