#include "server/http/probes.h"

#include "server/common/json_text.h"

namespace loket::server {

Response probe_response(const Request& request, bool ok, std::string_view status,
                        const ProbeDetails& details) {
  std::string body = "{\"status\":";
  append_json_string(body, ok ? status : "starting");
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

}  // namespace loket::server
