#include "server/http/probes.h"

#include <openssl/crypto.h>

#include "server/common/json_text.h"

namespace loket::server {

Response probe_response(const Request& request, bool ok, std::string_view status,
                        const ProbeDetails& details, std::string_view not_ok) {
  std::string body = "{\"status\":";
  append_json_string(body, ok ? status : not_ok);
  for (const auto& [key, value] : details) {
    body += ',';
    append_json_string(body, key);
    body += ':';
    append_json_string(body, value);
  }
  body += '}';
  return make_response(ok ? http::status::ok : http::status::service_unavailable, request,
                       "application/json", std::move(body));
}

Response metrics_response(const Request& request, std::string body) {
  return make_response(http::status::ok, request, "text/plain; version=0.0.4; charset=utf-8",
                       std::move(body));
}

std::optional<Response> refuse_metrics(const Request& request, std::string_view token) {
  if (token.empty()) return std::nullopt;
  const std::string_view given = request[http::field::authorization];
  const std::string_view prefix = "Bearer ";
  if (given.size() == prefix.size() + token.size() && given.starts_with(prefix) &&
      CRYPTO_memcmp(given.data() + prefix.size(), token.data(), token.size()) == 0)
    return std::nullopt;
  Response res = json_error(http::status::unauthorized, request.version(), request.keep_alive(),
                            "/metrics needs 'Authorization: Bearer <server.metrics_token>'");
  res.set(http::field::www_authenticate, "Bearer");
  return res;
}

}  // namespace loket::server
