// Every path loket serves, listed once: how it matches, the methods it takes, the staff role it
// needs (the token is checked on the headers, before the body is read), its body limit, its
// label in /metrics, and its handler. Internal to server/; immutable, so thread-safe.
#pragma once

#include <string_view>

#include "server/net.h"

namespace loket::server {

struct Route {
  std::string_view path;     // exact; or, ending in '/', every path under it
  std::string_view label;    // in /metrics: every route has its own
  std::string_view methods;  // the Allow list; other methods get 405 (staff routes: audited)
  std::string_view role;     // empty: no staff token; else editor, campaigns, admin, or any
  bool large_body = false;   // the import's body limit instead of the API's
  bool websocket = false;    // an Upgrade request here becomes the chat socket
  Handler handler = nullptr;
};

// The route serving `path` (without the query), or null.
const Route* find_route(std::string_view path);

// The label of a path in /metrics: its route's, a web asset's own path, or "other" (labels stay
// few whatever paths are asked for).
std::string_view route_label(std::string_view path);

// Whether the route takes `method` (by its Allow list).
bool allows(const Route& route, std::string_view method);

}  // namespace loket::server
