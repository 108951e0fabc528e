// GCC 12 reports a false -Wrestrict on assigning string literals here (GCC bug 105329).
#pragma GCC diagnostic ignored "-Wrestrict"

#include "intents/dialogue/content_checks.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace loket::dialogue {
namespace {

using namespace std::chrono;

config::Intent intent(const std::string& id, std::vector<std::string> nl, std::string answer,
                      std::vector<std::string> en) {
  config::Intent i;
  i.id = id;
  i.file = "content.yaml";
  i.line = 1;
  i.title = {{"nl", id}, {"en", id}};
  i.examples["nl"] = std::move(nl);
  i.answer["nl"] = std::move(answer);
  i.answer["en"] = "x";
  i.examples["en"] = std::move(en);
  return i;
}

// A municipality that serves Dutch (its default) and English, with no content yet.
config::Config dutch_and_english() {
  config::Config c;
  c.languages = {"nl", "en"};
  c.default_language = "nl";
  return c;
}

bool has(const std::vector<config::Diagnostic>& all, const std::string& text) {
  for (const auto& d : all)
    if (d.message.find(text) != std::string::npos) return true;
  return false;
}

TEST(ContentChecks, WarnsAboutWhatConfusesResidentsOrStaff) {
  config::Config c = dutch_and_english();
  auto paspoort = intent("paspoort",
                         {"paspoort aanvragen", "paspoort verlengen", "nieuw paspoort",
                          "paspoort kwijt", "paspoort kosten"},
                         "Maak een afspraak.", {"passport"});
  paspoort.review_by = "2020-01-01";
  paspoort.links.push_back({{}, "http://example.nl"});
  auto afval = intent("afval",
                      {"afval ophalen", "afvalkalender", "wanneer komt de vuilniswagen",
                       "paspoort aanvragen", "container legen", "gft ophaaldag"},
                      std::string(5000, 'a'), {"bins"});
  afval.examples.erase("en");
  c.intents = {paspoort, afval};
  auto warnings = content_warnings(c, year_month_day{year{2026}, November, day{27}});
  EXPECT_TRUE(
      has(warnings,
          "example 'paspoort aanvragen' is also an example of intent 'paspoort' (content.yaml:1)"));
  EXPECT_TRUE(has(warnings, "intent 'afval' has no examples in 'en'"));
  EXPECT_TRUE(has(warnings, "was due for review on 2020-01-01"));
  EXPECT_TRUE(has(warnings, "links to http://example.nl without https"));
  EXPECT_TRUE(has(warnings, "longer than Telegram's 4,096 characters"));
  EXPECT_FALSE(has(warnings, "is matched as")) << "a note, not a warning";
  EXPECT_TRUE(has(misfiled_examples(c), "of intent 'afval' is matched as 'paspoort'"));
  EXPECT_EQ("content.yaml:1:1: ", warnings.at(0).to_string().substr(0, 18));
}

TEST(ContentChecks, AMessageWithoutALanguageIsNamedWhereItIsGiven) {
  config::Config c;
  c.languages = {"nl", "en", "de"};
  c.default_language = "nl";
  c.messages.welcome = {{"nl", "Welkom."}, {"en", "Welcome."}};
  c.messages.places["welcome"] = {"algemeen.yaml", 4, 3, ""};
  c.messages.fallback = {{"nl", "Dat begrijp ik niet."}, {"en", "x"}, {"de", "y"}};
  c.messages.places["fallback"] = {"algemeen.yaml", 9, 3, ""};
  const auto warnings = content_warnings(c, year_month_day{year{2026}, November, day{27}});
  ASSERT_EQ(1u, warnings.size());
  EXPECT_EQ(
      "algemeen.yaml:4:3: messages.welcome has no text in 'de': those residents get it in 'nl'",
      warnings[0].to_string());
}

TEST(ContentChecks, LoketsOwnIntentsNeedOnlyAnAnswer) {
  config::Config c = dutch_and_english();
  auto abuse = intent("abuse", {}, "Ik begrijp dat u boos bent.", {});
  abuse.examples.clear();
  auto thanks = intent("thanks-for-the-fish", {}, "Graag gedaan.", {});
  thanks.examples.clear();
  c.intents = {abuse, thanks};
  const auto warnings = content_warnings(c, year_month_day{year{2026}, November, day{27}});
  EXPECT_FALSE(has(warnings, "intent 'abuse' has no examples"));
  EXPECT_TRUE(has(warnings, "intent 'thanks-for-the-fish' has no examples in 'nl'"));
}

TEST(ContentChecks, WarnsAboutWhatWhatsAppCannotCarry) {
  config::Config c = dutch_and_english();
  auto paspoort = intent(
      "paspoort", {"paspoort aanvragen", "paspoort verlengen", "nieuw paspoort", "paspoort kwijt"},
      std::string(1500, 'a'), {"new passport", "passport lost", "renew passport"});
  paspoort.suggestions = {"afval"};
  auto afval =
      intent("afval", {"afval ophalen", "afval kalender", "afval container", "afval wanneer"},
             std::string(1500, 'b'), {"bin day", "bin collection", "empty bin"});
  c.intents = {paspoort, afval};
  config::Topic topic{"afval",       {{"nl", "Afval"}},
                      false,         config::WhatsAppTemplate{"afval", {{"nl", "nl"}}, {"{text}"}},
                      "topics.yaml", 3};
  c.topics = {topic};
  auto warnings = content_warnings(c, year_month_day{year{2026}, November, day{27}});
  EXPECT_TRUE(has(
      warnings, "answer of intent 'paspoort' is longer than the 1,024 characters WhatsApp allows"));
  EXPECT_FALSE(has(warnings, "answer of intent 'afval' is longer"))
      << "no buttons: plain text takes 4,096";
  EXPECT_TRUE(has(warnings, "topic 'afval' whatsapp_template has no language code for 'en'"));
  bool at_topic = false;
  for (const auto& w : warnings) at_topic |= w.to_string().rfind("topics.yaml:3:1: ", 0) == 0;
  EXPECT_TRUE(at_topic);
}

TEST(ContentChecks, AnUrgentIntentNeedsRequiredWordsAndEachExampleOne) {
  config::Config c = dutch_and_english();
  auto crisis = intent("hulp", {"ik wil niet meer leven", "zelfmoordgedachten", "ik ben wanhopig"},
                       "Bel 113.", {"i want to kill myself"});
  crisis.urgent = true;
  c.intents = {crisis};
  const auto today = year_month_day{year{2026}, December, day{6}};
  EXPECT_TRUE(has(content_warnings(c, today), "urgent intent 'hulp' has no required_words"));
  c.intents[0].required_words = {{"nl", {"niet meer leven", "zelfmoord*"}},
                                 {"en", {"kill myself"}}};
  const auto warnings = content_warnings(c, today);
  EXPECT_FALSE(has(warnings, "has no required_words"));
  EXPECT_TRUE(has(warnings,
                  "example 'ik ben wanhopig' (nl) of intent 'hulp' has none of its "
                  "required_words"));
  EXPECT_FALSE(has(warnings, "example 'zelfmoordgedachten'"));
  EXPECT_FALSE(has(warnings, "example 'i want to kill myself'"));
}

TEST(ContentChecks, AnIntentWithoutATitleInALanguageIsAWarning) {
  config::Config c = dutch_and_english();
  auto paspoort = intent("paspoort", {"paspoort aanvragen"}, "x", {"new passport"});
  paspoort.title = {{"nl", "Paspoort"}};
  auto afval = intent("afval", {"afval ophalen"}, "y", {"bin day"});
  afval.title.clear();
  c.intents = {paspoort, afval};
  const auto warnings = content_warnings(c, year_month_day{year{2026}, December, day{6}});
  EXPECT_TRUE(has(warnings, "intent 'paspoort' has no title in 'en': its button shows another"));
  EXPECT_TRUE(has(warnings, "intent 'afval' has no title in 'nl': its button would be empty"));
  EXPECT_FALSE(has(warnings, "intent 'paspoort' has no title in 'nl'"));

  c.intents[1].title = {{"nl", "paspoort!"}, {"en", "Passport renewal"}};
  EXPECT_TRUE(has(content_warnings(c, year_month_day{year{2026}, December, day{6}}),
                  "intent 'afval' has the nl title 'paspoort!' of intent 'paspoort': residents "
                  "cannot tell their buttons apart"));
}

TEST(ContentChecks, CleanContentHasNoWarnings) {
  config::Config c = dutch_and_english();
  c.intents = {
      intent("paspoort",
             {"paspoort aanvragen", "paspoort verlengen", "nieuw paspoort", "paspoort kwijt"}, "x",
             {"new passport", "passport lost", "renew passport"}),
      intent("afval", {"afval ophalen", "afval kalender", "afval container", "afval wanneer"}, "y",
             {"bin day", "bin collection", "empty bin"})};
  for (const auto& w : content_warnings(c, year_month_day{year{2026}, November, day{27}}))
    ADD_FAILURE() << w.to_string();
}

TEST(ContentChecks, ASchemePastItsReviewDateIsWarnedAbout) {
  config::Config c = dutch_and_english();
  config::Scheme meedoen;
  meedoen.id = "meedoen";
  meedoen.review_by = "2026-12-31";
  meedoen.file = "regelingen.yaml";
  meedoen.line = 7;
  c.schemes.schemes = {meedoen};
  EXPECT_FALSE(has(content_warnings(c, year_month_day{year{2026}, December, day{31}}), "meedoen"));
  const auto warnings = content_warnings(c, year_month_day{year{2027}, January, day{1}});
  const auto due = std::find_if(warnings.begin(), warnings.end(), [](const auto& w) {
    return w.message == "scheme 'meedoen' was due for review on 2026-12-31";
  });
  ASSERT_NE(warnings.end(), due);
  EXPECT_EQ("regelingen.yaml", due->file);
  EXPECT_EQ(7, due->line);
}

}  // namespace
}  // namespace loket::dialogue
