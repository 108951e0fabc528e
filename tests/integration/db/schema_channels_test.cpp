// Municipalities hosted in one database: each one's tables in its own schema, made by its first
// migration, and each one's NOTIFY heard by its own listeners only, over one connection.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include <atomic>
#include <chrono>
#include <thread>

#include "db/chat_mailbox.h"
#include "db/database.h"
#include "db/migrations.h"
#include "db/notification_listener.h"
#include "test_database.h"

namespace loket::testing {
namespace {

using namespace std::chrono_literals;

bool wait_for(const std::atomic<int>& n, int at_least) {
  for (int i = 0; i < 300 && n.load() < at_least; ++i) std::this_thread::sleep_for(10ms);
  return n.load() >= at_least;
}

TEST(SchemaChannels, EachMunicipalityHearsItsOwnAnnouncementsOnly) {
  TestDatabase db;
  const std::string north = db::with_schema(db.url(), "loket_noorderhaven");
  const std::string south = db::with_schema(db.url(), "loket_zuiderdam");
  for (const auto& url : {north, south}) {
    pqxx::connection c(url);
    EXPECT_FALSE(db::migrate(c).empty());
  }
  EXPECT_EQ("2", db.scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'chat_mailbox' AND "
                           "schemaname IN ('loket_noorderhaven', 'loket_zuiderdam')"));

  std::atomic<int> north_heard{0}, south_heard{0}, listening{0};
  db::NotificationListener north_listener(north, db::kChatMailboxChannel,
                                          [&](const std::string& session) {
                                            if (session.empty()) ++listening;
                                            if (session == "s-north") ++north_heard;
                                            if (session == "s-south") north_heard += 100;
                                          });
  db::NotificationListener south_listener(south, db::kChatMailboxChannel,
                                          [&](const std::string& session) {
                                            if (session.empty()) ++listening;
                                            if (session == "s-south") ++south_heard;
                                            if (session == "s-north") south_heard += 100;
                                          });
  // A listener is connected once its first wake-up (an empty payload) has come.
  ASSERT_TRUE(wait_for(listening, 2));
  EXPECT_EQ("1", db.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                           "current_database() AND query LIKE 'LISTEN%'"))
      << "both municipalities listen on one connection";
  for (int i = 0; i < 3; ++i) {
    pqxx::connection c(north);
    db::append_to_chat_mailbox(c, "s-north", {"{}"});
  }
  pqxx::connection c(south);
  db::append_to_chat_mailbox(c, "s-south", {"{}"});
  // A pooler that drops the startup options: the schema set on the connection itself holds.
  pqxx::connection dropped(db.url());
  db::use_schema(dropped, "loket_zuiderdam");
  db::append_to_chat_mailbox(dropped, "s-south", {"{}"});
  ASSERT_TRUE(wait_for(north_heard, 3));
  ASSERT_TRUE(wait_for(south_heard, 2));
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(3, north_heard.load()) << "nothing of Zuiderdam's";
  EXPECT_EQ(2, south_heard.load()) << "nothing of Noorderhaven's";
  EXPECT_EQ("3", db.scalar("SELECT count(*) FROM loket_noorderhaven.chat_mailbox"));
  EXPECT_EQ("2", db.scalar("SELECT count(*) FROM loket_zuiderdam.chat_mailbox"));
  EXPECT_EQ("0", db.scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'chat_mailbox' AND "
                           "schemaname = 'public'"));
}

}  // namespace
}  // namespace loket::testing
