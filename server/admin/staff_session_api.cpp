// /admin/v1/session: a staff member signs in once with a token and the browser holds a session
// cookie the page's scripts cannot read (HttpOnly), sent to /admin only and never from another
// site (SameSite=Strict). The answer's CSRF value is what the page sends with every call that
// changes something. Sign-in and sign-out are audited under the staff member's name.
#include <boost/beast/core/string.hpp>
#include <boost/json.hpp>

#include "db/staff_store.h"
#include "server/admin/staff_call.h"
#include "server/admin/staff_session.h"

namespace loket::server {
namespace {

namespace json = boost::json;

constexpr std::string_view kPath = "/admin/v1/session";

// The municipality the staff pages belong to (its name as residents see it in the chat): in a
// region's deployment, which of them these pages are for.
std::string municipality_of(AdminState& state) {
  return state.content.content.current()->config().widget.name;
}

json::object describe_session(const db::StaffSession& session, const config::Limits& limits,
                              const std::string& municipality) {
  json::array roles;
  for (const std::string& role : roles_of(session.role)) roles.emplace_back(role);
  return json::object{{"name", session.name},
                      {"role", session.role},
                      {"roles", std::move(roles)},
                      {"csrf", session.csrf},
                      {"expires_at", session.expires_at},
                      {"idle_timeout_s", limits.staff_session_idle.count()},
                      {"municipality", municipality}};
}

Response answer(const Request& request, http::status status, const json::value& body,
                std::string cookie = {}) {
  Response res = json_reply(request, status, body);
  res.set(http::field::cache_control, "no-store");
  if (!cookie.empty()) res.set(http::field::set_cookie, cookie);
  return res;
}

Response refuse(const Request& request, const Refusal& refusal) {
  return answer(request, static_cast<http::status>(refusal.status),
                json::object{{"error", refusal.message}});
}

// The token in {"token": "..."}; a refusal naming what is wrong with the body.
Refusable<std::string> token_in(const Request& request) {
  boost::system::error_code ec;
  const json::value body = json::parse(request.body(), ec);
  if (ec) return Refusal{400, "the body is not JSON: send {\"token\": \"<staff token>\"}"};
  const json::object* o = body.if_object();
  const json::value* token = o == nullptr ? nullptr : o->if_contains("token");
  if (token == nullptr || !token->is_string() || token->get_string().empty())
    return Refusal{400, "send {\"token\": \"<staff token>\"}"};
  return std::string(token->get_string());
}

asio::awaitable<Response> sign_in(const Request& request, AdminState& state,
                                  const std::string& base) {
  // Only the site's own page signs in: another site's form (text/plain, no preflight) must not
  // sign a staff member's browser in as someone else.
  if (!from_own_origin(request))
    co_return refuse(request, Refusal{403, "sign in from this site's own /admin page"});
  if (!beast::iequals(request[http::field::content_type].substr(0, 16), "application/json"))
    co_return refuse(request,
                     Refusal{415, "send the token as JSON (Content-Type: application/json)"});
  const Refusable<std::string> token = token_in(request);
  if (!token) co_return refuse(request, token.error());
  if (!state.notifications.ready())
    co_return refuse(request,
                     Refusal{503, "signing in needs the database, which is not connected"});
  auto checking = authenticate_staff("Bearer " + *token, state.admin_token, state.staff_cache,
                                     state.notifications);
  const Refusable<Staff> staff = co_await std::move(checking);
  if (!staff && staff.error().status != 401) co_return refuse(request, staff.error());
  if (!staff) {
    log::info("staff sign-in refused", {{"reason", "unknown or revoked token"}});
    co_return refuse(request, Refusal{401, "this token is not (or no longer) a valid staff token"});
  }
  const std::string id = "lks_" + db::new_token().substr(4);
  const auto job = [id, token = *token, staff = *staff,
                    lifetime = state.limits.staff_session_max](pqxx::connection_base& c) {
    return db::create_staff_session(c, id, token, staff.name, staff.role, lifetime);
  };
  const std::string path(kPath);
  auto creating = staff_database_result(state, job, path);
  const auto session = co_await std::move(creating);
  if (!session) co_return refuse(request, session.error());
  co_await audit_staff_call(state, staff->name, request, path, "", 200);
  log::info("staff signed in", {{"staff", staff->name}, {"role", staff->role}});
  co_return answer(request, http::status::ok,
                   describe_session(*session, state.limits, municipality_of(state)),
                   staff_cookie_header(request, base, id, state.limits.staff_session_max));
}

asio::awaitable<Response> sign_out(const Request& request, AdminState& state,
                                   const std::string& base) {
  const std::string id = staff_cookie_of(request);
  const std::string cleared = staff_cookie_header(request, base, "", std::chrono::seconds(0));
  const json::object done{{"signed_out", true}};
  if (id.empty()) co_return answer(request, http::status::ok, done, cleared);
  auto checking = check_staff(request, state);
  const Refusable<Staff> staff = co_await std::move(checking);
  // An ended session has nothing left to end; a live one is ended only by its own page.
  if (!staff && staff.error().status != 401) co_return refuse(request, staff.error());
  if (staff) {
    const auto job = [id](pqxx::connection_base& c) { return db::end_staff_session(c, id); };
    const std::string path(kPath);
    auto ending = staff_database_result(state, job, path);
    const auto ended = co_await std::move(ending);
    if (!ended) co_return refuse(request, ended.error());
    co_await audit_staff_call(state, staff->name, request, path, "", 200);
    log::info("staff signed out", {{"staff", staff->name}});
  }
  co_return answer(request, http::status::ok, done, cleared);
}

// Not signed in: 401, saying how else one may sign in (the municipality's accounts).
// `base`: a hosted municipality's path prefix: its own sign-in, not the host's first one.
Response not_signed_in(const Request& request, AdminState& state, const std::string& base,
                       std::string why) {
  json::object body{{"error", std::move(why)}, {"municipality", municipality_of(state)}};
  const auto content = state.content.content.current();
  if (const auto& oidc = content->config().oidc)
    body["oidc"] = json::object{{"name", oidc->name}, {"start", base + "/admin/v1/session/oidc"}};
  return answer(request, http::status::unauthorized, body);
}

asio::awaitable<Response> who_is_signed_in(const Request& request, AdminState& state,
                                           const std::string& base) {
  const std::string id = staff_cookie_of(request);
  if (id.empty()) co_return not_signed_in(request, state, base, "not signed in");
  auto finding = find_session(state, id);
  const Refusable<std::optional<db::StaffSession>> session = co_await std::move(finding);
  if (!session) co_return refuse(request, session.error());
  if (!*session)
    co_return not_signed_in(request, state, base, "the session has ended: sign in again");
  co_return answer(request, http::status::ok,
                   describe_session(**session, state.limits, municipality_of(state)));
}

}  // namespace

asio::awaitable<Response> run_session_api(const Request& request, RequestContext& context,
                                          AdminState& state) {
  switch (request.method()) {
    case http::verb::post:
      return sign_in(request, state, context.base_path);
    case http::verb::delete_:
      return sign_out(request, state, context.base_path);
    default:
      return who_is_signed_in(request, state, context.base_path);
  }
}

}  // namespace loket::server
