// A button chosen by typing: its label (with or without its bracketed part) or its place among
// the buttons shown, in the languages loket speaks; anything more is no choice.
#include "intents/dialogue/typed_choice.h"

#include <gtest/gtest.h>

namespace loket::dialogue {
namespace {

const std::vector<SessionState::OfferedButton> kOffered = {
    {"Iemand anders laten stemmen (volmacht)", "stemmen-volmacht"},
    {"Wie mag stemmen", "stemrecht"},
    {"Verlof buiten de schoolvakanties", "leerplicht-verlof"},
};

std::string chosen(std::string_view typed) {
  const auto* button = typed_choice(intents::tokenize(typed), kOffered);
  return button == nullptr ? "" : button->intent;
}

TEST(TypedChoice, APlaceChoosesTheButtonShownThere) {
  EXPECT_EQ("stemmen-volmacht", chosen("de eerste"));
  EXPECT_EQ("stemmen-volmacht", chosen("1"));
  EXPECT_EQ("stemrecht", chosen("nummer 2"));
  EXPECT_EQ("stemrecht", chosen("ik wil de tweede"));
  EXPECT_EQ("stemrecht", chosen("nee, de tweede"));
  EXPECT_EQ("leerplicht-verlof", chosen("die laatste"));
  EXPECT_EQ("leerplicht-verlof", chosen("the last one please"));
  EXPECT_EQ("stemrecht", chosen("die zweite bitte"));
  EXPECT_EQ("leerplicht-verlof", chosen("3e"));
  EXPECT_EQ("stemmen-volmacht", chosen("den første"));
}

TEST(TypedChoice, ALabelTypedChoosesItsButton) {
  EXPECT_EQ("stemmen-volmacht", chosen("Iemand anders laten stemmen (volmacht)"));
  EXPECT_EQ("stemmen-volmacht", chosen("iemand anders laten stemmen"));
  EXPECT_EQ("stemrecht", chosen("wie mag stemmen?"));
  EXPECT_EQ("", chosen("wie mag er stemmen")) << "other words: the matcher reads it";
}

TEST(TypedChoice, AnythingElseIsNoChoice) {
  EXPECT_EQ("", chosen("de vierde")) << "only three shown";
  EXPECT_EQ("", chosen("0"));
  EXPECT_EQ("", chosen("de eerste of de tweede"));
  EXPECT_EQ("", chosen("de eerste keer"));
  EXPECT_EQ("", chosen("mijn eerste paspoort"));
  EXPECT_EQ("", chosen("ja"));
  EXPECT_EQ("", chosen(""));
  EXPECT_TRUE(typed_choice(intents::tokenize("de eerste"), {}) == nullptr);
  EXPECT_TRUE(typed_choice(intents::tokenize("de eerste"), kOffered, /*in_order=*/false) == nullptr)
      << "buttons in no known order have no places";
  EXPECT_EQ(&kOffered[1], typed_choice(intents::tokenize("wie mag stemmen"), kOffered, false));
}

}  // namespace
}  // namespace loket::dialogue
