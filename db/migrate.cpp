#include <pqxx/pqxx>

#include <set>

#include "db/migrations.h"

namespace loket::db {
namespace {

// Any fixed number, the same in every loket: one key for "migrating loket's schema".
constexpr long long kMigrationLock = 7345226641;

}  // namespace

std::vector<std::string> migrate(pqxx::connection_base& connection) {
  std::vector<std::string> applied;
  pqxx::nontransaction session(connection);
  session.exec("SELECT pg_advisory_lock(" + std::to_string(kMigrationLock) + ")");
  try {
    session.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version integer PRIMARY KEY, name text NOT NULL,"
        " applied_at timestamptz NOT NULL DEFAULT now())");
    std::set<int> done;
    for (const auto& row : session.exec("SELECT version FROM schema_migrations"))
      done.insert(row[0].as<int>());
    session.commit();
    for (const auto& m : migrations()) {
      if (done.count(m.version)) continue;
      pqxx::work tx(connection);
      tx.exec(std::string(m.sql));
      tx.exec_params("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", m.version,
                     std::string(m.name));
      tx.commit();
      applied.emplace_back(m.name);
    }
  } catch (...) {
    pqxx::nontransaction unlock(connection);
    unlock.exec("SELECT pg_advisory_unlock(" + std::to_string(kMigrationLock) + ")");
    throw;
  }
  pqxx::nontransaction unlock(connection);
  unlock.exec("SELECT pg_advisory_unlock(" + std::to_string(kMigrationLock) + ")");
  return applied;
}

}  // namespace loket::db
