#include "intents/dataset_language.h"

#include <gtest/gtest.h>

namespace loket::intents {
namespace {

TEST(DatasetLanguage, TellsLanguagesByTheirCommonestWords) {
  EXPECT_EQ("nl", guess_dataset_language({"hoe vraag ik een paspoort aan", "wat is het adres"}));
  EXPECT_EQ("de", guess_dataset_language({"wie beantrage ich einen Pass", "das ist nicht gut"}));
  EXPECT_EQ("en", guess_dataset_language({"how do I renew my passport", "what is the address"}));
  EXPECT_EQ("da", guess_dataset_language({"hvordan kan jeg få et pas", "hvad er det"}));
}

TEST(DatasetLanguage, EnglishWhenNothingTells) {
  EXPECT_EQ("en", guess_dataset_language({}));
  EXPECT_EQ("en", guess_dataset_language({"9701 AB", "???"}));
}

}  // namespace
}  // namespace loket::intents
