// The "stop alerts about this topic" button under an alert in the web chat: the chat session's
// subscription to one topic ends at once, without a conversation about it.
#include <boost/json.hpp>

#include "db/notification_store.h"
#include "server/chat/chat.h"
#include "server/chat/chat_side_call.h"
#include "server/common/db_call.h"
#include "server/common/json_text.h"
#include "server/common/log.h"
#include "server/http/refusal.h"

namespace loket::server {
namespace {

namespace json = boost::json;

struct StopRequest {
  std::string session, topic;
};

Refusable<StopRequest> read_stop_request(std::string_view body, const config::Config& config,
                                         const SessionIssuer& sessions) {
  boost::system::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec) return Refusal{400, json_body_problem(body, ec.message())};
  const json::object* obj = v.if_object();
  if (obj == nullptr) return Refusal{400, "body must be a JSON object"};
  StopRequest out;
  for (auto [key, field] : {std::pair{"session", &out.session}, std::pair{"topic", &out.topic}}) {
    const json::value* s = obj->if_contains(key);
    if (s == nullptr || !s->is_string() || s->get_string().empty())
      return Refusal{400, std::string("'") + key + "' must be a non-empty string"};
    *field = std::string(s->get_string());
  }
  if (out.session.size() > 128 || !sessions.issued(out.session))
    return Refusal{404, "no such chat session"};
  if (config.find_topic(out.topic) == nullptr) return Refusal{400, "'topic' is not a known topic"};
  return out;
}

}  // namespace

asio::awaitable<Response> handle_chat_unsubscribe(const Request& request, RequestContext& context,
                                                  ChatState& state) {
  if (auto early = before_chat_side_call(request, context, state)) co_return std::move(*early);
  const auto chat = state.content.current();
  auto stop = read_stop_request(request.body(), chat->config(), state.sessions);
  if (!stop)
    co_return chat_json_reply(request, static_cast<http::status>(stop.error().status),
                              write_error(stop.error().message));
  if (!state.notifications.ready())
    co_return chat_json_reply(request, http::status::service_unavailable,
                              write_error("alerts cannot be changed right now; try again later"));
  const auto job = [stop = *stop](pqxx::connection_base& c) {
    return db::unsubscribe(c, std::string(kChatChannel), stop.session, stop.topic);
  };
  const auto remaining = co_await db_call(*state.notifications.database, job);
  if (!remaining) {
    log::warn("chat unsubscribe failed", {{"error", describe(remaining.error())}});
    co_return chat_json_reply(request, http::status::service_unavailable,
                              write_error("alerts cannot be changed right now; try again later"));
  }
  json::array topics;
  for (const auto& t : *remaining) topics.emplace_back(t);
  co_return chat_json_reply(request, http::status::ok,
                            json::serialize(json::object{{"topics", std::move(topics)}}));
}

}  // namespace loket::server
