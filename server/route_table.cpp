#include "server/route_table.h"

#include <array>

#include "server/web_assets.h"

namespace loket::server {
namespace {

// Exact paths first where a prefix would also match; the staff API's catch-all last.
constexpr std::array kRoutes = {
    Route{"/api/v1/chat", "/api/v1/chat", "POST, OPTIONS", "", false, false, handle_chat_api},
    Route{"/api/v1/chat/ws", "/api/v1/chat/ws", "GET", "", false, true, handle_chat_socket_path},
    Route{"/api/v1/topics", "/api/v1/topics", "GET, OPTIONS", "", false, false, handle_topics},
    Route{"/api/v1/webpush/key", "/api/v1/webpush/key", "GET, OPTIONS", "", false, false,
          handle_webpush_key},
    Route{"/api/v1/webpush/subscriptions", "/api/v1/webpush/subscriptions", "POST, DELETE, OPTIONS",
          "", false, false, handle_webpush_subscriptions},
    Route{"/healthz", "/healthz", "GET, HEAD", "", false, false, handle_healthz},
    Route{"/readyz", "/readyz", "GET, HEAD", "", false, false, handle_readyz},
    Route{"/metrics", "/metrics", "GET", "", false, false, handle_metrics},
    Route{"/webhooks/telegram", "/webhooks/telegram", "POST", "", false, false, telegram_webhook},
    Route{"/webhooks/meta", "/webhooks/meta", "GET, POST", "", false, false, meta_webhook},
    Route{"/webhooks/x", "/webhooks/x", "GET, POST", "", false, false, x_webhook},
    Route{"/admin/v1/config:reload", "/admin/v1/config:reload", "POST", "editor", false, false,
          admin<AdminCall::reload>},
    Route{"/admin/v1/stats", "/admin/v1/stats", "GET", "editor", false, false,
          admin<AdminCall::statistics>},
    Route{"/admin/v1/contacts", "/admin/v1/contacts", "POST", "admin", false, false,
          admin<AdminCall::create_contact>},
    Route{"/admin/v1/contacts:import", "/admin/v1/contacts:import", "POST", "admin", true, false,
          admin<AdminCall::import_contacts>},
    Route{"/admin/v1/contacts/", "/admin/v1/contacts/{id}", "DELETE", "admin", false, false,
          admin<AdminCall::delete_contact>},
    Route{"/admin/v1/notifications", "/admin/v1/notifications", "POST", "campaigns", false, false,
          admin<AdminCall::create_notification>},
    Route{"/admin/v1/notifications/", "/admin/v1/notifications/{id}", "GET, POST", "campaigns",
          false, false, admin<AdminCall::notification>},
    Route{"/admin/v1/", "/admin/v1/other", "", "any", false, false, admin<AdminCall::unknown>},
};

bool matches(const Route& route, std::string_view path) {
  return route.path.ends_with('/') ? path.starts_with(route.path) : path == route.path;
}

}  // namespace

const Route* find_route(std::string_view path) {
  for (const auto& route : kRoutes)
    if (matches(route, path)) return &route;
  return nullptr;
}

std::string_view route_label(std::string_view path) {
  if (const Route* route = find_route(path)) return route->label;
  if (const WebAsset* asset = find_web_asset(path)) return asset->path;
  return "other";
}

bool allows(const Route& route, std::string_view method) {
  for (std::string_view rest = route.methods; !rest.empty();) {
    const auto comma = rest.find(", ");
    if (rest.substr(0, comma) == method) return true;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 2);
  }
  return false;
}

}  // namespace loket::server
