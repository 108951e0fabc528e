// Staff sign in with the municipality's own accounts: OpenID Connect's authorization code flow
// with PKCE. /admin/v1/session/oidc sends the browser to the issuer with a fresh state, nonce
// and code challenge (kept in PostgreSQL, so any instance can take the answer; the state also
// in a short cookie, so that only the browser that started can finish); the issuer sends it
// back to .../callback with a code, which loket exchanges (with its client secret and the
// verifier) for an ID token, checks, and turns into the same session a staff token gives. The
// account's roles or groups decide loket's roles (oidc.roles).
#include <boost/json.hpp>
#include <boost/url.hpp>

#include <chrono>
#include <set>

#include "connectors/crypto.h"
#include "connectors/id_token.h"
#include "db/staff_store.h"
#include "server/admin/staff_call.h"
#include "server/admin/staff_session.h"

namespace loket::server {
namespace {

namespace json = boost::json;

constexpr std::string_view kStateCookie = "loket_oidc";
constexpr std::string_view kCallbackPath = "/admin/v1/session/oidc/callback";

Response redirect(const Request& request, const std::string& location) {
  Response res = make_response(http::status::found, request, "text/plain", "");
  res.set(http::field::location, location);
  res.set(http::field::cache_control, "no-store");
  return res;
}

// Back to the dashboard, which says why signing in did not work (?sign_in=REASON).
// `base`: a hosted municipality's path prefix ("/m/{id}"), or empty.
Response back_to_sign_in(const Request& request, const std::string& base, std::string_view reason,
                         const std::string& why) {
  log::warn("staff oidc sign-in refused", {{"reason", std::string(reason)}, {"detail", why}});
  return redirect(request, base + "/admin?sign_in=" + std::string(reason));
}

std::string random_token() {
  return connectors::base64url_encode(connectors::random_bytes(32));
}

// The claim at a dotted path ("realm_access.roles" for Keycloak), as strings.
std::vector<std::string> claim_strings(const json::object& claims, const std::string& path) {
  const json::value* at = nullptr;
  const json::object* in = &claims;
  for (std::size_t from = 0; in != nullptr;) {
    const std::size_t dot = std::min(path.find('.', from), path.size());
    at = in->if_contains(std::string_view(path).substr(from, dot - from));
    if (at == nullptr || dot == path.size()) break;
    in = at->if_object();
    from = dot + 1;
  }
  std::vector<std::string> out;
  if (at == nullptr) return out;
  if (at->is_string()) out.emplace_back(at->get_string());
  if (at->is_array())
    for (const auto& v : at->get_array())
      if (v.is_string()) out.emplace_back(v.get_string());
  return out;
}

asio::awaitable<Response> start(const Request& request, AdminState& state,
                                const config::OidcSettings& oidc, const std::string& base) {
  if (!state.notifications.ready())
    co_return json_reply(request, http::status::service_unavailable,
                         json::object{{"error",
                                       "signing in needs the database, which is not "
                                       "connected"}});
  auto finding = state.oidc.endpoints(oidc.issuer);
  const Refusable<IssuerEndpoints> endpoints = co_await std::move(finding);
  if (!endpoints)
    co_return back_to_sign_in(request, base, "unreachable", endpoints.error().message);
  const std::string sign_in = random_token();
  const db::OidcLogin login{random_token(), random_token()};
  const auto job = [sign_in, login](pqxx::connection_base& c) {
    db::start_oidc_login(c, sign_in, login);
    return true;
  };
  const std::string path(kCallbackPath);
  auto starting = staff_database_result(state, job, path);
  const auto started = co_await std::move(starting);
  if (!started)
    co_return json_reply(request, static_cast<http::status>(started.error().status),
                         json::object{{"error", started.error().message}});
  auto url = boost::urls::parse_uri(endpoints->authorization);
  if (!url)
    co_return back_to_sign_in(request, base, "unreachable", "authorization endpoint is no URL");
  boost::urls::url to(*url);
  to.params().append({"response_type", "code"});
  to.params().append({"client_id", oidc.client_id});
  to.params().append({"redirect_uri", oidc.redirect_uri});
  to.params().append({"scope", "openid profile email"});
  to.params().append({"state", sign_in});
  to.params().append({"nonce", login.nonce});
  to.params().append(
      {"code_challenge", connectors::base64url_encode(connectors::sha256(login.verifier))});
  to.params().append({"code_challenge_method", "S256"});
  Response res = redirect(request, std::string(to.buffer()));
  // Lax, not Strict: the issuer's redirect back is a top-level navigation from its site.
  std::string cookie = std::string(kStateCookie) + "=" + sign_in + "; Path=" + base +
                       "/admin/v1/session/oidc; Max-Age=600; HttpOnly; SameSite=Lax";
  if (staff_cookie_header(request, base, "", std::chrono::seconds(0)).ends_with("; Secure"))
    cookie += "; Secure";
  res.set(http::field::set_cookie, cookie);
  co_return res;
}

asio::awaitable<Response> finish(const Request& request, AdminState& state,
                                 const config::OidcSettings& oidc, const std::string& base) {
  auto target = boost::urls::parse_origin_form(request.target());
  std::string code, sign_in, error;
  if (target)
    for (const auto& p : target->params()) {
      if (p.key == "code") code = p.value;
      if (p.key == "state") sign_in = p.value;
      if (p.key == "error") error = p.value;
    }
  if (!error.empty())
    co_return back_to_sign_in(request, base, "refused", "the issuer said " + error);
  const std::string started = cookie_of(request, kStateCookie, [](std::string_view v) {
    return !v.empty() && v.size() <= 100 &&
           v.find_first_not_of(
               "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
               std::string_view::npos;
  });
  if (code.empty() || sign_in.empty() || started.empty() ||
      !connectors::constant_time_equal(started, sign_in))
    co_return back_to_sign_in(request, base, "expired", "no state, or not this browser's");
  if (!state.notifications.ready())
    co_return back_to_sign_in(request, base, "unreachable", "the database is not connected");
  const auto take = [sign_in](pqxx::connection_base& c) { return db::take_oidc_login(c, sign_in); };
  const std::string path(kCallbackPath);
  auto taking = staff_database_result(state, take, path);
  const auto taken = co_await std::move(taking);
  if (!taken) co_return back_to_sign_in(request, base, "unreachable", taken.error().message);
  const std::optional<db::OidcLogin>& login = *taken;
  if (!login) co_return back_to_sign_in(request, base, "expired", "unknown or used state");

  auto finding = state.oidc.endpoints(oidc.issuer);
  const Refusable<IssuerEndpoints> endpoints = co_await std::move(finding);
  if (!endpoints)
    co_return back_to_sign_in(request, base, "unreachable", endpoints.error().message);
  boost::urls::url form("x:");
  form.params().append({"grant_type", "authorization_code"});
  form.params().append({"code", code});
  form.params().append({"redirect_uri", oidc.redirect_uri});
  form.params().append({"client_id", oidc.client_id});
  form.params().append({"client_secret", oidc.client_secret});
  form.params().append({"code_verifier", login->verifier});
  connectors::HttpRequest exchange;
  exchange.method = "POST";
  exchange.url = endpoints->token;
  exchange.content_type = "application/x-www-form-urlencoded";
  exchange.body = std::string(form.encoded_query());
  exchange.headers.emplace_back("Accept", "application/json");
  auto sending = state.oidc.http().send(std::move(exchange));
  const auto answered = co_await std::move(sending);
  if (!answered || answered->status != 200)
    co_return back_to_sign_in(request, base, "refused",
                              answered
                                  ? "token endpoint answered " + std::to_string(answered->status)
                                  : "token endpoint: " + answered.error().message());
  boost::system::error_code ec;
  const json::value tokens = json::parse(answered->body, ec);
  const json::value* id_token =
      ec || !tokens.is_object() ? nullptr : tokens.as_object().if_contains("id_token");
  if (id_token == nullptr || !id_token->is_string())
    co_return back_to_sign_in(request, base, "refused",
                              "no id_token in the token endpoint's answer");
  const std::string token(id_token->get_string());

  auto getting = state.oidc.keys(endpoints->jwks, false);
  Refusable<json::value> keys = co_await std::move(getting);
  if (keys && !connectors::id_token_key_known(token, *keys)) {
    auto again = state.oidc.keys(endpoints->jwks, true);
    keys = co_await std::move(again);
  }
  if (!keys) co_return back_to_sign_in(request, base, "unreachable", keys.error().message);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const auto claims = connectors::verify_id_token(
      token, *keys, {oidc.issuer, oidc.client_id, login->nonce, static_cast<std::int64_t>(now)});
  if (!claims) co_return back_to_sign_in(request, base, "refused", "ID token: " + claims.error());

  std::set<std::string> roles;
  for (const auto& value : claim_strings(*claims, oidc.roles_claim))
    if (auto it = oidc.roles.find(value); it != oidc.roles.end()) roles.insert(it->second);
  // The staff member's name is who they are to loket (the audit, whose conversation it is): the
  // account's unique login, never its display name, which two people may share or one may edit.
  std::string name;
  for (const char* claim : {"preferred_username", "email"})
    if (name.empty())
      if (auto values = claim_strings(*claims, claim); !values.empty()) name = values.front();
  if (name.empty()) name = "oidc:" + claim_strings(*claims, "sub").front();
  name = name.substr(0, 200);
  if (roles.empty()) co_return back_to_sign_in(request, base, "no-role", "account '" + name + "'");
  std::string role;
  for (const auto& r : roles) role += (role.empty() ? "" : " ") + r;

  const std::string id = "lks_" + db::new_token().substr(4);
  const std::string account = "oidc:" + oidc.issuer + "|" + claim_strings(*claims, "sub").front();
  const auto create = [id, account, name, role,
                       lifetime = state.limits.staff_session_max](pqxx::connection_base& c) {
    return db::create_staff_session(c, id, account, name, role, lifetime, "oidc");
  };
  auto creating = staff_database_result(state, create, path);
  const auto created = co_await std::move(creating);
  if (!created) co_return back_to_sign_in(request, base, "unreachable", created.error().message);
  co_await audit_staff_call(state, name, request, path, "", 302);
  log::info("staff signed in", {{"staff", name}, {"role", role}, {"via", "oidc"}});
  Response res = redirect(request, base + "/admin");
  res.insert(http::field::set_cookie,
             staff_cookie_header(request, base, id, state.limits.staff_session_max));
  res.insert(http::field::set_cookie, std::string(kStateCookie) + "=; Path=" + base +
                                          "/admin/v1/session/oidc; Max-Age=0; HttpOnly");
  co_return res;
}

}  // namespace

asio::awaitable<Response> run_oidc_sign_in(const Request& request, RequestContext& context,
                                           AdminState& state) {
  const auto content = state.content.content.current();
  const auto& oidc = content->config().oidc;
  if (!oidc)
    co_return json_reply(request, http::status::not_found,
                         json::object{{"error",
                                       "no OpenID Connect sign-in is configured (oidc in "
                                       "the server file)"}});
  auto target = boost::urls::parse_origin_form(request.target());
  if (target && target->path() == kCallbackPath)
    co_return co_await finish(request, state, *oidc, context.base_path);
  co_return co_await start(request, state, *oidc, context.base_path);
}

}  // namespace loket::server
