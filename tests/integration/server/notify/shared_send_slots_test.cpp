// A platform's rate shared through PostgreSQL by two senders (two processes' SharedSendSlots on
// one database): one alone takes the whole rate, and both at once stay within it together.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <pqxx/pqxx>

#include <algorithm>
#include <thread>

#include "db/database.h"
#include "db/migrations.h"
#include "db/send_slots.h"
#include "server/notify/shared_send_slots.h"
#include "test_database.h"

namespace loket::testing {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr double kRate = 20;  // a second: slots 50 ms apart
// A slot's time is read through a round trip to the database, which a sanitizer build or a busy
// machine stretches by several milliseconds; well under the 50 ms between two slots.
constexpr auto kJitter = 20ms;

TEST(SendSlots, ClaimsFollowOneAnotherAtTheRateWithinReach) {
  TestDatabase db;
  pqxx::connection a(db.url()), b(db.url());
  db::migrate(a);
  const auto first = db::claim_send_slots(a, "k", 5, 100ms, 1s);
  EXPECT_TRUE(first.claimed);
  EXPECT_LT(first.at - Clock::now(), kJitter) << "the first slot is now";
  const auto second = db::claim_send_slots(b, "k", 5, 100ms, 1s);
  EXPECT_TRUE(second.claimed);
  EXPECT_GT(second.at - first.at, 500ms - kJitter) << "after the other sender's five";
  EXPECT_LT(second.at - first.at, 500ms + kJitter);
  // The slots claimed end a second from now: out of reach, nothing claimed, and the answer is
  // when they come within reach again.
  const auto refused = db::claim_send_slots(a, "k", 5, 100ms, 500ms);
  EXPECT_FALSE(refused.claimed);
  EXPECT_GT(refused.at - Clock::now(), 400ms);
  const auto after = db::claim_send_slots(b, "k", 1, 100ms, 2s).at;
  EXPECT_LT(std::chrono::abs(after - (second.at + 500ms)), kJitter)
      << "the refused claim moved nothing";
  EXPECT_LT(db::claim_send_slots(b, "other", 1, 100ms, 1s).at - Clock::now(), kJitter)
      << "keys apart";
}

class SharedSendSlotsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pqxx::connection c(db_.url());
    db::migrate(c);
    for (int i = 0; i < 2; ++i) {
      databases_.push_back(std::make_unique<db::Database>(db_.url(), 1));
      senders_.push_back(std::make_shared<server::SharedSendSlots>(*databases_.back()));
    }
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { io_.run(); });
  }
  void TearDown() override {
    work_.reset();
    for (auto& t : threads_) t.join();
    for (auto& d : databases_) d->shutdown();
  }
  // `sender` sends `n` messages one after another, each at its slot; the slots' times.
  std::future<std::vector<Clock::time_point>> send(std::size_t sender, int n,
                                                   Clock::duration reach = 10s) {
    auto slots = senders_.at(sender);
    return asio::co_spawn(
        io_,
        [slots, n, reach]() -> asio::awaitable<std::vector<Clock::time_point>> {
          std::vector<Clock::time_point> out;
          for (int i = 0; i < n; ++i) {
            auto next = slots->next("telegram", kRate, reach);
            const auto turn = co_await std::move(next);
            if (!turn) co_return out;
            if (turn->taken) out.push_back(turn->at);
          }
          co_return out;
        },
        asio::use_future);
  }

  TestDatabase db_;
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(io_);
  std::vector<std::unique_ptr<db::Database>> databases_;
  std::vector<std::shared_ptr<server::SharedSendSlots>> senders_;
  std::vector<std::thread> threads_;
};

TEST_F(SharedSendSlotsTest, OneSenderAloneTakesTheWholeRate) {
  const auto slots = send(0, 21).get();
  ASSERT_EQ(21u, slots.size());
  const auto span = slots.back() - slots.front();
  EXPECT_GT(span, 950ms) << "never faster than the rate";
  EXPECT_LT(span, 1500ms) << "not a half share with the other sender idle";
}

TEST_F(SharedSendSlotsTest, TwoSendersAtOnceStayWithinTheRateTogether) {
  auto first = send(0, 20), second = send(1, 20);
  auto slots = first.get();
  const auto others = second.get();
  ASSERT_EQ(20u, slots.size());
  ASSERT_EQ(20u, others.size());
  slots.insert(slots.end(), others.begin(), others.end());
  std::sort(slots.begin(), slots.end());
  for (std::size_t i = 1; i < slots.size(); ++i)
    EXPECT_GT(slots[i] - slots[i - 1], 50ms - kJitter) << "slot " << i;
  EXPECT_GT(slots.back() - slots.front(), 1900ms);
}

TEST_F(SharedSendSlotsTest, NothingIsClaimedFurtherAheadThanASendWouldWait) {
  // 40 turns asked for at 20 a second, each send waiting at most one second: about twenty get a
  // slot, the rest hear when to come back, and nothing is claimed beyond reach.
  const auto start = Clock::now();
  const auto slots = send(0, 40, 1s).get();
  EXPECT_GE(slots.size(), 19u);
  EXPECT_LE(slots.size(), 24u);
  for (const auto t : slots) EXPECT_LT(t - start, 1200ms);
  const auto next = send(1, 1, 5s).get();
  ASSERT_EQ(1u, next.size());
  EXPECT_LT(next.front() - start, 1300ms) << "the refused claims moved nothing";
}

}  // namespace
}  // namespace loket::testing
