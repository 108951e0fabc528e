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
  const std::int64_t v1 = first.stored.at("s");
  EXPECT_GT(v1, 0);
  EXPECT_TRUE(first.loaded.empty());
  auto read = db::exchange_conversation_states(c, {}, {"s"}, 60s);
  EXPECT_EQ("one", read.loaded.at("s").state);
  EXPECT_EQ(v1, read.loaded.at("s").version);

  const std::int64_t v2 =
      db::exchange_conversation_states(c, {save("s", "two", v1)}, {}, 60s).stored.at("s");
  EXPECT_NE(v2, v1);
  EXPECT_EQ(v2, db::exchange_conversation_states(c, {}, {"s"}, 60s).loaded.at("s").version);
  // Read at the first version too, but stored after the other turn: lost, and nothing changed.
  EXPECT_TRUE(db::exchange_conversation_states(c, {save("s", "late", v1)}, {}, 60s).stored.empty());
  EXPECT_TRUE(
      db::exchange_conversation_states(c, {save("s", "new", db::kNoConversationState)}, {}, 60s)
          .stored.empty());
  EXPECT_EQ("two", db.scalar("SELECT state FROM conversation_state WHERE session = 's'"));

  auto forced = db::exchange_conversation_states(
      c, {save("s", "forced", db::kOverwriteConversationState)}, {}, 60s);
  EXPECT_NE(forced.stored.at("s"), v2);
  EXPECT_EQ("forced", db.scalar("SELECT state FROM conversation_state WHERE session = 's'"));
  EXPECT_GT(db::exchange_conversation_states(c, {save("n", "x", db::kOverwriteConversationState)},
                                             {}, 60s)
                .stored.at("n"),
            0);

  // Expired: read as none, and a turn that read none stores over it.
  pqxx::nontransaction(c).exec0(
      "UPDATE conversation_state SET expires_at = now() - interval '1 second'");
  EXPECT_TRUE(db::exchange_conversation_states(c, {}, {"s"}, 60s).loaded.empty());
  EXPECT_EQ(1u, db::exchange_conversation_states(c, {save("s", "fresh", db::kNoConversationState)},
                                                 {}, 60s)
                    .stored.count("s"));
}

TEST(ConversationState, AnOldCopyCannotWriteBackAfterItsRowWasMadeAgain) {
  TestDatabase db;
  pqxx::connection c(db.url());
  db::migrate(c);
  const auto v1 =
      db::exchange_conversation_states(c, {save("s", "before", db::kNoConversationState)}, {}, 60s)
          .stored.at("s");
  pqxx::nontransaction(c).exec0("DELETE FROM conversation_state");  // erased, or purged
  db::exchange_conversation_states(c, {save("s", "after", db::kNoConversationState)}, {}, 60s);
  // An instance's old copy, read at the first version, cannot write the erased state back.
  EXPECT_TRUE(
      db::exchange_conversation_states(c, {save("s", "before", v1)}, {}, 60s).stored.empty());
  EXPECT_EQ("after", db.scalar("SELECT state FROM conversation_state WHERE session = 's'"));
}

TEST(ConversationState, ManySavesAndLoadsTravelInOneStatement) {
  TestDatabase db;
  pqxx::connection c(db.url());
  db::migrate(c);
  // A resident's text with the separator in it, as serialised JSON carries it: escaped.
  const std::string tricky = R"({"q":"a\u001fb \"quoted\" \\ back"})";
  std::vector<db::ConversationStateSave> saves;
  for (int i = 0; i < 5; ++i) {
    std::string session = "m";
    session += std::to_string(i);
    saves.push_back(save(session, i == 2 ? tricky : "state " + session, db::kNoConversationState));
  }
  const auto stored = db::exchange_conversation_states(c, saves, {"m9"}, 60s);
  EXPECT_EQ(5u, stored.stored.size());
  EXPECT_TRUE(stored.loaded.empty());
  const auto read = db::exchange_conversation_states(c, {}, {"m0", "m2", "m4", "m9"}, 60s);
  ASSERT_EQ(3u, read.loaded.size());
  EXPECT_EQ("state m0", read.loaded.at("m0").state);
  EXPECT_EQ(tricky, read.loaded.at("m2").state);
  EXPECT_EQ("state m4", read.loaded.at("m4").state);
  for (const char* session : {"m0", "m2", "m4"})
    EXPECT_EQ(stored.stored.at(session), read.loaded.at(session).version) << session;
  // Saves and loads of other conversations in one statement: each save keeps its own version.
  const auto mixed = db::exchange_conversation_states(
      c, {save("m1", "one", stored.stored.at("m1")), save("m3", "three", 12345)}, {"m0"}, 60s);
  EXPECT_EQ(1u, mixed.stored.count("m1"));
  EXPECT_EQ(0u, mixed.stored.count("m3")) << "read at a version it never had";
  EXPECT_EQ("state m0", mixed.loaded.at("m0").state);
  // A session holding the separator is refused before anything is sent.
  EXPECT_THROW(db::exchange_conversation_states(c, {save("bad\x1fsession", "x", 0)}, {}, 60s),
               std::invalid_argument);
}

TEST(ConversationState, AnOverwriteIsStoredEvenWhenAnotherTurnMadeTheRowAtOnce) {
  TestDatabase db;
  {
    pqxx::connection c(db.url());
    db::migrate(c);
  }
  pqxx::connection a(db.url()), b(db.url());
  for (int round = 0; round < 20; ++round) {
    std::string session = "o";
    session += std::to_string(round);
    std::atomic<int> ready{0};
    std::size_t stored_b = 0;
    std::thread other([&] {
      ++ready;
      while (ready.load() < 2) std::this_thread::yield();
      stored_b = db::exchange_conversation_states(
                     b, {save(session, "forced", db::kOverwriteConversationState)}, {}, 60s)
                     .stored.size();
    });
    ++ready;
    while (ready.load() < 2) std::this_thread::yield();
    db::exchange_conversation_states(a, {save(session, "new", db::kNoConversationState)}, {}, 60s);
    other.join();
    EXPECT_EQ(1u, stored_b) << "round " << round;
  }
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
    const std::int64_t read =
        round % 2 == 0
            ? db::kNoConversationState
            : std::stoll(db.scalar("SELECT version FROM conversation_state WHERE session = '" +
                                   session + "'"));
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
  EXPECT_EQ("20", db.scalar("SELECT count(*) FROM conversation_state"));
}

}  // namespace
}  // namespace loket::testing
