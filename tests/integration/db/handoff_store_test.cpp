// Handoffs against a real PostgreSQL when two turns of one conversation ask for a person at once
// (two tabs, two instances): they find one handoff, one callback request, and exactly one of them
// opens it in the contact centre's system.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include <atomic>
#include <functional>
#include <thread>

#include "db/handoff_store.h"
#include "db/migrations.h"
#include "test_database.h"

namespace loket::testing {
namespace {

using namespace std::chrono_literals;

db::NewHandoff new_handoff(const std::string& session) {
  db::NewHandoff h;
  h.session = session;
  h.channel = "web";
  h.lang = "nl";
  h.transcript = {{"resident", "ik wil een medewerker spreken", ""}};
  return h;
}

std::string numbered(const char* prefix, int n) {
  std::string out = prefix;
  out += std::to_string(n);
  return out;
}

// Runs `a` and `b` on two threads, started together.
void at_once(const std::function<void()>& a, const std::function<void()>& b) {
  std::atomic<int> ready{0};
  const auto run = [&](const std::function<void()>& f) {
    ++ready;
    while (ready.load() < 2) std::this_thread::yield();
    try {
      f();
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
    }
  };
  std::thread other([&] { run(b); });
  run(a);
  other.join();
}

class HandoffStore : public ::testing::Test {
 protected:
  void SetUp() override {
    pqxx::connection c(db_.url());
    db::migrate(c);
  }
  TestDatabase db_;
};

TEST_F(HandoffStore, TwoRequestsAtOnceFindOneHandoff) {
  pqxx::connection a(db_.url()), b(db_.url());
  for (int round = 0; round < 20; ++round) {
    const std::string session = numbered("s", round);
    db::OpenedHandoff first, second;
    at_once([&] { first = db::open_handoff(a, new_handoff(session), 500, 120s); },
            [&] { second = db::open_handoff(b, new_handoff(session), 500, 120s); });
    EXPECT_NE(0, first.id) << "round " << round;
    EXPECT_EQ(first.id, second.id) << "round " << round;
  }
  EXPECT_EQ("20", db_.scalar("SELECT count(*) FROM handoffs"));
}

TEST_F(HandoffStore, ACrisisInTheQueueIsTakenFirst) {
  pqxx::connection c(db_.url());
  const auto first = db::open_handoff(c, new_handoff("eerste"), 500, 120s).id;
  const auto second = db::open_handoff(c, new_handoff("tweede"), 500, 120s).id;
  const auto third = db::open_handoff(c, new_handoff("derde"), 500, 120s).id;
  EXPECT_EQ(3, db::queue_place(c, third, 120s).position);
  ASSERT_NE(0, db::add_handoff_message(c, third, {"resident", "ik wil dood", ""}, true));
  EXPECT_EQ(1, db::queue_place(c, third, 120s).position);
  EXPECT_EQ(2, db::queue_place(c, first, 120s).position);
  EXPECT_EQ(3, db::queue_place(c, second, 120s).position);
  // Among those in crisis, the one waiting longest comes first.
  db::add_handoff_message(c, second, {"resident", "hij slaat me", ""}, true);
  EXPECT_EQ(1, db::queue_place(c, second, 120s).position);
  EXPECT_EQ(2, db::queue_place(c, third, 120s).position);
  const auto queue = db::list_handoffs(c, "waiting", 10);
  ASSERT_EQ(3u, queue.size());
  EXPECT_EQ(second, queue[0].id);
  EXPECT_TRUE(queue[0].urgent);
  EXPECT_EQ(1, queue[0].position);
  EXPECT_EQ(third, queue[1].id);
  EXPECT_EQ(2, queue[1].position);
  EXPECT_EQ(first, queue[2].id);
  EXPECT_FALSE(queue[2].urgent);
  // One a person has is read as it comes: it does not become urgent.
  ASSERT_EQ(db::HandoffChange::done, db::take_handoff(c, first, "Anna").outcome);
  db::add_handoff_message(c, first, {"resident", "ik zie het niet meer zitten", ""}, true);
  EXPECT_FALSE(db::find_handoff(c, first)->urgent);
}

TEST_F(HandoffStore, OneCallerOpensAHandoffInTheContactCentre) {
  pqxx::connection a(db_.url()), b(db_.url());
  for (int round = 0; round < 20; ++round) {
    const auto id = db::open_handoff(a, new_handoff(numbered("c", round)), 500, 120s).id;
    bool claimed_a = false, claimed_b = false;
    at_once([&] { claimed_a = db::claim_contact_centre_handover(a, id); },
            [&] { claimed_b = db::claim_contact_centre_handover(b, id); });
    EXPECT_NE(claimed_a, claimed_b) << "round " << round;
  }
  // Recorded there: nobody opens it again, not even after the claim went stale.
  const auto id = db::open_handoff(a, new_handoff("recorded"), 500, 120s).id;
  ASSERT_TRUE(db::claim_contact_centre_handover(a, id));
  EXPECT_TRUE(db::set_handoff_external_ref(a, id, "77", 0));
  EXPECT_FALSE(db::set_handoff_external_ref(b, id, "78", 0)) << "a late opener overwrites nothing";
  EXPECT_EQ("77", db_.scalar("SELECT external_ref FROM handoffs WHERE session = 'recorded'"));
  pqxx::nontransaction(a).exec0("UPDATE handoffs SET handover_at = now() - interval '1 hour'");
  EXPECT_FALSE(db::claim_contact_centre_handover(b, id));
  // An instance that stopped half-way: after two minutes another turn may open it.
  const auto stale = db::open_handoff(a, new_handoff("stale"), 500, 120s).id;
  ASSERT_TRUE(db::claim_contact_centre_handover(a, stale));
  EXPECT_FALSE(db::claim_contact_centre_handover(b, stale));
  pqxx::nontransaction(a).exec0(
      "UPDATE handoffs SET handover_at = now() - interval '3 minutes' "
      "WHERE session = 'stale'");
  EXPECT_TRUE(db::claim_contact_centre_handover(b, stale));
}

TEST_F(HandoffStore, ALateTranscriptIsTheNewestLinesOldestFirst) {
  pqxx::connection c(db_.url());
  const auto id = db::open_handoff(c, new_handoff("late"), 500, 120s).id;
  db::add_handoff_message(c, id, {"resident", "is er al iemand?", ""});
  const auto newest = db::add_handoff_message(c, id, {"resident", "hallo?", ""});
  const auto transcript = db::newest_handoff_lines(c, id, 2);
  const auto& lines = transcript.lines;
  ASSERT_EQ(2u, lines.size());
  EXPECT_EQ("is er al iemand?", lines[0].text);
  EXPECT_EQ("hallo?", lines[1].text);
  EXPECT_EQ("resident", lines[1].sender);
  EXPECT_EQ(newest, transcript.through);
  EXPECT_EQ(3u, db::newest_handoff_lines(c, id, 100).lines.size()) << "the opening line too";
}

// Messages a resident sends while the conversation is being opened in the contact centre, and
// after, each reach it exactly once, however many turns pass them on at once; what it did not
// take goes again.
TEST_F(HandoffStore, EachMessageIsPassedOnOnce) {
  pqxx::connection a(db_.url()), b(db_.url());
  const auto id = db::open_handoff(a, new_handoff("relay"), 500, 120s).id;
  ASSERT_TRUE(db::claim_contact_centre_handover(a, id));
  const auto transcript = db::newest_handoff_lines(a, id, 100);
  const auto meanwhile = db::add_handoff_message(b, id, {"resident", "nog iemand daar?", ""});
  EXPECT_TRUE(db::take_unrelayed_messages(b, id).messages.empty()) << "not opened there yet";
  ASSERT_TRUE(db::set_handoff_external_ref(a, id, "77", transcript.through));
  db::add_handoff_message(b, id, {"staff", "Goedemiddag", "Anna"});
  const auto taken = db::take_unrelayed_messages(a, id);
  ASSERT_EQ(1u, taken.messages.size()) << "the message kept while opening, not the staff's";
  EXPECT_EQ(meanwhile, taken.messages[0].id);
  EXPECT_EQ("nog iemand daar?", taken.messages[0].text);
  EXPECT_EQ("77", taken.external_ref);
  EXPECT_TRUE(db::take_unrelayed_messages(b, id).messages.empty());

  for (int round = 0; round < 20; ++round) {
    db::add_handoff_message(a, id, {"resident", numbered("bericht ", round), ""});
    db::UnrelayedMessages first, second;
    at_once([&] { first = db::take_unrelayed_messages(a, id); },
            [&] { second = db::take_unrelayed_messages(b, id); });
    EXPECT_EQ(1u, first.messages.size() + second.messages.size()) << "round " << round;
  }

  const auto refused = db::add_handoff_message(a, id, {"resident", "eerste", ""});
  db::add_handoff_message(a, id, {"resident", "tweede", ""});
  ASSERT_EQ(2u, db::take_unrelayed_messages(a, id).messages.size());
  db::give_back_unrelayed_messages(a, id, refused);
  const auto again = db::take_unrelayed_messages(b, id);
  ASSERT_EQ(2u, again.messages.size());
  EXPECT_EQ("eerste", again.messages[0].text);
  // Given back after another caller took newer ones: those go twice rather than it never.
  db::add_handoff_message(a, id, {"resident", "derde", ""});
  EXPECT_EQ(1u, db::take_unrelayed_messages(a, id).messages.size());
  db::give_back_unrelayed_messages(b, id, refused);
  const auto all = db::take_unrelayed_messages(b, id);
  ASSERT_EQ(3u, all.messages.size());
  EXPECT_EQ("eerste", all.messages[0].text);
  EXPECT_EQ("derde", all.messages[2].text);
}

// During a rollout an instance of the previous release records the conversation without the mark:
// everything the handoff holds then counts as passed on (it passes messages on itself), so the
// next message on a new instance sends only itself, not the transcript again.
TEST_F(HandoffStore, AConversationOpenedByAnOlderReleaseStartsWithItsMessagesPassedOn) {
  pqxx::connection c(db_.url());
  const auto id = db::open_handoff(c, new_handoff("old"), 500, 120s).id;
  db::add_handoff_message(c, id, {"resident", "al gezegd", ""});
  pqxx::nontransaction(c).exec_params0("UPDATE handoffs SET external_ref = '77' WHERE id = $1", id);
  db::add_handoff_message(c, id, {"resident", "nieuw", ""});
  const auto taken = db::take_unrelayed_messages(c, id);
  ASSERT_EQ(1u, taken.messages.size());
  EXPECT_EQ("nieuw", taken.messages[0].text);
}

TEST_F(HandoffStore, TheSameCallbackRequestTwiceIsOne) {
  pqxx::connection a(db_.url()), b(db_.url());
  std::int64_t first = 0, second = 0;
  at_once([&] { first = db::add_callback(a, new_handoff("cb"), "paspoort", "0612345678"); },
          [&] { second = db::add_callback(b, new_handoff("cb"), "paspoort", "0612345678"); });
  EXPECT_EQ(first, second);
  // Another question is another request.
  EXPECT_NE(first, db::add_callback(a, new_handoff("cb"), "rijbewijs", "0612345678"));
  EXPECT_EQ("2", db_.scalar("SELECT count(*) FROM handoffs WHERE status = 'callback'"));
}

}  // namespace
}  // namespace loket::testing
