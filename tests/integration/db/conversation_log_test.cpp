// The conversation log against a real PostgreSQL: an entry the database cannot store (a NUL in
// its text) costs only itself; the others of its batch are kept. The statistics over a range of
// days as lived in the municipality's time zone, and per intent: answered, missed, thumbs.
#include <gtest/gtest.h>

#include <boost/json.hpp>
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
    batch.push_back({"web", "nl", "", 0.1, 2.0, text, false, "", ""});
  batch[1].text_redacted = std::string("met een nul\0erin", 16);
  EXPECT_EQ(1u, db::log_messages_keeping_the_good(c, batch));
  EXPECT_EQ("2", db.scalar("SELECT count(*) FROM conversation_log"));
  EXPECT_EQ("eerste vraag,derde vraag",
            db.scalar("SELECT string_agg(text_redacted, ',' ORDER BY id) FROM conversation_log"));
  EXPECT_EQ(0u, db::log_messages_keeping_the_good(c, {batch[0]}));
}

TEST(ConversationLog, StatisticsCoverTheDaysAsLivedInTheMunicipality) {
  TestDatabase db;
  pqxx::connection c(db.url());
  db::migrate(c);
  db.scalar(
      "INSERT INTO conversation_log (at, channel, lang, intent, confidence, fallback, response_ms, "
      "text_redacted, nearest) VALUES "
      // 23:30 UTC on 30 November is 00:30 on 1 December in Amsterdam.
      "('2026-11-30T23:30:00Z', 'web', 'nl', 'paspoort', 0.9, false, 1, 'paspoort kwijt', NULL),"
      "('2026-12-01T10:00:00Z', 'web', 'nl', NULL, 0.2, true, 1, 'pas weg', 'paspoort'),"
      "('2026-12-01T11:00:00Z', 'telegram', 'nl', NULL, 0.1, true, 1, 'voetbal', NULL),"
      "('2026-11-30T12:00:00Z', 'web', 'nl', 'afval', 0.9, false, 1, 'afval', NULL) "
      "RETURNING 1");
  db.scalar(
      "INSERT INTO answer_feedback (at, session, intent, helpful, lang) VALUES "
      "('2026-12-01T12:00:00Z', 's', 'paspoort', true, 'nl'), "
      "('2026-12-01T12:00:00Z', 's', 'paspoort', false, 'nl') RETURNING 1");
  const auto stats = boost::json::parse(db::statistics_json(
                                            c, {"2026-12-01", "2026-12-01", 0, "Europe/Amsterdam"}))
                         .as_object();
  EXPECT_EQ(1, stats.at("days").to_number<int>());
  EXPECT_EQ("2026-12-01", stats.at("from").as_string());
  const auto& days = stats.at("questions_per_day").as_array();
  ASSERT_EQ(2u, days.size()) << stats;  // web and telegram, both on 1 December
  EXPECT_EQ("2026-12-01", days[0].at("day").as_string());
  EXPECT_EQ(2, days[1].at("questions").to_number<int>()) << "the 23:30 UTC question counts";
  const auto& per_intent = stats.at("per_intent").as_array();
  ASSERT_EQ(1u, per_intent.size()) << stats;
  EXPECT_EQ(boost::json::parse(R"({"intent":"paspoort","answered":1,"missed":1,"helpful":1,)"
                               R"("unhelpful":1})"),
            per_intent[0]);

  const auto two_days =
      boost::json::parse(db::statistics_json(c, {"", "2026-12-01", 2, "Europe/Amsterdam"}))
          .as_object();
  EXPECT_EQ("2026-11-30", two_days.at("from").as_string());
  EXPECT_EQ(2u, two_days.at("per_intent").as_array().size()) << two_days;
}

}  // namespace
}  // namespace loket::testing
