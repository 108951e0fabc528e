// The delivery journal against a real PostgreSQL: outcomes journaled during a batch that then
// rolls back (its dispatcher died) are settled before the next claim, so those deliveries are not
// claimed (and sent) again; a batch still in progress keeps its journal; a batch that commits
// forgets it.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "db/migrations.h"
#include "db/notification_store.h"
#include "test_database.h"

namespace loket::testing {
namespace {

db::DeliveryOutcome sent(std::int64_t id) {
  db::DeliveryOutcome o;
  o.id = id;
  o.kind = db::DeliveryOutcome::Kind::sent;
  o.platform_message_id = std::string("p").append(std::to_string(id));
  return o;
}

class DeliveryJournal : public ::testing::Test {
 protected:
  void SetUp() override {
    db::migrate(setup_);
    pqxx::work tx(setup_);
    tx.exec0(
        "INSERT INTO contacts (id, channel, address, lang) VALUES "
        "(1, 'webhook', 'https://a.example/1', 'nl'), (2, 'webhook', 'https://a.example/2', 'nl'),"
        "(3, 'webhook', 'https://a.example/3', 'nl')");
    tx.exec0(
        "INSERT INTO notifications (id, topic, texts, default_lang, created_by, urgent) VALUES "
        "(1, 'afval', '{\"nl\":\"x\"}', 'nl', 'test', true)");
    tx.exec0(
        "INSERT INTO deliveries (id, notification_id, contact_id, next_attempt_at) VALUES "
        "(1, 1, 1, now()), (2, 1, 2, now()), (3, 1, 3, now())");
    tx.commit();
  }
  std::vector<std::int64_t> claim(pqxx::connection& c) {
    db::settle_orphaned_journal(c, 8);
    pqxx::work tx(c);
    std::vector<std::int64_t> ids;
    for (const auto& d : db::claim_deliveries(tx, db::ClaimPolicy{})) ids.push_back(d.id);
    tx.commit();
    return ids;
  }

  TestDatabase db_;
  pqxx::connection setup_{db_.url()};
};

TEST_F(DeliveryJournal, ADeadBatchsJournaledSendsAreSettledNotSentAgain) {
  pqxx::connection dispatcher(db_.url()), journal(db_.url()), other(db_.url());
  {
    pqxx::work batch(dispatcher);
    ASSERT_EQ(3u, db::claim_deliveries(batch, db::ClaimPolicy{}).size());
    db::journal_outcomes(journal, db::batch_id(batch), {sent(1), sent(2)});
    // In progress: its journal is left alone and its deliveries stay locked.
    EXPECT_TRUE(claim(other).empty());
    EXPECT_EQ("1", db_.scalar("SELECT count(*) FROM delivery_journal")) << "one group";
  }  // rolled back, as when the dispatcher is killed
  EXPECT_EQ(std::vector<std::int64_t>{3}, claim(other)) << "1 and 2 were sent before the kill";
  EXPECT_EQ("1:sent:p1,2:sent:p2,3:pending:",
            db_.scalar("SELECT string_agg(id || ':' || status || ':' || "
                       "COALESCE(platform_message_id, ''), ',' ORDER BY id) FROM deliveries"));
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM delivery_journal"));
}

TEST_F(DeliveryJournal, ACommittedBatchForgetsItsJournal) {
  pqxx::connection dispatcher(db_.url()), journal(db_.url());
  pqxx::work batch(dispatcher);
  ASSERT_EQ(3u, db::claim_deliveries(batch, db::ClaimPolicy{}).size());
  const std::vector<db::DeliveryOutcome> outcomes{sent(1), sent(2), sent(3)};
  db::journal_outcomes(journal, db::batch_id(batch), outcomes);
  db::record_outcomes(batch, outcomes, 8);
  batch.commit();
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM delivery_journal"));
  EXPECT_EQ("3", db_.scalar("SELECT count(*) FROM deliveries WHERE status = 'sent'"));
}

}  // namespace
}  // namespace loket::testing
