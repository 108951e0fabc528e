// The staff API (/admin/v1/...): who holds a staff token, and what each route does. Each checks
// the route's role, and every call, refusals included, is audited. The AdminState's parts are
// thread-safe or fixed before serving; call from any I/O thread.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "server/admin/oidc_issuer.h"
#include "server/common/content_reload.h"
#include "server/common/metrics.h"
#include "server/common/staff_cache.h"
#include "server/http/connection_tracker.h"
#include "server/http/refusal.h"
#include "server/http/route.h"
#include "server/notify/handoff_desk.h"
#include "server/notify/notifications.h"

namespace loket::server {

// What the staff API uses, owned by the server.
struct AdminState {
  const ContentReloader& content;
  const Notifications& notifications;
  StaffCache& staff_cache;
  const std::string& admin_token;         // from LOKET_ADMIN_TOKEN (an admin); empty: none
  const std::set<std::string>& channels;  // the channels contacts may use
  HandoffDesk& handoffs;                  // residents handed to a person
  Metrics& metrics;
  const config::Limits& limits;  // how long a staff session lives
  OidcIssuer& oidc;              // the issuer staff sign in with, when configured
};

// The staff member holding the token in an Authorization header (LOKET_ADMIN_TOKEN, or a token
// made with `loket token create`); checked on the headers alone, so an unauthorised body is
// never read.
// `admin_token` may be empty (no admin token); `cache` keeps recent database lookups. Refused
// with 401 when the header holds no valid token (or a database token where there is no
// database), 503 when a database token cannot be looked up now (the database away): a caller
// must not take that for a revoked token.
asio::awaitable<Refusable<Staff>> authenticate_staff(std::string authorization,
                                                     const std::string& admin_token,
                                                     StaffCache& cache,
                                                     const Notifications& notifications);

// Who calls a staff route, by the request's header: a bearer token, or the session cookie of a
// staff member signed in at /admin (whose calls that change something carry X-CSRF-Token).
asio::awaitable<Refusable<Staff>> check_staff(const Request& header, AdminState& state);

// /admin/v1/session/oidc and .../callback (oidc_sign_in.cpp): signing in with the
// municipality's own accounts through OpenID Connect, when the server file names an issuer.
asio::awaitable<Response> run_oidc_sign_in(const Request& request, RequestContext& context,
                                           AdminState& state);

// /admin/v1/session (staff_session_api.cpp): POST {"token"} signs in (a session cookie, and the
// CSRF value for the calls that change something), GET says who is signed in, DELETE signs out.
asio::awaitable<Response> run_session_api(const Request& request, RequestContext& context,
                                          AdminState& state);

enum class AdminCall {
  reload,
  what_if,
  add_examples,        // unanswered questions as examples of an intent (the additions file)
  ignore_questions,    // unanswered questions set aside
  unignore_questions,  // and taken back
  statistics,
  create_contact,
  import_contacts,
  delete_contact,
  notifications,     // GET: the latest, with their counts; POST: a new one
  count_recipients,  // how many an alert for a topic and area would reach
  composer,          // what the page composes alerts with: topics, languages, the map
  notification,
  unknown
};
asio::awaitable<Response> run_admin(const Request& request, RequestContext& context,
                                    AdminState& state, AdminCall call);

// The staff inbox's WebSocket at /admin/v1/handoffs/ws (staff_socket.cpp), and its path
// without an Upgrade (426).
asio::awaitable<void> run_staff_socket(beast::tcp_stream stream, Request upgrade, AdminState& state,
                                       const config::Limits& limits, ConnectionTracker& tracker);
asio::awaitable<Response> handle_staff_socket_path(const Request& request, RequestContext& context);

// /admin/v1/residents and /admin/v1/audit (privacy_api.cpp): role admin.
asio::awaitable<Response> run_privacy_api(const Request& request, RequestContext& context,
                                          AdminState& state);

// /admin/v1/handoffs[/{id}[:take|:transfer|:release|:close|/messages]] (handoff_api.cpp).
asio::awaitable<Response> run_handoff_api(const Request& request, RequestContext& context,
                                          AdminState& state);

}  // namespace loket::server
