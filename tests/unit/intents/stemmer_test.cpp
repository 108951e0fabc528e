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

TEST(Stemmer, ARememberedWordKeepsItsOwnStemWhenTheMemoStartsOver) {
  const std::string stemmed = stem("nl", "huizen");
  EXPECT_EQ("huiz", stemmed);
  // More distinct words than a thread remembers: the memo fills and starts over.
  for (int i = 0; i < 20000; ++i) {
    const std::string word = "woning" + std::to_string(i) + "en";
    ASSERT_EQ("woning" + std::to_string(i), stem("nl", word)) << word;
    if (i % 997 == 0) {
      ASSERT_EQ(stemmed, stem("nl", "huizen")) << "after " << i << " words";
    }
  }
  EXPECT_EQ(stemmed, stem("nl", "huizen"));
  EXPECT_EQ(stem("nl", "huizen"), stem("nl", "huizen")) << "the remembered one, twice";
  const std::string long_word(200, 'a');
  EXPECT_EQ(long_word, stem("nl", long_word)) << "too long to remember, stemmed each time";
}

TEST(Stemmer, MadeUpLanguageCodesBeyondTheTableLeaveKnownOnesWorking) {
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ("paspoorten", stem("x" + std::to_string(i), "paspoorten"));
  EXPECT_EQ(stem("nl", "paspoort"), stem("nl", "paspoorten"));
  EXPECT_TRUE(has_stemmer("de"));
}

}  // namespace
}  // namespace loket::intents
