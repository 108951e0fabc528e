// Who is calling the staff API: a bearer token (scripts, and the inbox's socket), or the session
// cookie a staff member got by signing in at /admin. A cookie is sent by the browser whoever made
// the page that calls, so a call with it that changes something must also carry the session's
// CSRF value, which only loket's own pages can read.
#include <boost/beast/core/string.hpp>

#include <algorithm>
#include <functional>

#include "connectors/signatures.h"
#include "db/staff_store.h"
#include "server/admin/staff_session.h"
#include "server/common/db_call.h"
#include "server/common/log.h"

namespace loket::server {
namespace {

constexpr std::size_t kMaxCookieValue = 100;

bool changes_something(http::verb method) {
  return method != http::verb::get && method != http::verb::head && method != http::verb::options;
}

bool plausible_cookie_value(std::string_view value) {
  return value.starts_with("lks_") && value.size() <= kMaxCookieValue &&
         std::all_of(value.begin(), value.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
         });
}

bool over_tls(const Request& request) {
  if (beast::iequals(request["X-Forwarded-Proto"], "https")) return true;
  std::string forwarded(request[http::field::forwarded]);
  std::transform(forwarded.begin(), forwarded.end(), forwarded.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return forwarded.find("proto=https") != std::string::npos;
}

}  // namespace

std::string cookie_of(const Request& request, std::string_view name,
                      const std::function<bool(std::string_view)>& plausible) {
  const auto [first, last] = request.equal_range(http::field::cookie);
  for (auto field = first; field != last; ++field) {
    std::string_view rest = field->value();
    while (!rest.empty()) {
      const std::size_t end = std::min(rest.find(';'), rest.size());
      std::string_view pair = rest.substr(0, end);
      rest.remove_prefix(std::min(end + 1, rest.size()));
      while (pair.starts_with(' ')) pair.remove_prefix(1);
      const std::size_t eq = pair.find('=');
      if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
      const std::string_view value = pair.substr(eq + 1);
      if (plausible(value)) return std::string(value);
    }
  }
  return {};
}

std::string staff_cookie_of(const Request& request) {
  return cookie_of(request, kStaffCookie, plausible_cookie_value);
}

std::string staff_cookie_header(const Request& request, std::string_view base,
                                std::string_view value, std::chrono::seconds max_age) {
  std::string header =
      std::string(kStaffCookie) + "=" + std::string(value) + "; Path=" + std::string(base) +
      "/admin; Max-Age=" + std::to_string(max_age.count()) + "; HttpOnly; SameSite=Strict";
  if (over_tls(request)) header += "; Secure";
  return header;
}

bool from_own_origin(const Request& request) {
  const std::string_view origin = request[http::field::origin];
  if (origin.empty()) return true;
  const std::size_t scheme = origin.find("://");
  if (scheme == std::string_view::npos) return false;
  const std::string_view authority = origin.substr(scheme + 3);
  const std::string_view forwarded_host = request["X-Forwarded-Host"];
  return beast::iequals(authority, request[http::field::host]) ||
         (!forwarded_host.empty() && beast::iequals(authority, forwarded_host));
}

std::vector<std::string> roles_of(std::string_view role) {
  const Staff staff{"", std::string(role)};
  if (staff.may("admin")) return {"admin", "editor", "campaigns", "agent"};
  std::vector<std::string> roles;
  for (const char* one : {"editor", "campaigns", "agent"})
    if (staff.may(one)) roles.emplace_back(one);
  return roles;
}

asio::awaitable<Refusable<std::optional<db::StaffSession>>> find_session(AdminState& state,
                                                                         std::string id,
                                                                         bool active) {
  if (!state.notifications.ready())
    co_return Refusal{503, "signing in needs the database, which is not connected"};
  const auto job = [id, idle = state.limits.staff_session_idle, admin = state.admin_token,
                    active](pqxx::connection_base& c) {
    return db::find_staff_session(c, id, idle, admin, active);
  };
  auto found = co_await db_call(*state.notifications.database, job);
  if (!found) {
    log::warn("staff session lookup failed", {{"error", describe(found.error())}});
    co_return Refusal{503, "the database is not reachable; try again shortly"};
  }
  co_return std::move(*found);
}

asio::awaitable<Refusable<Staff>> authenticate_staff(std::string authorization,
                                                     const std::string& admin_token,
                                                     StaffCache& cache,
                                                     const Notifications& notifications) {
  const Refusal nobody{401, "a valid staff token is required: 'Authorization: Bearer <token>'"};
  constexpr std::string_view kBearer = "Bearer ";
  if (!std::string_view(authorization).starts_with(kBearer)) co_return nobody;
  const std::string token = authorization.substr(kBearer.size());
  if (connectors::verify_secret_token(admin_token, token))
    co_return Staff{"LOKET_ADMIN_TOKEN", "admin"};
  if (!token.starts_with("lkt_") || token.size() > 100) co_return nobody;
  const std::string hash = db::token_hash(token);
  if (auto cached = cache.find(hash)) co_return std::move(*cached);
  if (notifications.database == nullptr) co_return nobody;  // no database, no such tokens
  if (!notifications.ready())
    co_return Refusal{503,
                      "staff tokens are checked in the database, which is not connected; "
                      "try again shortly"};
  const auto job = [token](pqxx::connection_base& c) { return db::find_token(c, token); };
  const auto looked_up = co_await db_call(*notifications.database, job);
  if (!looked_up) {
    log::warn("staff token lookup failed", {{"error", describe(looked_up.error())}});
    co_return Refusal{503, "the database is not reachable; try again shortly"};
  }
  const std::optional<db::StaffToken>& found = *looked_up;
  if (!found) co_return nobody;
  Staff staff{found->name, found->role};
  cache.put(hash, staff);
  co_return staff;
}

asio::awaitable<Refusable<Staff>> check_staff(const Request& header, AdminState& state) {
  const std::string authorization(header[http::field::authorization]);
  if (!authorization.empty()) {
    auto checking = authenticate_staff(authorization, state.admin_token, state.staff_cache,
                                       state.notifications);
    co_return co_await std::move(checking);
  }
  const std::string cookie = staff_cookie_of(header);
  if (cookie.empty())
    co_return Refusal{401,
                      "sign in at /admin, or send a staff token: 'Authorization: Bearer <token>'"};
  auto finding = find_session(state, cookie, header[kBackgroundHeader] != "1");
  Refusable<std::optional<db::StaffSession>> session = co_await std::move(finding);
  if (!session) co_return session.error();
  if (!*session)
    co_return Refusal{401, "the session has ended (signed out, idle for " +
                               std::to_string(state.limits.staff_session_idle.count() / 60) +
                               " minutes, or " +
                               std::to_string(state.limits.staff_session_max.count() / 3600) +
                               " hours after signing in): sign in again"};
  const db::StaffSession& live = **session;
  if (changes_something(header.method()) &&
      !connectors::verify_secret_token(live.csrf, std::string(header["X-CSRF-Token"])))
    co_return Refusal{403,
                      "a call with the session cookie that changes something must carry the "
                      "X-CSRF-Token the sign-in returned"};
  co_return Staff{live.name, live.role};
}

}  // namespace loket::server
