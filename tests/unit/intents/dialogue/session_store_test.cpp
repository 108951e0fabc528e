#include "intents/dialogue/session_store.h"

#include <gtest/gtest.h>

namespace loket::dialogue {
namespace {

using namespace std::chrono_literals;

SessionState with_lang(const char* lang) {
  SessionState state;
  state.lang = lang;
  return state;
}

TEST(SessionStore, RemembersUntilExpiry) {
  SessionStore store(10, 60s);
  auto t0 = SessionStore::Clock::now();
  store.put("a", with_lang("en"), t0);
  ASSERT_TRUE(store.get("a", t0 + 59s));
  EXPECT_EQ("en", store.get("a", t0 + 59s)->lang);
  EXPECT_FALSE(store.get("a", t0 + 61s));
  EXPECT_EQ(0u, store.size()) << "an expired session is dropped when seen";
}

TEST(SessionStore, EvictsTheLeastRecentlyUsedWhenFull) {
  SessionStore store(2, 60s);
  auto t0 = SessionStore::Clock::now();
  store.put("a", with_lang("nl"), t0);
  store.put("b", with_lang("nl"), t0);
  store.put("a", with_lang("en"), t0);  // a is now the most recent
  store.put("c", with_lang("nl"), t0);
  EXPECT_EQ(2u, store.size());
  EXPECT_TRUE(store.get("a", t0));
  EXPECT_FALSE(store.get("b", t0));
  EXPECT_TRUE(store.get("c", t0));
}

TEST(SessionStore, KeepsAVersionBesideAStateUntilErased) {
  SessionStore store(10, 60s);
  auto t0 = SessionStore::Clock::now();
  store.put("a", with_lang("en"), 7, t0);
  ASSERT_TRUE(store.get_versioned("a", t0));
  EXPECT_EQ(7, store.get_versioned("a", t0)->version);
  EXPECT_EQ("en", store.get_versioned("a", t0)->state.lang);
  store.put("a", with_lang("de"), t0);
  EXPECT_EQ(0, store.get_versioned("a", t0)->version) << "put without a version has none";
  store.erase("a");
  EXPECT_FALSE(store.get_versioned("a", t0));
  EXPECT_EQ(0u, store.size());
  store.erase("never there");
}

}  // namespace
}  // namespace loket::dialogue
