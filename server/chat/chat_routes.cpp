// The chat's HTTP routes: the REST chat API and its socket's path asked without an Upgrade.
#include "server/chat/chat.h"

namespace loket::server {

asio::awaitable<Response> handle_chat_api(const Request& request, RequestContext& context,
                                          ChatState& state) {
  if (request.method() == http::verb::options)
    co_return cors_preflight(request, context.route.methods);
  const std::string_view channel = "web";
  ChatApiAnswer answer = co_await answer_chat_json(state, request.body(), channel, context.client);
  context.note.chat = true;
  context.note.intent = answer.intent;
  context.note.confidence = answer.confidence;
  Response res = make_response(static_cast<http::status>(answer.status), request,
                               "application/json", std::move(answer.body));
  if (answer.retry_after_s > 0)
    res.set(http::field::retry_after, std::to_string(answer.retry_after_s));
  allow_any_origin(res);
  co_return res;
}

asio::awaitable<Response> handle_chat_socket_path(const Request& request, RequestContext&) {
  co_return json_error(http::status::upgrade_required, request.version(), request.keep_alive(),
                       "this path speaks WebSocket: send an Upgrade request");
}

}  // namespace loket::server
