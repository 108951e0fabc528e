// The responses every handler builds from. Every answer is JSON except the static chat page and
// widget; every error names the problem.
#include <algorithm>

#include "server/common/json_text.h"
#include "server/http/http.h"

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

Response method_not_allowed(const Request& request, std::string_view allow) {
  auto res = json_error(http::status::method_not_allowed, request.version(), request.keep_alive(),
                        "method " + std::string(request.method_string()) + " is not allowed here");
  res.set(http::field::allow, allow);
  return res;
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

// IPv6 clients get a /64 each: counting single addresses would let one rotate through its own.
std::string address_block(const std::string& client) {
  boost::system::error_code ec;
  auto a = asio::ip::make_address(client, ec);
  if (ec || !a.is_v6() || a.to_v6().is_v4_mapped()) return client;
  auto bytes = a.to_v6().to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return asio::ip::address_v6(bytes).to_string() + "/64";
}

}  // namespace loket::server
