// Listeners on one database server share a connection: one that goes hears nothing more, the
// others go on hearing, a new channel is taken up, and all of them hear again after the
// connection was cut.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include <atomic>
#include <memory>

#include "db/notification_listener.h"
#include "server_process.h"
#include "test_database.h"

namespace loket::testing {
namespace {

bool wait_for(const std::atomic<int>& n, int at_least) {
  return wait_until([&] { return n.load() >= at_least; });
}

TEST(NotificationListener, ListenersComeAndGoOnOneConnectionThatComesBackWhenCut) {
  TestDatabase db;
  std::atomic<int> first_woken{0}, first_heard{0}, second_woken{0}, second_heard{0};
  auto first = std::make_unique<db::NotificationListener>(
      db.url(), "loket_test",
      [&](const std::string& payload) { ++(payload.empty() ? first_woken : first_heard); });
  db::NotificationListener second(db.url(), "loket_test", [&](const std::string& payload) {
    ++(payload.empty() ? second_woken : second_heard);
  });
  ASSERT_TRUE(wait_for(first_woken, 1));
  ASSERT_TRUE(wait_for(second_woken, 1));
  const auto notify = [&db] { db.scalar("SELECT pg_notify('loket_test', 'x')"); };
  notify();
  ASSERT_TRUE(wait_for(first_heard, 1));
  ASSERT_TRUE(wait_for(second_heard, 1));

  first.reset();
  notify();
  ASSERT_TRUE(wait_for(second_heard, 2));
  EXPECT_EQ(1, first_heard.load()) << "a listener that went hears nothing more";

  // A channel asked for once the connection listens is taken up, and given up when let go.
  std::atomic<int> other_woken{0}, other_heard{0};
  auto other = std::make_unique<db::NotificationListener>(
      db.url(), "loket_other",
      [&](const std::string& payload) { ++(payload.empty() ? other_woken : other_heard); });
  ASSERT_TRUE(wait_for(other_woken, 1));
  db.scalar("SELECT pg_notify('loket_other', 'y')");
  ASSERT_TRUE(wait_for(other_heard, 1));
  EXPECT_EQ(2, second_heard.load()) << "each hears its own channel";
  other.reset();
  EXPECT_TRUE(wait_until([&db] {
    return db.scalar(
               "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
               "query = 'UNLISTEN \"loket_other\"'") == "1";
  }));

  const std::string listening =
      "FROM pg_stat_activity WHERE datname = current_database() AND "
      "(query LIKE 'LISTEN %' OR query LIKE 'UNLISTEN %')";
  EXPECT_EQ("1", db.scalar("SELECT count(*) " + listening));
  db.scalar("SELECT count(pg_terminate_backend(pid)) " + listening);
  ASSERT_TRUE(wait_for(second_woken, 2)) << "woken again to look at everything it missed";
  notify();
  EXPECT_TRUE(wait_for(second_heard, 3)) << "and listening again";
  EXPECT_EQ(1, first_woken.load());
}

}  // namespace
}  // namespace loket::testing
