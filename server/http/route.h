// Every path loket serves, listed once: how it matches, the methods it takes, the staff role it
// needs (the token is checked on the headers, before the body is read), its body limit, its
// label in /metrics, and its handler. The table is built once at start-up and then only read,
// so it is safe from any thread; each handler is bound to the part of the state it uses.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/common/staff_cache.h"
#include "server/http/http.h"

namespace loket::server {

// What a handled request leaves for the access log besides method, path and status.
struct RequestNote {
  std::string intent;
  double confidence = 0;
  bool chat = false;
};

struct Route;

// What a route's handler gets besides the request: its own route (methods, role), the caller's
// address, who the staff member is (staff routes), and the access log's note.
struct RequestContext {
  const Route& route;
  const std::string& client;
  std::optional<Staff> staff;
  RequestNote note;
  // "/m/{id}" when the request came under a hosted municipality's path prefix, else empty: for
  // links, redirects and cookie paths that the browser must resolve under it.
  std::string base_path;
};

using Handler = std::function<asio::awaitable<Response>(const Request&, RequestContext&)>;
// Takes over a connection whose request asked to become a WebSocket; the client's address.
using UpgradeHandler =
    std::function<asio::awaitable<void>(beast::tcp_stream, Request, std::string client)>;

struct Route {
  std::string_view path;  // exact, or the start of every path it serves (prefix)
  bool prefix = false;
  std::string_view label;    // in /metrics: every route has its own
  std::string_view methods;  // the Allow list; other methods get 405 (staff routes: audited)
  std::string_view role;     // empty: no staff token; else editor, campaigns, agent, admin, or any
  bool large_body = false;   // the import's body limit instead of the API's
  Handler handler;
  UpgradeHandler upgrade;  // set: an Upgrade request here becomes a WebSocket
};

class RouteTable {
 public:
  // In the order they are tried: exact paths first where a prefix would also match.
  explicit RouteTable(std::vector<Route> routes) : routes_(std::move(routes)) {}

  // The route serving `path` (without the query), or null.
  const Route* find(std::string_view path) const;

 private:
  std::vector<Route> routes_;
};

// A route for exactly `path`, labelled in /metrics by the path itself, open to anyone.
Route exact_route(std::string_view path, std::string_view methods, Handler handler);

// Whether the route takes `method` (by its Allow list).
bool allows(const Route& route, std::string_view method);

}  // namespace loket::server
