// A message's language by the small words only one language has: what tips a German question
// with a Dutch place name to German, and tells Danish from the languages a municipality serves.
#include "intents/dialogue/function_words.h"

#include <gtest/gtest.h>

namespace loket::dialogue {
namespace {

const std::vector<std::string> kServed = {"nl", "en", "de"};

std::optional<std::string> vote(const char* text) {
  return language_by_function_words(intents::tokenize(text), kServed);
}

TEST(FunctionWords, TwoOfOneLanguagesOwnWordsDecide) {
  EXPECT_EQ("de", vote("Wie ist das Wetter morgen in Noorderhaven?"));
  EXPECT_EQ("nl", vote("ik wil weten wanneer het afval wordt opgehaald"));
  EXPECT_EQ("en", vote("when are the bins collected in my street"));
  EXPECT_EQ("de", vote("Gibt es morgen in Noorderhaven Regen?"));
}

TEST(FunctionWords, TooFewOrMixedDecideNothing) {
  EXPECT_EQ(std::nullopt, vote("paspoort"));
  EXPECT_EQ(std::nullopt, vote("is het open")) << "one word of Dutch's own";
  EXPECT_EQ(std::nullopt, vote("wie is in")) << "words several languages have tell nothing";
  EXPECT_EQ(std::nullopt, vote("ich will the passport")) << "German and English, one each";
}

TEST(FunctionWords, AWordSharedByTheLanguagesAskedAboutCountsForNone) {
  // "mit" is German and Danish: asked about both, it tells neither.
  EXPECT_EQ(std::nullopt, language_by_function_words(intents::tokenize("mit mit"), {"de", "da"}));
  EXPECT_EQ("de", language_by_function_words(intents::tokenize("mit mit"), {"de", "nl"}));
}

TEST(FunctionWords, ALanguageWithoutSmallWordsHereLeavesItToTheStatistics) {
  EXPECT_EQ(std::nullopt,
            language_by_function_words(intents::tokenize("hoe freegje ik in nij paspoart oan"),
                                       {"nl", "fy"}))
      << "Frisian has Dutch's small words";
}

TEST(FunctionWords, ALanguageNotServedIsFoundByItsOwnWords) {
  const auto foreign = [](const char* text) {
    return foreign_by_function_words(intents::tokenize(text), kServed);
  };
  EXPECT_EQ("da", foreign("Min nabo larmer hele natten, hvem kan jeg ringe til?"));
  EXPECT_EQ("sv", foreign("Jag vill veta var jag kan parkera"));
  EXPECT_EQ(std::nullopt, foreign("Hvor is het gemeentehuis")) << "a word of Dutch's own";
  EXPECT_EQ(std::nullopt, foreign("parkere autocamper")) << "no small words at all";
}

}  // namespace
}  // namespace loket::dialogue
