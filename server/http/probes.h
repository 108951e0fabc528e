// The operator's answers: liveness and readiness probes ({"status": ...}) and Prometheus text.
// Free functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/http/http.h"

namespace loket::server {

// 200 {"status": status, ...details} when `ok`, else 503 {"status": not_ok, ...details}.
using ProbeDetails = std::vector<std::pair<std::string_view, std::string>>;
Response probe_response(const Request& request, bool ok, std::string_view status,
                        const ProbeDetails& details = {}, std::string_view not_ok = "starting");
// 200 text/plain in the Prometheus exposition format.
Response metrics_response(const Request& request, std::string body);
// The answer when `token` (server.metrics_token) is set and the request does not carry it as
// "Authorization: Bearer <token>": 401. Nothing when it may see the metrics.
std::optional<Response> refuse_metrics(const Request& request, std::string_view token);

}  // namespace loket::server
