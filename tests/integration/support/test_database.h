// Test support: a fresh PostgreSQL database per test, made from LOKET_TEST_DATABASE_URL (default
// postgresql:///loket) and dropped afterwards. Not thread-safe; one per test.
#pragma once

#include <string>

namespace loket::testing {

class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  const std::string& url() const { return url_; }
  // Runs SQL and returns the first column of the first row as text ("" when none).
  std::string scalar(const std::string& sql) const;
  // The database away (false: no new connection, and the open ones cut) or back, as an outage
  // looks to loket.
  void allow_connections(bool allowed) const;

 private:
  std::string admin_url_, name_, url_;
};

}  // namespace loket::testing
