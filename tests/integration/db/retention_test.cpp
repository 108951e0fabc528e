// Retention against a real PostgreSQL: what nobody needs any more is deleted on time (contacts with
// nothing to receive, settled deliveries, old audit entries), and nothing that is still in use.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "db/migrations.h"
#include "db/resident_data.h"
#include "test_database.h"

namespace loket::testing {
namespace {

TEST(Retention, DeletesWhatNobodyNeedsAndKeepsWhatIsInUse) {
  TestDatabase db;
  pqxx::connection c(db.url());
  db::migrate(c);
  pqxx::work tx(c);
  tx.exec0(
      "INSERT INTO contacts (id, channel, address, lang, created_at, active) VALUES "
      "(1, 'telegram', 'old-without-topics', 'nl', now() - interval '40 days', true),"
      "(2, 'telegram', 'old-with-topics', 'nl', now() - interval '400 days', true),"
      "(3, 'telegram', 'new-without-topics', 'nl', now() - interval '2 days', true),"
      "(4, 'webpush', 'old-gone', 'nl', now() - interval '40 days', false),"
      "(5, 'telegram', 'old-but-wrote-lately', 'nl', now() - interval '40 days', true)");
  tx.exec0("UPDATE contacts SET last_inbound_at = now() - interval '1 day' WHERE id = 5");
  tx.exec0("INSERT INTO subscriptions VALUES (2, 'afval'), (4, 'afval')");
  tx.exec0(
      "INSERT INTO notifications (id, topic, texts, default_lang, created_by) VALUES "
      "(1, 'afval', '{\"nl\":\"x\"}', 'nl', 'test')");
  tx.exec0(
      "INSERT INTO deliveries (notification_id, contact_id, status, next_attempt_at, sent_at) "
      "VALUES (1, 2, 'sent', now() - interval '100 days', now() - interval '100 days'),"
      "(1, 2, 'sent', now() - interval '10 days', now() - interval '10 days'),"
      "(1, 2, 'pending', now() - interval '100 days', NULL)");
  tx.exec0(
      "INSERT INTO audit_log (at, actor, action, outcome) VALUES "
      "(now() - interval '800 days', 'a', 'old', 200), (now(), 'a', 'new', 200)");
  tx.commit();

  const auto purged = db::purge_expired_personal_data(c, 30, 90, 730);
  EXPECT_EQ(2, purged.at("contacts"));
  EXPECT_EQ("2,3,5", db.scalar("SELECT string_agg(id::text, ',' ORDER BY id) FROM contacts"));
  EXPECT_EQ(1, purged.at("deliveries"));
  EXPECT_EQ("pending,sent",
            db.scalar("SELECT string_agg(status, ',' ORDER BY status) FROM deliveries"));
  EXPECT_EQ(1, purged.at("audit_log"));
  EXPECT_EQ("new", db.scalar("SELECT string_agg(action, ',') FROM audit_log"));
}

}  // namespace
}  // namespace loket::testing
