// Every database statement has a time limit: a runaway query is cancelled by PostgreSQL, the
// job fails with an error its caller handles, and the connection serves the next job.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include <chrono>

#include "db/database.h"
#include "test_database.h"

namespace loket::testing {
namespace {

TEST(StatementTimeout, ARunawayStatementIsCancelledAndTheConnectionServesTheNext) {
  TestDatabase db;
  db::Connection connection(db.url(), std::chrono::seconds(1));
  const auto start = std::chrono::steady_clock::now();
  {
    pqxx::nontransaction tx(connection.get());
    EXPECT_THROW(tx.exec("SELECT pg_sleep(5)"), pqxx::sql_error);
  }
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_LT(waited, std::chrono::seconds(4)) << "cancelled after about a second, not five";
  pqxx::nontransaction next(connection.get());
  EXPECT_EQ("1s", next.exec("SHOW statement_timeout")[0][0].as<std::string>());
  EXPECT_EQ(1, next.exec("SELECT 1")[0][0].as<int>());
}

}  // namespace
}  // namespace loket::testing
