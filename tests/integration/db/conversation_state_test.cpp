// Conversation state against a real PostgreSQL: a save is stored only over the version its turn
// read, so of two turns of one conversation at once exactly one is stored and the other learns
// it lost; an overwrite stores regardless, and an expired state reads as none.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include <atomic>
#include <thread>

#include "db/conversation_state_store.h"
#include "db/migrations.h"
#include "test_database.h"

namespace loket::testing {
namespace {

using namespace std::chrono_literals;

db::ConversationStateSave save(const std::string& session, const std::string& state,
                               std::int64_t read_version) {
  db::ConversationStateSave s;
  s.session = session;
  s.state = state;
  s.read_version = read_version;
  return s;
}

TEST(ConversationState, ASaveIsStoredOnlyOverTheVersionItRead) {
  TestDatabase db;
  pqxx::connection c(db.url());
  db::migrate(c);
  auto first = db::exchange_conversation_states(c, {save("s", "one", db::kNoConversationState)},
                                                {"other"}, 60s);
  EXPECT_EQ(1, first.stored.at("s"));
  EXPECT_TRUE(first.loaded.empty());
  auto read = db::exchange_conversation_states(c, {}, {"s"}, 60s);
  EXPECT_EQ("one", read.loaded.at("s").state);
  EXPECT_EQ(1, read.loaded.at("s").version);

  EXPECT_EQ(2, db::exchange_conversation_states(c, {save("s", "two", 1)}, {}, 60s).stored.at("s"));
  // Read at version 1 too, but stored after the other turn: lost, and nothing changed.
  EXPECT_TRUE(db::exchange_conversation_states(c, {save("s", "late", 1)}, {}, 60s).stored.empty());
  EXPECT_TRUE(
      db::exchange_conversation_states(c, {save("s", "new", db::kNoConversationState)}, {}, 60s)
          .stored.empty());
  EXPECT_EQ("two", db.scalar("SELECT state FROM conversation_state WHERE session = 's'"));

  auto forced = db::exchange_conversation_states(
      c, {save("s", "forced", db::kOverwriteConversationState)}, {}, 60s);
  EXPECT_EQ(3, forced.stored.at("s"));
  EXPECT_EQ(1, db::exchange_conversation_states(
                   c, {save("n", "x", db::kOverwriteConversationState)}, {}, 60s)
                   .stored.at("n"));

  // Expired: read as none, and a turn that read none stores over it.
  pqxx::nontransaction(c).exec0(
      "UPDATE conversation_state SET expires_at = now() - interval '1 second'");
  EXPECT_TRUE(db::exchange_conversation_states(c, {}, {"s"}, 60s).loaded.empty());
  EXPECT_EQ(4, db::exchange_conversation_states(c, {save("s", "fresh", db::kNoConversationState)},
                                                {}, 60s)
                   .stored.at("s"));
}

TEST(ConversationState, OfTwoTurnsAtOnceExactlyOneIsStored) {
  TestDatabase db;
  {
    pqxx::connection c(db.url());
    db::migrate(c);
  }
  pqxx::connection a(db.url()), b(db.url());
  constexpr int kRounds = 40;
  for (int round = 0; round < kRounds; ++round) {
    // New conversations (both read none) on even rounds, a stored one on odd rounds.
    std::string session = "c";
    session += std::to_string(round / 2);
    const std::int64_t read = round % 2 == 0 ? db::kNoConversationState : 1;
    std::atomic<int> ready{0};
    std::size_t stored_b = 0;
    std::thread other([&] {
      ++ready;
      while (ready.load() < 2) std::this_thread::yield();
      stored_b =
          db::exchange_conversation_states(b, {save(session, "b", read)}, {}, 60s).stored.size();
    });
    ++ready;
    while (ready.load() < 2) std::this_thread::yield();
    const std::size_t stored_a =
        db::exchange_conversation_states(a, {save(session, "a", read)}, {}, 60s).stored.size();
    other.join();
    EXPECT_EQ(1u, stored_a + stored_b) << "round " << round;
  }
  EXPECT_EQ("2", db.scalar("SELECT max(version) FROM conversation_state"));
}

}  // namespace
}  // namespace loket::testing
