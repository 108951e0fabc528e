// The one list of what loket serves: path, metrics label, methods, role, body limit, handler.
// Each handler is bound here to the part of the state its feature uses.
#include <type_traits>

#include "server/app/ops_routes.h"
#include "server/app/server_state.h"
#include "server/web/web_assets.h"

namespace loket::server {
namespace {

// A staff API route; one whose path ends in '/' serves every path under it, labelled `label`.
Route staff_route(std::string_view path, std::string_view methods, std::string_view role,
                  AdminState& state, AdminCall call, std::string_view label = {}) {
  Route route;
  route.path = path;
  route.prefix = path.ends_with('/');
  route.label = label.empty() ? path : label;
  route.methods = methods;
  route.role = role;
  route.handler = [&state, call](const Request& request, RequestContext& context) {
    return run_admin(request, context, state, call);
  };
  return route;
}

// A staff API that checks its role itself, in its own words (the handoff inbox: agent; residents'
// rights and the audit log: admin); any staff token gets as far as the handler.
using StaffApi = asio::awaitable<Response> (*)(const Request&, RequestContext&, AdminState&);
Route staff_api_route(std::string_view path, std::string_view methods, std::string_view role,
                      AdminState& state, StaffApi api, std::string_view label) {
  Route route;
  route.path = path;
  route.prefix = path.ends_with('/');
  route.label = label;
  route.methods = methods;
  route.role = role;
  route.handler = [&state, api](const Request& request, RequestContext& context) {
    return api(request, context, state);
  };
  return route;
}

// A handler taking its feature's state, with or without the request's context.
template <typename State, typename Function>
Handler bind_state(State& state, Function function) {
  return [&state, function](const Request& request, RequestContext& context) {
    if constexpr (std::is_invocable_v<Function, const Request&, RequestContext&, State&>)
      return function(request, context, state);
    else
      return function(request, state);
  };
}

}  // namespace

RouteTable make_route_table(ServerState& s) {
  Route chat_socket = exact_route("/api/v1/chat/ws", "GET", handle_chat_socket_path);
  chat_socket.upgrade = [&chat = s.chat](beast::tcp_stream stream, Request upgrade,
                                         std::string client) {
    return run_websocket_session(std::move(stream), std::move(upgrade), std::move(client), chat);
  };
  Route direct_line =
      exact_route("/v3/directline/", "GET, POST, OPTIONS", bind_state(s.chat, handle_direct_line));
  direct_line.prefix = true;
  direct_line.label = "/v3/directline";
  direct_line.upgrade = [&chat = s.chat](beast::tcp_stream stream, Request upgrade,
                                         std::string client) {
    return run_direct_line_stream(std::move(stream), std::move(upgrade), std::move(client), chat);
  };
  Route staff_socket = exact_route("/admin/v1/handoffs/ws", "GET", handle_staff_socket_path);
  staff_socket.upgrade = [&s](beast::tcp_stream stream, Request upgrade, std::string) {
    return run_staff_socket(std::move(stream), std::move(upgrade), s.admin, s.limits, s.tracker);
  };
  Route area_api =
      exact_route("/api/v1/area/", "GET, OPTIONS", bind_state(s.open, handle_area_api));
  area_api.prefix = true;
  area_api.label = "/api/v1/area/{postcode}";
  Route area_page = exact_route("/buurt/", "GET", bind_state(s.open, handle_area_page));
  area_page.prefix = true;
  area_page.label = "/buurt/{postcode}";
  Route import = staff_route("/admin/v1/contacts:import", "POST", "admin", s.admin,
                             AdminCall::import_contacts);
  import.large_body = true;
  // A changed content file may be bigger than a chat message.
  Route what_if =
      staff_route("/admin/v1/content:what-if", "POST", "editor", s.admin, AdminCall::what_if);
  what_if.large_body = true;
  // Exact paths first where a prefix would also match; the staff API's catch-all after them.
  std::vector<Route> routes = {
      exact_route("/api/v1/chat", "POST, OPTIONS", bind_state(s.chat, handle_chat_api)),
      std::move(chat_socket),
      exact_route("/api/v1/chat/feedback", "POST, OPTIONS",
                  bind_state(s.chat, handle_chat_feedback)),
      exact_route("/api/v1/chat/messages", "GET, OPTIONS",
                  bind_state(s.chat, handle_chat_messages)),
      exact_route("/api/v1/chat/unsubscribe", "POST, OPTIONS",
                  bind_state(s.chat, handle_chat_unsubscribe)),
      std::move(direct_line),
      exact_route("/api/v1/topics", "GET, OPTIONS", bind_state(s.channel, handle_topics)),
      exact_route("/api/v1/webpush/key", "GET, OPTIONS", bind_state(s.channel, handle_webpush_key)),
      exact_route("/api/v1/webpush/subscriptions", "POST, DELETE, OPTIONS",
                  bind_state(s.channel, handle_webpush_subscriptions)),
      exact_route("/api/v1/open/questions", "GET, OPTIONS",
                  bind_state(s.open, handle_open_questions)),
      exact_route("/api/v1/open/catalog.jsonld", "GET, OPTIONS",
                  bind_state(s.open, handle_open_catalog)),
      std::move(area_api),
      std::move(area_page),
      exact_route("/healthz", "GET, HEAD", handle_healthz),
      exact_route("/readyz", "GET, HEAD", bind_state(s, handle_readyz)),
      exact_route("/metrics", "GET", bind_state(s, handle_metrics)),
      exact_route("/webhooks/telegram", "POST", bind_state(s.channel, telegram_webhook)),
      exact_route("/webhooks/meta", "GET, POST", bind_state(s.channel, meta_webhook)),
      exact_route("/webhooks/x", "GET, POST", bind_state(s.channel, x_webhook)),
      exact_route("/webhooks/chatwoot", "POST", bind_state(s.channel, chatwoot_webhook)),
      exact_route("/webhooks/handoff", "POST", bind_state(s.channel, handoff_webhook)),
      exact_route("/admin/v1/session", "GET, POST, DELETE", bind_state(s.admin, run_session_api)),
      exact_route("/admin/v1/session/oidc", "GET", bind_state(s.admin, run_oidc_sign_in)),
      exact_route("/admin/v1/session/oidc/callback", "GET", bind_state(s.admin, run_oidc_sign_in)),
      staff_route("/admin/v1/config:reload", "POST", "editor", s.admin, AdminCall::reload),
      std::move(what_if),
      staff_route("/admin/v1/content:add-examples", "POST", "editor", s.admin,
                  AdminCall::add_examples),
      staff_route("/admin/v1/unanswered:ignore", "POST", "editor", s.admin,
                  AdminCall::ignore_questions),
      staff_route("/admin/v1/unanswered:unignore", "POST", "editor", s.admin,
                  AdminCall::unignore_questions),
      staff_route("/admin/v1/stats", "GET", "editor", s.admin, AdminCall::statistics),
      staff_route("/admin/v1/contacts", "POST", "admin", s.admin, AdminCall::create_contact),
      std::move(import),
      staff_route("/admin/v1/contacts/", "DELETE", "admin", s.admin, AdminCall::delete_contact,
                  "/admin/v1/contacts/{id}"),
      staff_route("/admin/v1/notifications", "GET, POST", "campaigns", s.admin,
                  AdminCall::notifications),
      staff_route("/admin/v1/notifications:count", "POST", "campaigns", s.admin,
                  AdminCall::count_recipients),
      staff_route("/admin/v1/notifications:compose", "GET", "campaigns", s.admin,
                  AdminCall::composer),
      staff_route("/admin/v1/notifications/", "GET, POST", "campaigns", s.admin,
                  AdminCall::notification, "/admin/v1/notifications/{id}"),
      std::move(staff_socket),
      staff_api_route("/admin/v1/handoffs", "GET", "agent", s.admin, run_handoff_api,
                      "/admin/v1/handoffs"),
      staff_api_route("/admin/v1/handoffs/", "GET, POST", "agent", s.admin, run_handoff_api,
                      "/admin/v1/handoffs/{id}"),
      staff_api_route("/admin/v1/residents", "GET, DELETE", "admin", s.admin, run_privacy_api,
                      "/admin/v1/residents"),
      staff_api_route("/admin/v1/audit", "GET", "admin", s.admin, run_privacy_api,
                      "/admin/v1/audit"),
      staff_route("/admin/v1/", "", "any", s.admin, AdminCall::unknown, "/admin/v1/other"),
  };
  for (Route& asset : web_asset_routes(s.content)) routes.push_back(std::move(asset));
  return RouteTable(std::move(routes));
}

Site make_site(ServerState& state, const RouteTable& routes) {
  return Site{routes,
              state.limits,
              state.tracker,
              state.metrics,
              state.proxies,
              [&state](const Request& header) { return check_staff(header, state.admin); },
              {},
              state.municipality.empty() ? nullptr : &state.municipality};
}

}  // namespace loket::server
