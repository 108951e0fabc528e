#include <pqxx/pqxx>

#include <set>

#include "db/migrations.h"

namespace loket::db {
namespace {

// Any fixed number, the same in every loket: one key for "migrating loket's schema".
constexpr long long kMigrationLock = 7345226641;

}  // namespace

namespace {

void advisory(pqxx::connection_base& connection, const char* function) {
  pqxx::nontransaction tx(connection);
  tx.exec(std::string("SELECT ") + function + "(" + std::to_string(kMigrationLock) + ")");
}

// A hosted municipality's connections name its own schema first in their search_path (see
// with_schema()); the first migration there makes it.
void create_named_schema(pqxx::connection_base& connection) {
  pqxx::work tx(connection);
  const auto row = tx.exec1("SELECT current_schema() IS NULL, current_setting('search_path')");
  if (!row[0].as<bool>()) return;
  std::string first = row[1].as<std::string>();
  first = first.substr(0, first.find(','));
  first.erase(0, first.find_first_not_of(" \""));
  first.erase(first.find_last_not_of(" \"") + 1);
  if (first.empty() || first == "$user") return;
  tx.exec("CREATE SCHEMA IF NOT EXISTS " + tx.quote_name(first));
  tx.commit();
}

}  // namespace

std::vector<std::string> migrate(pqxx::connection_base& connection) {
  std::vector<std::string> applied;
  // A session-level lock: it spans the transactions below, and every path releases it (a lock
  // left behind on a pooled connection would block every later migration).
  advisory(connection, "pg_advisory_lock");
  try {
    create_named_schema(connection);
    std::set<int> done;
    {
      pqxx::work tx(connection);
      tx.exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations ("
          " version integer PRIMARY KEY, name text NOT NULL,"
          " applied_at timestamptz NOT NULL DEFAULT now())");
      for (const auto& row : tx.exec("SELECT version FROM schema_migrations"))
        done.insert(row[0].as<int>());
      tx.commit();
    }
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
    try {
      advisory(connection, "pg_advisory_unlock");
    } catch (const std::exception&) {
      // The connection itself failed: its session, and so the lock, is gone with it.
    }
    throw;
  }
  advisory(connection, "pg_advisory_unlock");
  return applied;
}

}  // namespace loket::db
