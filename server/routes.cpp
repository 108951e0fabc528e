// Routing of complete HTTP requests to their handlers. Every answer is JSON except the static
// chat page and widget; every error names the problem.
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "server/net.h"
#include "server/web_assets.h"

namespace loket::server {

Response make_response(http::status status, const Request& request, std::string_view type,
                       std::string body) {
  Response res{status, request.version()};
  res.set(http::field::server, kServerName);
  res.set(http::field::content_type, type);
  res.keep_alive(request.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

namespace {

Response json_response(http::status status, const Request& request, std::string body) {
  return make_response(status, request, "application/json", std::move(body));
}

Response method_not_allowed(const Request& request, std::string_view allow) {
  auto res = json_error(http::status::method_not_allowed, request.version(), request.keep_alive(),
                        "method " + std::string(request.method_string()) + " is not allowed here");
  res.set(http::field::allow, allow);
  return res;
}

Response handle_chat(const Request& request, ServerState&, RequestNote&) {
  if (request.method() == http::verb::options) return cors_preflight(request, "POST, OPTIONS");
  return method_not_allowed(request, "POST, OPTIONS");  // POST goes to handle_chat_post
}

Response handle_asset(const WebAsset& asset, const Request& request) {
  if (request.method() != http::verb::get && request.method() != http::verb::head)
    return method_not_allowed(request, "GET, HEAD");
  Response res =
      make_response(http::status::ok, request, asset.content_type, std::string(asset.body));
  res.set(http::field::cache_control, "no-cache");
  res.set("X-Content-Type-Options", "nosniff");
  if (asset.path == "/" || asset.path == "/admin")
    res.set("Content-Security-Policy",
            "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
            "style-src 'self' 'unsafe-inline'");
  if (request.method() == http::verb::head) {
    res.body().clear();
    res.content_length(asset.body.size());
  }
  return res;
}

Response handle_probe(const Request& request, bool ok, std::string_view status) {
  if (request.method() != http::verb::get && request.method() != http::verb::head)
    return method_not_allowed(request, "GET, HEAD");
  if (!ok)
    return json_response(http::status::service_unavailable, request, R"({"status":"starting"})");
  return json_response(http::status::ok, request,
                       boost::json::serialize(boost::json::object{{"status", status}}));
}

}  // namespace

bool is_chat_post(const Request& request) {
  if (request.method() != http::verb::post) return false;
  auto target = boost::urls::parse_origin_form(request.target());
  return target && target->path() == kChatPath;
}

asio::awaitable<Response> handle_chat_post(const Request& request, ServerState& state,
                                           RequestNote& note, const std::string& client) {
  const std::string_view channel = "web";
  ChatApiAnswer answer = co_await answer_chat_json(state, request.body(), channel, client);
  note.chat = true;
  note.intent = answer.intent;
  note.confidence = answer.confidence;
  Response res =
      json_response(static_cast<http::status>(answer.status), request, std::move(answer.body));
  allow_any_origin(res);
  co_return res;
}

Response json_error(http::status status, unsigned version, bool keep_alive,
                    std::string_view message) {
  Response res{status, version};
  res.set(http::field::server, kServerName);
  res.set(http::field::content_type, "application/json");
  res.keep_alive(keep_alive);
  res.body() = boost::json::serialize(boost::json::object{{"error", message}});
  res.prepare_payload();
  return res;
}

Response handle_request(const Request& request, ServerState& state, RequestNote& note) {
  auto target = boost::urls::parse_origin_form(request.target());
  if (!target)
    return json_error(http::status::bad_request, request.version(), request.keep_alive(),
                      "request target is not a valid path");
  const std::string path = target->path();

  if (path == kChatPath) return handle_chat(request, state, note);
  if (path == "/healthz") return handle_probe(request, true, "ok");
  if (path == "/readyz") return handle_probe(request, state.ready.load(), "ready");
  if (path == kChatSocketPath) {
    if (request.method() != http::verb::get) return method_not_allowed(request, "GET");
    return json_error(http::status::upgrade_required, request.version(), request.keep_alive(),
                      "this path speaks WebSocket: send an Upgrade request");
  }
  if (const WebAsset* asset = find_web_asset(path)) return handle_asset(*asset, request);
  return json_error(http::status::not_found, request.version(), request.keep_alive(),
                    "no such path: " + path.substr(0, 200));
}

void allow_any_origin(Response& res) {
  res.set(http::field::access_control_allow_origin, "*");
}

Response cors_preflight(const Request& request, std::string_view methods) {
  Response res = make_response(http::status::no_content, request, "text/plain", "");
  allow_any_origin(res);
  res.set(http::field::access_control_allow_methods, methods);
  res.set(http::field::access_control_allow_headers, "Content-Type");
  res.set(http::field::access_control_max_age, "86400");
  return res;
}

}  // namespace loket::server
