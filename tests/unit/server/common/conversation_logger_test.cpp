// The conversation log's queue: bounded, and a batch the database could not take is kept.
#include "server/common/conversation_logger.h"

#include <gtest/gtest.h>

namespace loket::server {
namespace {

ConversationLogger::Entry entry(std::string text) {
  ConversationLogger::Entry e;
  e.text = std::move(text);
  return e;
}

TEST(ConversationLogger, ABatchPutBackComesFirstAtTheNextTake) {
  ConversationLogger log;
  log.record(entry("eerste"));
  auto batch = log.take();
  log.record(entry("tweede"));
  log.put_back(std::move(batch));
  const auto again = log.take();
  ASSERT_EQ(2u, again.size());
  EXPECT_EQ("eerste", again[0].text);
  EXPECT_EQ("tweede", again[1].text);
  EXPECT_EQ(0u, log.dropped());
}

TEST(ConversationLogger, PutBackBeyondTheCapacityDropsTheNewestAndCountsThem) {
  ConversationLogger log;
  std::vector<ConversationLogger::Entry> batch;
  for (std::size_t i = 0; i < ConversationLogger::kCapacity; ++i) batch.push_back(entry("oud"));
  log.record(entry("nieuw"));
  log.put_back(std::move(batch));
  const auto all = log.take();
  EXPECT_EQ(ConversationLogger::kCapacity, all.size());
  EXPECT_EQ("oud", all.back().text);
  EXPECT_EQ(1u, log.dropped());
}

}  // namespace
}  // namespace loket::server
