// Schema migrations: the SQL files of db/migrations, compiled into the binary, applied in order
// under a PostgreSQL advisory lock so that instances starting together do not race; applied
// versions are recorded in schema_migrations. Blocking: call from a database thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pqxx {
class connection_base;
}

namespace loket::db {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

const std::vector<Migration>& migrations();

// Applies what is missing; returns the names applied now (empty when up to date).
std::vector<std::string> migrate(pqxx::connection_base& connection);

}  // namespace loket::db
