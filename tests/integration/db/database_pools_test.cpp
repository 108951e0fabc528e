// Hosted municipalities on one database share a pool: each job runs in its own municipality's
// schema and with its statement timeout, whichever municipality the connection served before.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "db/database_pools.h"
#include "db/migrations.h"
#include "test_database.h"

namespace loket::testing {
namespace {

using namespace std::chrono_literals;

// What a job on `database` sees: its schema, tenant and statement timeout, and its backend.
std::string seen_by_a_job(db::Database& database, std::chrono::seconds timeout = 10s) {
  std::promise<std::string> seen;
  database.submit([&seen](db::Connection& c) {
    try {
      pqxx::nontransaction tx(c.get());
      const auto row = tx.exec1(
          "SELECT current_schema() || ' ' || current_setting('loket.tenant', true) || ' ' || "
          "current_setting('statement_timeout') || ' ' || "
          "(SELECT count(*) FROM chat_mailbox)::text, pg_backend_pid()::text");
      seen.set_value(row[0].as<std::string>() + " pid " + row[1].as<std::string>());
    } catch (const std::exception& e) {
      seen.set_value(std::string("failed: ") + e.what());
    }
  });
  auto result = seen.get_future();
  return result.wait_for(timeout) == std::future_status::ready ? result.get() : "no answer";
}

TEST(DatabasePools, MunicipalitiesOnOneDatabaseShareOnePoolEachJobInItsOwnSchema) {
  TestDatabase db;
  const std::string north = db::with_schema(db.url(), "loket_north");
  const std::string south = db::with_schema(db.url(), "loket_south");
  for (const auto& url : {north, south}) {
    pqxx::connection c(url);
    db::migrate(c);
  }
  db.scalar("INSERT INTO loket_south.chat_mailbox (session, frame) VALUES ('s', '{}')");

  db::DatabasePools pools;
  auto databases = pools.open({{north, 1, 0, 7s}, {south, 1, 1, 9s}, {"", 4, 0, 30s}});
  ASSERT_EQ(3u, databases.size());
  ASSERT_TRUE(databases[0] && databases[1]);
  EXPECT_FALSE(databases[2]) << "no URL, no database";
  EXPECT_EQ(north, databases[0]->url());

  std::string backend;
  for (int round = 0; round < 3; ++round) {
    const auto n = seen_by_a_job(*databases[0]);
    const auto s = seen_by_a_job(*databases[1]);
    EXPECT_TRUE(n.starts_with("loket_north loket_north 7s 0 pid ")) << n;
    EXPECT_TRUE(s.starts_with("loket_south loket_south 9s 1 pid ")) << s;
    const auto pid = n.substr(n.rfind(' ') + 1);
    EXPECT_EQ(pid, s.substr(s.rfind(' ') + 1)) << "one connection serves both";
    EXPECT_TRUE(backend.empty() || backend == pid) << "the same connection every round";
    backend = pid;
  }

  // The connection is cut: the next job reconnects and is still in its own schema.
  db.scalar("SELECT pg_terminate_backend(" + backend + ")");
  std::string after = seen_by_a_job(*databases[1]);
  if (after.starts_with("failed")) after = seen_by_a_job(*databases[1]);
  EXPECT_TRUE(after.starts_with("loket_south loket_south 9s 1 pid ")) << after;

  // A job that uses its connection again after it broke gets a new backend from libpqxx: the
  // rest of the job still runs in its own schema, with its own timeout.
  std::promise<std::string> reopened;
  databases[1]->submit([&reopened, &db](db::Connection& c) {
    try {
      auto& connection = c.get();
      const int cut = connection.backendpid();
      db.scalar("SELECT pg_terminate_backend(" + std::to_string(cut) + ")");
      // libpqxx reopens it by itself on the second or third use.
      for (int use = 0; use < 5 && (connection.backendpid() == cut || connection.backendpid() == 0);
           ++use) {
        try {
          pqxx::nontransaction(connection).exec("SELECT 1");
        } catch (const pqxx::broken_connection&) {
        }
      }
      pqxx::nontransaction tx(connection);
      reopened.set_value(
          tx.exec1("SELECT current_schema() || ' ' || current_setting('statement_timeout')")[0]
              .as<std::string>());
    } catch (const std::exception& e) {
      reopened.set_value(e.what());
    }
  });
  auto reopened_schema = reopened.get_future();
  ASSERT_EQ(std::future_status::ready, reopened_schema.wait_for(10s));
  EXPECT_EQ("loket_south 9s", reopened_schema.get());

  // Its pinned worker is its own, in its own schema, set on the connection itself (not only by
  // the URL's startup options, which a pooler may drop).
  std::promise<std::string> pinned;
  databases[1]->submit_pinned(0, [&pinned](db::Connection& c) {
    try {
      pqxx::nontransaction tx(c.get());
      pinned.set_value(tx.exec1("SELECT current_schema() || ' ' || source FROM pg_settings "
                                "WHERE name = 'search_path'")[0]
                           .as<std::string>());
    } catch (const std::exception& e) {
      pinned.set_value(e.what());
    }
  });
  auto pinned_schema = pinned.get_future();
  ASSERT_EQ(std::future_status::ready, pinned_schema.wait_for(10s));
  EXPECT_EQ("loket_south session", pinned_schema.get());

  // One municipality stopped while a job of its waits behind another's: the waiting job (and
  // what it holds, its caller's handler) is gone when shutdown() returns.
  std::promise<void> started, release;
  auto released = release.get_future().share();
  databases[1]->submit([&started, released](db::Connection&) {
    started.set_value();
    released.wait();
  });
  started.get_future().wait();
  const auto held = std::make_shared<int>(0);
  bool ran = false;
  databases[0]->submit([held, &ran](db::Connection&) { ran = true; });
  EXPECT_EQ(2, held.use_count()) << "queued behind the other's";
  std::thread stopping([&databases] { databases[0]->shutdown(); });
  std::this_thread::sleep_for(200ms);
  release.set_value();
  stopping.join();
  EXPECT_EQ(1, held.use_count()) << "dropped before shutdown() returned";
  EXPECT_FALSE(ran);

  // One municipality stopped: its jobs no longer run, the other's still do.
  databases[0]->shutdown();
  EXPECT_EQ("no answer", seen_by_a_job(*databases[0], 1s));
  EXPECT_TRUE(seen_by_a_job(*databases[1]).starts_with("loket_south ")) << "the pool goes on";
  databases[1]->shutdown();
}

}  // namespace
}  // namespace loket::testing
