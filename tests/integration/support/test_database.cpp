#include "test_database.h"

#include <pqxx/pqxx>

#include <cstdlib>
#include <random>

namespace loket::testing {

namespace {

std::string with_database(std::string_view url, std::string_view name) {
  // postgresql:///loket or postgresql://host/loket?params -> same with another database name.
  const auto slash = url.find('/', url.find("://") + 3);
  const auto query = url.find('?', slash);
  std::string out(url.substr(0, slash + 1));
  out.append(name);
  if (query != std::string_view::npos) out.append(url.substr(query));
  return out;
}

}  // namespace

TestDatabase::TestDatabase() {
  const char* env = std::getenv("LOKET_TEST_DATABASE_URL");
  admin_url_ = env != nullptr && *env != '\0' ? env : "postgresql:///loket";
  name_ = "loket_test_";  // (not "literal" + string: GCC 12 warns falsely at -O3)
  name_ += std::to_string(std::random_device{}());
  pqxx::connection c(admin_url_);
  pqxx::nontransaction tx(c);
  std::string create = "CREATE DATABASE ";
  create += tx.quote_name(name_);
  tx.exec(create);
  url_ = with_database(admin_url_, name_);
}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection c(admin_url_);
    pqxx::nontransaction tx(c);
    tx.exec_params("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
                   name_);
    std::string drop = "DROP DATABASE IF EXISTS ";
    drop += tx.quote_name(name_);
    tx.exec(drop);
  } catch (const std::exception&) {
    // A leftover test database is harmless; the next run uses a new name.
  }
}

void TestDatabase::allow_connections(bool allowed) const {
  pqxx::connection c(admin_url_);
  pqxx::nontransaction tx(c);
  tx.exec("ALTER DATABASE " + tx.quote_name(name_) + " ALLOW_CONNECTIONS " +
          (allowed ? "true" : "false"));
  if (!allowed)
    tx.exec_params("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
                   name_);
}

std::string TestDatabase::scalar(const std::string& sql) const {
  pqxx::connection c(url_);
  pqxx::nontransaction tx(c);
  auto r = tx.exec(sql);
  if (r.empty() || r[0][0].is_null()) return "";
  return r[0][0].as<std::string>();
}

}  // namespace loket::testing
