#include "intents/language_detector.h"

#include <gtest/gtest.h>

namespace loket::intents {
namespace {

LanguageDetector make_detector() {
  std::vector<LanguageDetector::Sample> samples = {
      {"hoe vraag ik een paspoort aan bij de gemeente", "nl"},
      {"wanneer wordt het afval opgehaald in mijn straat", "nl"},
      {"ik wil mijn verhuizing doorgeven", "nl"},
      {"how do i apply for a passport at the municipality", "en"},
      {"when is the waste collected in my street", "en"},
      {"i want to report that i am moving house", "en"},
      {"wie beantrage ich einen reisepass bei der gemeinde", "de"},
      {"wann wird der müll in meiner straße abgeholt", "de"},
  };
  return LanguageDetector(samples, {"nl", "en", "de"});
}

TEST(LanguageDetector, PicksTheLanguageOfTheMessage) {
  auto detector = make_detector();
  struct Case {
    const char* text;
    const char* want;
  } cases[] = {
      {"Hoe vraag ik een rijbewijs aan?", "nl"},
      {"How do I renew my driving licence?", "en"},
      {"Wie kann ich meinen Ausweis verlängern?", "de"},
      {"wanneer komt de vuilniswagen", "nl"},
      {"when does the bin get emptied", "en"},
  };
  for (const auto& c : cases) EXPECT_EQ(c.want, detector.detect(c.text).lang) << c.text;
}

TEST(LanguageDetector, FallsBackToTheFirstLanguageWithoutLetters) {
  auto detector = make_detector();
  auto guess = detector.detect("?! ...");
  EXPECT_EQ("nl", guess.lang);
  EXPECT_GT(detector.detect("when is the waste collected").margin, detector.detect("ok").margin);
}

}  // namespace
}  // namespace loket::intents
