#include "intents/dialogue/yes_no.h"

#include <gtest/gtest.h>

namespace loket::dialogue {
namespace {

YesNo read(const char* text) {
  return yes_or_no(intents::tokenize(text));
}

TEST(YesNo, ReadsYesInDutchAndEnglish) {
  EXPECT_EQ(YesNo::yes, read("Ja graag!"));
  EXPECT_EQ(YesNo::yes, read("ok"));
  EXPECT_EQ(YesNo::yes, read("yes please"));
}

TEST(YesNo, ANoAnywhereWins) {
  EXPECT_EQ(YesNo::no, read("nee"));
  EXPECT_EQ(YesNo::no, read("ja, nee toch niet"));
  EXPECT_EQ(YesNo::no, read("No thanks"));
  EXPECT_EQ(YesNo::no, read("Nein"));  // the German and Danish buttons
  EXPECT_EQ(YesNo::no, read("nej tak"));
}

TEST(YesNo, AnythingElseIsNeither) {
  EXPECT_EQ(YesNo::neither, read("wanneer wordt het afval opgehaald?"));
  EXPECT_EQ(YesNo::neither, read(""));
}

}  // namespace
}  // namespace loket::dialogue
