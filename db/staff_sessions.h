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

// Stores a session for the cookie value `id` (kept as its hash), signed in with `token`.
StaffSession create_staff_session(pqxx::connection_base& c, std::string_view id,
                                  std::string_view token, const std::string& name,
                                  const std::string& role, std::chrono::seconds lifetime);

// The live session of cookie value `id`, marked as seen now; none when it has ended. A session
// made from a staff token lives while that token does; one made from the admin token only while
// `admin_token` (the current one; empty: none) is still that token.
std::optional<StaffSession> find_staff_session(pqxx::connection_base& c, std::string_view id,
                                               std::chrono::seconds idle,
                                               std::string_view admin_token);

// Ends the session of cookie value `id`; whether there was one.
bool end_staff_session(pqxx::connection_base& c, std::string_view id);

// Deletes the sessions past their absolute end; returns how many.
std::size_t purge_staff_sessions(pqxx::connection_base& c);

}  // namespace loket::db
