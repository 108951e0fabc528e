// Routing of complete HTTP requests to their handlers. Every answer is JSON except the static
// chat page and widget; every error names the problem.
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "server/chat_json.h"
#include "server/net.h"
#include "server/route_table.h"
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

Response probe(const Request& request, bool ok, std::string_view status) {
  if (!ok)
    return json_response(http::status::service_unavailable, request, R"({"status":"starting"})");
  return json_response(http::status::ok, request,
                       boost::json::serialize(boost::json::object{{"status", status}}));
}

}  // namespace

Response method_not_allowed(const Request& request, std::string_view allow) {
  auto res = json_error(http::status::method_not_allowed, request.version(), request.keep_alive(),
                        "method " + std::string(request.method_string()) + " is not allowed here");
  res.set(http::field::allow, allow);
  return res;
}

asio::awaitable<Response> handle_chat_api(const Request& request, RequestContext& context) {
  if (request.method() == http::verb::options)
    co_return cors_preflight(request, context.route.methods);
  const std::string_view channel = "web";
  ChatApiAnswer answer =
      co_await answer_chat_json(context.state, request.body(), channel, context.client);
  context.note.chat = true;
  context.note.intent = answer.intent;
  context.note.confidence = answer.confidence;
  Response res =
      json_response(static_cast<http::status>(answer.status), request, std::move(answer.body));
  allow_any_origin(res);
  co_return res;
}

asio::awaitable<Response> handle_chat_socket_path(const Request& request, RequestContext&) {
  co_return json_error(http::status::upgrade_required, request.version(), request.keep_alive(),
                       "this path speaks WebSocket: send an Upgrade request");
}

asio::awaitable<Response> handle_healthz(const Request& request, RequestContext&) {
  co_return probe(request, true, "ok");
}

asio::awaitable<Response> handle_readyz(const Request& request, RequestContext& context) {
  co_return probe(request, context.state.ready.load(), "ready");
}

Response serve_asset_or_not_found(const Request& request) {
  auto target = boost::urls::parse_origin_form(request.target());
  if (!target)
    return json_error(http::status::bad_request, request.version(), request.keep_alive(),
                      "request target is not a valid path");
  const std::string path = target->path();
  if (const WebAsset* asset = find_web_asset(path)) return handle_asset(*asset, request);
  return json_error(http::status::not_found, request.version(), request.keep_alive(),
                    "no such path: " + path.substr(0, 200));
}

Response json_error(http::status status, unsigned version, bool keep_alive,
                    std::string_view message) {
  Response res{status, version};
  res.set(http::field::server, kServerName);
  res.set(http::field::content_type, "application/json");
  res.keep_alive(keep_alive);
  res.body() = write_error(message);
  res.prepare_payload();
  return res;
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
