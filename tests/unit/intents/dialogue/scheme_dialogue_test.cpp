// The scheme finder as residents meet it in the example municipality: in Dutch and English,
// questions skipped, the schemes that may apply and those that almost do with why, and what is
// never kept (the answers leave the session when the finder ends, and are marked not to log).
#include <gtest/gtest.h>

#include "example_dialogue.h"
#include "intents/dialogue/dialogue.h"
#include "intents/dialogue/small_talk.h"

namespace loket::dialogue {
namespace {

// Monday 2 March 2026: the social minimum of 1 January 2026 is in force.
const auto kDay = std::chrono::sys_days{std::chrono::year{2026} / 3 / 2} + std::chrono::hours(10);

class SchemeDialogueTest : public ExampleDialogue {
 protected:
  Reply say(const std::string& text) {
    Message m;
    m.session = "scheme-test";
    m.text = text;
    m.at = kDay;
    EXPECT_FALSE(chat_->refusal(m));
    return chat_->answer(m, state_);
  }
  static std::vector<std::string> buttons(const Reply& r) {
    std::vector<std::string> out;
    for (const auto& s : r.suggestions) out.push_back(s.title);
    return out;
  }

  SessionState state_;
};

TEST_F(SchemeDialogueTest, DutchResidentWithASkippedQuestion) {
  auto r = say("Voor welke regelingen kom ik in aanmerking?");
  EXPECT_EQ(r.intent, "regelingen-zoeken");
  EXPECT_EQ(r.expecting, "lives_here");
  EXPECT_NE(text(r).find("niet bewaard"), std::string::npos) << text(r);
  EXPECT_NE(text(r).find("Woont u in Noorderhaven?"), std::string::npos)
      << "the place, not the administration: " << text(r);
  EXPECT_EQ(buttons(r), (std::vector<std::string>{"Ja", "Nee", "Overslaan"}));
  EXPECT_FALSE(r.private_text);  // the question that starts it is an ordinary one

  r = say("ja");
  EXPECT_EQ(r.expecting, "age");
  EXPECT_TRUE(r.private_text);
  r = say("34");
  EXPECT_EQ(r.expecting, "household");
  EXPECT_EQ(buttons(r), (std::vector<std::string>{"Alleen", "Alleen, met kinderen", "Samen",
                                                  "Samen, met kinderen", "Overslaan"}));
  r = say("Alleen, met kinderen");
  EXPECT_EQ(r.expecting, "income");
  // 1500 a month is 104% of a single parent's minimum (1445.00): above kwijtschelding's 100%.
  r = say("€ 1.500");
  EXPECT_EQ(r.expecting, "savings");
  r = say("weet ik niet");
  EXPECT_EQ(r.expecting, "home");
  EXPECT_TRUE(state_.known.empty()) << "an age or income is no house number to remember";
  r = say("Huurwoning");
  EXPECT_EQ(r.intent, "regelingen-zoeken");
  EXPECT_TRUE(r.expecting.empty());
  EXPECT_TRUE(r.private_text);
  const auto said = text(r);
  EXPECT_NE(said.find("Deze regelingen kunnen bij u passen"), std::string::npos) << said;
  const auto found = said.substr(0, said.find("Bijna van toepassing"));
  for (const char* name :
       {"Bijzondere bijstand", "Individuele inkomenstoeslag", "Meedoenregeling voor kinderen",
        "Schuldhulpverlening", "Energietoeslag", "Woonkostentoeslag"})
    EXPECT_NE(found.find(name), std::string::npos) << name << " in " << said;
  EXPECT_EQ(found.find("Kwijtschelding"), std::string::npos) << said;
  EXPECT_NE(said.find("hangt ook af van: uw spaargeld"), std::string::npos) << said;
  EXPECT_NE(said.find("Bijna van toepassing:\n- Kwijtschelding gemeentelijke belastingen: netto "
                      "inkomen tot € 1.445 per maand"),
            std::string::npos)
      << said;
  EXPECT_NE(said.find("eerste indicatie"), std::string::npos);
  bool linked = false;
  for (const auto& m : r.messages)
    for (const auto& l : m.links) linked = linked || l.url == "https://www.noorderhaven.nl/meedoen";
  EXPECT_TRUE(linked);
  EXPECT_EQ(r.suggestions.at(0).intent, "melding-regelingen");  // an alert on new schemes
  EXPECT_TRUE(state_.scheme_intent.empty());
  EXPECT_TRUE(state_.scheme_field.empty());
  EXPECT_TRUE(state_.scheme_answers.empty());
  for (const auto& line : state_.transcript)
    EXPECT_EQ(line.text.find("1.500"), std::string::npos) << "the income is not in the transcript";
}

// An income at twice a scheme's limit is no near miss: only one a little over it is "almost".
TEST_F(SchemeDialogueTest, AlmostMeansALittleOverTheLimit) {
  const auto finder = [&](const std::string& income) {
    state_ = {};
    for (const char* answer :
         {"Voor welke regelingen kom ik in aanmerking?", "ja", "34", "Alleen, met kinderen"})
      say(answer);
    // The questions that could still decide something follow the income.
    auto r = say(income);
    for (int i = 0; i < 3 && !r.expecting.empty(); ++i)
      r = say(r.expecting == "home" ? "Huurwoning" : "weet ik niet");
    EXPECT_TRUE(r.expecting.empty()) << r.expecting;
    return text(r);
  };
  // A single parent's minimum is € 1.445: kwijtschelding's limit is 100 % of it.
  const auto over = finder("€ 1.600");
  EXPECT_NE(over.find("Kwijtschelding gemeentelijke belastingen: netto inkomen"), std::string::npos)
      << over;
  const auto twice = finder("€ 2.900");
  EXPECT_EQ(twice.find("Kwijtschelding gemeentelijke belastingen: netto inkomen"),
            std::string::npos)
      << twice;
}

TEST_F(SchemeDialogueTest, EnglishResidentSkipsTheirAge) {
  auto r = say("what help can I get with my income");
  EXPECT_EQ(r.intent, "regelingen-zoeken");
  EXPECT_EQ(r.lang, "en");
  EXPECT_EQ(r.expecting, "lives_here");
  r = say("yes");
  EXPECT_EQ(r.expecting, "age");
  EXPECT_NE(text(r).find("How old are you?"), std::string::npos);
  r = say("Skip");
  EXPECT_EQ(r.expecting, "household");
  r = say("With a partner");
  r = say("2,000");  // under a couple's minimum (2064.29)
  EXPECT_EQ(r.expecting, "savings");
  r = say("nothing");
  EXPECT_EQ(r.expecting, "home");
  r = say("I own it");
  const auto said = text(r);
  EXPECT_NE(said.find("These schemes may apply to you"), std::string::npos) << said;
  EXPECT_NE(said.find("Remission of municipal taxes"), std::string::npos) << said;
  EXPECT_NE(said.find("also depends on: your age"), std::string::npos) << said;
  EXPECT_NE(said.find("Housing costs supplement: for tenants only"), std::string::npos) << said;
  EXPECT_NE(said.find("Participation scheme for children: only for households with children"),
            std::string::npos)
      << said;
}

TEST_F(SchemeDialogueTest, ANewQuestionOrStopLeavesTheFinder) {
  say("voor welke regelingen kom ik in aanmerking");
  say("ja");
  auto r = say("hoe vraag ik een paspoort aan");
  EXPECT_EQ(r.intent, "paspoort-aanvragen");
  EXPECT_FALSE(r.private_text);
  EXPECT_TRUE(state_.scheme_answers.empty());
  EXPECT_TRUE(state_.scheme_field.empty());

  say("voor welke regelingen kom ik in aanmerking");
  r = say("stop");
  EXPECT_EQ(r.intent, kEndDialogue);
  EXPECT_TRUE(state_.scheme_field.empty());

  // A question with a number in it is not an answer to "how old are you?".
  say("voor welke regelingen kom ik in aanmerking");
  say("ja");
  r = say("wanneer wordt het afval opgehaald bij postcode 9701 AB?");
  EXPECT_EQ(r.intent, "afvalkalender");
  EXPECT_TRUE(state_.scheme_answers.empty());
}

TEST_F(SchemeDialogueTest, AnAnswerNotUnderstoodTwiceIsSkipped) {
  say("voor welke regelingen kom ik in aanmerking");
  say("ja");
  auto r = say("oud genoeg");
  EXPECT_EQ(r.expecting, "age");
  EXPECT_NE(text(r).find("Dat begreep ik niet helemaal"), std::string::npos) << text(r);
  r = say("dat weet u wel");
  EXPECT_EQ(r.expecting, "household");
  EXPECT_NE(text(r).find("ik sla deze vraag over"), std::string::npos) << text(r);
  EXPECT_EQ(state_.scheme_answers.at("age"), "");
}

TEST_F(SchemeDialogueTest, BusinessesAreAskedAboutTheirBusiness) {
  auto r = say("welke regelingen zijn er voor ondernemers");
  EXPECT_EQ(r.intent, "regelingen-ondernemers");
  EXPECT_EQ(r.expecting, "business_type");
  EXPECT_EQ(buttons(r), (std::vector<std::string>{"Zzp'er (zonder personeel)", "Winkel of horeca",
                                                  "Bedrijf met personeel", "Overslaan"}));
  r = say("Winkel of horeca");
  EXPECT_EQ(r.expecting, "lives_here");
  EXPECT_NE(text(r).find("Is uw bedrijf gevestigd in"), std::string::npos) << text(r);
  r = say("ja");
  const auto said = text(r);
  EXPECT_TRUE(r.expecting.empty()) << said;
  EXPECT_NE(said.find("Gevelfonds binnenstad"), std::string::npos) << said;
  EXPECT_NE(said.find("Geldzorgen bij ondernemers"), std::string::npos) << said;
  // Not for shops: listed as almost, with why.
  EXPECT_NE(said.find("Bijna van toepassing:\n- Bijstand voor zelfstandigen (Bbz): niet voor uw "
                      "soort bedrijf"),
            std::string::npos)
      << said;
}

}  // namespace
}  // namespace loket::dialogue
