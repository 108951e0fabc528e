#include "intents/stemmer.h"

#include <gtest/gtest.h>

#include <thread>

namespace loket::intents {
namespace {

TEST(Stemmer, StemsEachLanguage) {
  struct Case {
    const char* lang;
    const char* a;
    const char* b;  // should share a stem with a
  } cases[] = {
      {"nl", "paspoorten", "paspoort"},   {"nl", "verhuizing", "verhuizingen"},
      {"en", "renewing", "renew"},        {"en", "permits", "permit"},
      {"de", "ausweise", "ausweis"},      {"da", "affaldet", "affald"},
      {"sv", "parkeringen", "parkering"}, {"no", "søknaden", "søknad"},
      {"fr", "poubelles", "poubelle"},
  };
  for (const auto& c : cases) {
    EXPECT_TRUE(has_stemmer(c.lang)) << c.lang;
    EXPECT_EQ(stem(c.lang, c.a), stem(c.lang, c.b)) << c.lang << ": " << c.a << " / " << c.b;
  }
}

TEST(Stemmer, UnknownLanguageLeavesWordAlone) {
  EXPECT_FALSE(has_stemmer("xx"));
  EXPECT_EQ("paspoorten", stem("xx", "paspoorten"));
}

TEST(Stemmer, IsUsableFromSeveralThreads) {
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i)
        if (stem("nl", "paspoorten") != "paspoort") ++wrong;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(0, wrong.load());
}

}  // namespace
}  // namespace loket::intents
