#include "db/staff_store.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <pqxx/pqxx>

#include <stdexcept>

namespace loket::db {
namespace {

constexpr const char* kCreate =
    "INSERT INTO staff_tokens (name, role, token_hash) VALUES ($1, $2, $3) RETURNING id";
constexpr const char* kActiveName =
    "SELECT 1 FROM staff_tokens WHERE name = $1 AND revoked_at IS NULL";
constexpr const char* kList =
    "SELECT id, name, role, to_char(created_at, 'YYYY-MM-DD HH24:MI'), revoked_at IS NOT NULL "
    "FROM staff_tokens ORDER BY id";
constexpr const char* kRevoke =
    "UPDATE staff_tokens SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL";
constexpr const char* kFind =
    "SELECT id, name, role FROM staff_tokens WHERE token_hash = $1 AND revoked_at IS NULL";
constexpr const char* kAudit =
    "INSERT INTO audit_log (actor, action, target, outcome) VALUES ($1, $2, $3, $4)";
constexpr const char* kAuditUnlessRecent =
    "INSERT INTO audit_log (actor, action, target, outcome) SELECT $1::text, $2::text, $3::text, "
    "$4::integer WHERE NOT EXISTS (SELECT 1 FROM audit_log WHERE at > now() - "
    "make_interval(secs => $5::float8) "
    "AND actor = $1 AND action = $2 AND target IS NOT DISTINCT FROM $3 AND outcome = $4)";

}  // namespace

std::string new_token() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string token = "lkt_";
  for (unsigned char b : bytes) token += kAlphabet[b & 63];  // 32 x 6 bits
  return token;
}

std::string token_hash(std::string_view token) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(token.data(), token.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  return std::string(reinterpret_cast<const char*>(digest), length);
}

bool is_role(std::string_view role) {
  return role == "editor" || role == "campaigns" || role == "agent" || role == "admin";
}

std::optional<std::int64_t> create_token(pqxx::connection_base& c, const std::string& name,
                                         const std::string& role, const std::string& token) {
  pqxx::work tx(c);
  // Two creations of one name at once: the second waits for the first, then sees it.
  tx.exec("LOCK TABLE staff_tokens IN SHARE ROW EXCLUSIVE MODE");
  if (!tx.exec_params(kActiveName, name).empty()) return std::nullopt;
  const pqxx::binarystring hash(token_hash(token));
  auto row = tx.exec_params1(kCreate, name, role, hash);
  tx.commit();
  return row[0].as<std::int64_t>();
}

std::vector<StaffToken> list_tokens(pqxx::connection_base& c) {
  pqxx::read_transaction tx(c);
  std::vector<StaffToken> out;
  for (const auto& r : tx.exec(kList))
    out.push_back({r[0].as<std::int64_t>(), r[1].as<std::string>(), r[2].as<std::string>(),
                   r[3].as<std::string>(), r[4].as<bool>()});
  return out;
}

std::size_t revoke_token(pqxx::connection_base& c, const std::string& name) {
  pqxx::work tx(c);
  auto r = tx.exec_params(kRevoke, name);
  tx.commit();
  return r.affected_rows();
}

std::optional<StaffToken> find_token(pqxx::connection_base& c, std::string_view token) {
  pqxx::read_transaction tx(c);
  const pqxx::binarystring hash(token_hash(token));
  auto r = tx.exec_params(kFind, hash);
  if (r.empty()) return std::nullopt;
  return StaffToken{r[0][0].as<std::int64_t>(), r[0][1].as<std::string>(),
                    r[0][2].as<std::string>(), "", false};
}

void audit(pqxx::connection_base& c, const std::string& actor, const std::string& action,
           const std::string& target, int outcome, std::chrono::seconds unless_within) {
  pqxx::work tx(c);
  if (unless_within.count() > 0)
    tx.exec_params(kAuditUnlessRecent, actor, action, target, outcome,
                   static_cast<double>(unless_within.count()));
  else
    tx.exec_params(kAudit, actor, action, target, outcome);
  tx.commit();
}

std::string audit_page(pqxx::connection_base& c, std::int64_t before, std::int64_t limit) {
  pqxx::read_transaction tx(c);
  return tx
      .exec_params1(
          "WITH page AS (SELECT id, to_char(at AT TIME ZONE 'UTC', "
          "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS at, actor, action, target, outcome "
          "FROM audit_log WHERE ($1 = 0 OR id < $1) ORDER BY id DESC LIMIT $2) "
          "SELECT jsonb_build_object('entries', COALESCE((SELECT jsonb_agg(p ORDER BY p.id DESC) "
          "FROM page p), '[]'), 'next_before', CASE WHEN (SELECT count(*) FROM page) = $2 "
          "THEN (SELECT min(id) FROM page) END)::text",
          before, limit)[0]
      .as<std::string>();
}

}  // namespace loket::db
