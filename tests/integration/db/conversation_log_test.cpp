// The conversation log against a real PostgreSQL: an entry the database cannot store (a NUL in
// its text) costs only itself; the others of its batch are kept.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "db/conversation_log.h"
#include "db/migrations.h"
#include "test_database.h"

namespace loket::testing {
namespace {

TEST(ConversationLog, AnEntryTheDatabaseRefusesCostsOnlyItself) {
  TestDatabase db;
  pqxx::connection c(db.url());
  db::migrate(c);
  std::vector<db::LoggedMessage> batch;
  for (const char* text : {"eerste vraag", "tweede vraag", "derde vraag"})
    batch.push_back({"web", "nl", "", 0.1, 2.0, text, false, ""});
  batch[1].text_redacted = std::string("met een nul\0erin", 16);
  EXPECT_EQ(1u, db::log_messages_keeping_the_good(c, batch));
  EXPECT_EQ("2", db.scalar("SELECT count(*) FROM conversation_log"));
  EXPECT_EQ("eerste vraag,derde vraag",
            db.scalar("SELECT string_agg(text_redacted, ',' ORDER BY id) FROM conversation_log"));
  EXPECT_EQ(0u, db::log_messages_keeping_the_good(c, {batch[0]}));
}

}  // namespace
}  // namespace loket::testing
