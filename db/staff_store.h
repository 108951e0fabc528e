// Staff tokens and the audit trail, in PostgreSQL. Tokens are random, shown once, and stored as
// SHA-256 hashes; roles are editor (content, reload, statistics), campaigns (notifications) and
// admin (everything). Blocking: call from a database thread or a command-line tool.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pqxx {
class connection_base;
}

namespace loket::db {

struct StaffToken {
  std::int64_t id = 0;
  std::string name;
  std::string role;
  std::string created_at;
  bool revoked = false;
};

// A new random token (printable, 43+4 characters); its hash is what is stored.
std::string new_token();
std::string token_hash(std::string_view token);  // SHA-256, raw bytes

bool is_role(std::string_view role);

// Nothing when a token that is not revoked has that name already: the name is who acts in the
// audit log, what a handoff is transferred to and what `token revoke` takes.
std::optional<std::int64_t> create_token(pqxx::connection_base& c, const std::string& name,
                                         const std::string& role, const std::string& token);
std::vector<StaffToken> list_tokens(pqxx::connection_base& c);
// Revokes the tokens of that name; returns how many.
std::size_t revoke_token(pqxx::connection_base& c, const std::string& name);
// The active token with this value, if any.
std::optional<StaffToken> find_token(pqxx::connection_base& c, std::string_view token);

// With `unless_within` above zero, nothing is written when the same actor had the same action,
// target and outcome written that recently (a page refreshing what it shows every few seconds).
void audit(pqxx::connection_base& c, const std::string& actor, const std::string& action,
           const std::string& target, int outcome,
           std::chrono::seconds unless_within = std::chrono::seconds{0});
// The audit log newest first: `limit` entries with an id below `before` (0: from the newest), as
// JSON {"entries": [{"id", "at", "actor", "action", "target", "outcome"}], "next_before"};
// next_before is null on the last page.
std::string audit_page(pqxx::connection_base& c, std::int64_t before, std::int64_t limit);

}  // namespace loket::db
