// Staff sessions in PostgreSQL, so that every instance behind a load balancer knows them: a
// session ends when signed out, idle too long, past its absolute end, or when the token it was
// made from is revoked. Blocking: call from a database thread.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace pqxx {
class connection_base;
}

namespace loket::db {

struct StaffSession {
  std::string name;
  std::string role;
  std::string csrf;
  std::string expires_at;  // ISO 8601, UTC
};

// Stores a session for the cookie value `id` (kept as its hash), signed in with `token` (a
// staff token), or `via` "oidc" with the account's issuer and subject as `token`.
StaffSession create_staff_session(pqxx::connection_base& c, std::string_view id,
                                  std::string_view token, const std::string& name,
                                  const std::string& role, std::chrono::seconds lifetime,
                                  std::string_view via = "token");

// A sign-in through OpenID Connect under way: its state (kept as its hash), nonce and PKCE
// verifier, until the issuer sends the browser back (at most ten minutes).
struct OidcLogin {
  std::string nonce, verifier;
};
void start_oidc_login(pqxx::connection_base& c, std::string_view state, const OidcLogin& login);
// The sign-in of `state`, taken (once); none when unknown or older than ten minutes.
std::optional<OidcLogin> take_oidc_login(pqxx::connection_base& c, std::string_view state);

// The live session of cookie value `id`, marked as seen now when `active` (a call the staff
// member made, not a page's own polling); none when it has ended. A session made from a staff
// token lives while that token does; one made from the admin token only while `admin_token`
// (the current one; empty: none) is still that token.
std::optional<StaffSession> find_staff_session(pqxx::connection_base& c, std::string_view id,
                                               std::chrono::seconds idle,
                                               std::string_view admin_token, bool active = true);

// Ends the session of cookie value `id`; whether there was one.
bool end_staff_session(pqxx::connection_base& c, std::string_view id);

// Deletes the sessions past their absolute end, and sign-ins never finished; returns how many
// sessions.
std::size_t purge_staff_sessions(pqxx::connection_base& c);

}  // namespace loket::db
