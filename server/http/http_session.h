// One HTTP connection as one coroutine, routed by a RouteTable; what the HTTP layer needs from
// the rest of the server, and nothing more. The Site is shared by every connection: its parts
// are thread-safe, and the table and limits are only read.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "server/common/metrics.h"
#include "server/common/staff_cache.h"
#include "server/http/client_address.h"
#include "server/http/connection_tracker.h"
#include "server/http/hosted_sites.h"
#include "server/http/http.h"
#include "server/http/refusal.h"
#include "server/http/route.h"

namespace loket::server {

struct Site {
  const RouteTable& routes;
  const config::Limits& limits;
  ConnectionTracker& tracker;
  Metrics& metrics;
  const TrustedProxies& proxies;  // whose X-Forwarded-For is believed
  // Who calls a staff route, by the request's header (a bearer token or a session cookie).
  // Refused: 401 (no valid token or session), 403 (a session's call that changes something
  // without its X-CSRF-Token), 503 (sessions cannot be looked up now).
  std::function<asio::awaitable<Refusable<Staff>>(const Request& header)> authenticate;
  // Set when the process serves several municipalities: each request goes to the Site
  // choose_site() picks (this one's connection limits and trusted proxies still apply).
  std::vector<HostedSite> hosted;
  // A hosted municipality's id: named on every line its requests log. Null for the only one.
  const std::string* municipality = nullptr;
};

asio::awaitable<void> run_http_session(tcp::socket socket, const Site& site);

}  // namespace loket::server
