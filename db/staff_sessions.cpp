#include "db/staff_sessions.h"

#include <pqxx/pqxx>

#include "db/staff_store.h"

namespace loket::db {
namespace {

constexpr const char* kCreate =
    "INSERT INTO staff_sessions (id_hash, name, role, token_hash, csrf, expires_at, via) "
    "VALUES ($1, $2, $3, $4, $5, now() + $6 * interval '1 second', $7) "
    "RETURNING to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
// The session lives while its token does: an active staff token with that hash, or the current
// admin token ($3, empty when there is none).
constexpr const char* kFind =
    "UPDATE staff_sessions s SET last_seen = CASE WHEN $4 THEN now() ELSE s.last_seen END "
    "WHERE s.id_hash = $1 AND s.expires_at > now() "
    "  AND s.last_seen > now() - $2 * interval '1 second' "
    "  AND (s.via = 'oidc' OR s.token_hash = $3 OR EXISTS (SELECT 1 FROM staff_tokens t "
    "       WHERE t.token_hash = s.token_hash AND t.revoked_at IS NULL)) "
    "RETURNING s.name, s.role, s.csrf, "
    "  to_char(s.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
constexpr const char* kEnd = "DELETE FROM staff_sessions WHERE id_hash = $1";
constexpr const char* kPurge = "DELETE FROM staff_sessions WHERE expires_at <= now()";
constexpr const char* kPurgeLogins =
    "DELETE FROM staff_oidc_logins WHERE created_at < now() - interval '10 minutes'";
constexpr const char* kStartLogin =
    "INSERT INTO staff_oidc_logins (state_hash, nonce, verifier) VALUES ($1, $2, $3)";
constexpr const char* kTakeLogin =
    "DELETE FROM staff_oidc_logins WHERE state_hash = $1 "
    "AND created_at > now() - interval '10 minutes' RETURNING nonce, verifier";

}  // namespace

StaffSession create_staff_session(pqxx::connection_base& c, std::string_view id,
                                  std::string_view token, const std::string& name,
                                  const std::string& role, std::chrono::seconds lifetime,
                                  std::string_view via) {
  StaffSession session{name, role, new_token().substr(4), ""};
  pqxx::work tx(c);
  const pqxx::binarystring id_hash(token_hash(id)), from(token_hash(token));
  auto row = tx.exec_params1(kCreate, id_hash, name, role, from, session.csrf,
                             static_cast<long long>(lifetime.count()), std::string(via));
  tx.commit();
  session.expires_at = row[0].as<std::string>();
  return session;
}

std::optional<StaffSession> find_staff_session(pqxx::connection_base& c, std::string_view id,
                                               std::chrono::seconds idle,
                                               std::string_view admin_token, bool active) {
  pqxx::work tx(c);
  const pqxx::binarystring id_hash(token_hash(id));
  // Without an admin token, no hash (every stored one has 32 bytes) matches.
  const pqxx::binarystring admin(admin_token.empty() ? std::string() : token_hash(admin_token));
  auto r = tx.exec_params(kFind, id_hash, static_cast<long long>(idle.count()), admin, active);
  tx.commit();
  if (r.empty()) return std::nullopt;
  return StaffSession{r[0][0].as<std::string>(), r[0][1].as<std::string>(),
                      r[0][2].as<std::string>(), r[0][3].as<std::string>()};
}

bool end_staff_session(pqxx::connection_base& c, std::string_view id) {
  pqxx::work tx(c);
  const pqxx::binarystring id_hash(token_hash(id));
  auto r = tx.exec_params(kEnd, id_hash);
  tx.commit();
  return r.affected_rows() > 0;
}

std::size_t purge_staff_sessions(pqxx::connection_base& c) {
  pqxx::work tx(c);
  auto r = tx.exec(kPurge);
  tx.exec(kPurgeLogins);
  tx.commit();
  return r.affected_rows();
}

void start_oidc_login(pqxx::connection_base& c, std::string_view state, const OidcLogin& login) {
  pqxx::work tx(c);
  const pqxx::binarystring state_hash(token_hash(state));
  tx.exec_params(kStartLogin, state_hash, login.nonce, login.verifier);
  tx.commit();
}

std::optional<OidcLogin> take_oidc_login(pqxx::connection_base& c, std::string_view state) {
  pqxx::work tx(c);
  const pqxx::binarystring state_hash(token_hash(state));
  auto r = tx.exec_params(kTakeLogin, state_hash);
  tx.commit();
  if (r.empty()) return std::nullopt;
  return OidcLogin{r[0][0].as<std::string>(), r[0][1].as<std::string>()};
}

}  // namespace loket::db
