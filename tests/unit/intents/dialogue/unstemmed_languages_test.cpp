// Languages loket has no stemmer or words of its own for (Frisian, Polish, Arabic, ...): they can
// be configured, are matched on whole words, answered in their own language, and check-config
// says what they cost.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

#include "intents/dialogue/content_checks.h"
#include "intents/dialogue/dialogue.h"
#include "intents/dialogue/sentence_table.h"
#include "server/web/widget_script.h"

namespace loket::dialogue {
namespace {

namespace fs = std::filesystem;

constexpr const char* kServerFile = R"(municipality: Gemeente Waddenoord
languages: {default: nl, supported: [nl, fy, pl, ar]}
content: [content.yaml]
)";

constexpr const char* kContent = R"(intents:
  - id: paspoort
    title: {nl: Paspoort, fy: Paspoart, pl: Paszport, ar: جواز السفر}
    examples:
      nl: [hoe vraag ik een paspoort aan, paspoort verlengen, nieuw paspoort nodig]
      fy: [hoe freegje ik in paspoart oan, paspoart ferlingje, nij paspoart nedich]
      pl: [jak złożyć wniosek o paszport, przedłużenie paszportu, nowy paszport]
      ar: [كيف أطلب جواز سفر, تجديد جواز السفر, جواز سفر جديد]
    answer:
      nl: Maak een afspraak in het gemeentehuis.
      fy: Meitsje in ôfspraak yn it gemeentehûs.
      pl: Umów się na wizytę w urzędzie gminy.
      ar: احجز موعدا في البلدية.
  - id: afval
    title: {nl: Afval, fy: Offal, pl: Odpady, ar: النفايات}
    examples:
      nl: [wanneer wordt het afval opgehaald, afvalkalender, container niet geleegd]
      fy: [wannear wurdt it ôffal ophelle, ôffalkalinder, kontener net lege]
      pl: [kiedy odbierają śmieci, harmonogram wywozu odpadów, pojemnik nie został opróżniony]
      ar: [متى يتم جمع النفايات, جدول جمع القمامة, الحاوية لم تفرغ]
    answer:
      nl: Kijk op de afvalkalender.
      fy: Sjoch op de ôffalkalinder.
      pl: Sprawdź harmonogram wywozu odpadów.
      ar: راجع جدول جمع النفايات.
messages:
  fallback: {nl: Dat begrijp ik niet., fy: Dat begryp ik net., pl: Nie rozumiem., ar: لم أفهم.}
)";

class UnstemmedLanguages : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ =
        fs::temp_directory_path() / ("loket-languages-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "loket.yaml") << kServerFile;
    std::ofstream(dir_ / "content.yaml") << kContent;
    auto loaded = config::load_config(dir_ / "loket.yaml");
    for (const auto& e : loaded.errors) ADD_FAILURE() << e.to_string();
    ASSERT_TRUE(loaded.config);
    config_ = new config::Config(*loaded.config);
    chat_ = new Dialogue(std::move(*loaded.config));
  }
  static void TearDownTestSuite() {
    delete chat_;
    delete config_;
    fs::remove_all(dir_);
  }

  static Reply ask(const std::string& session, const std::string& text) {
    Message m;
    m.session = session;
    m.text = text;
    EXPECT_FALSE(chat_->refusal(m));
    return chat_->answer(m);
  }

  static fs::path dir_;
  static config::Config* config_;
  static Dialogue* chat_;
};

fs::path UnstemmedLanguages::dir_;
config::Config* UnstemmedLanguages::config_ = nullptr;
Dialogue* UnstemmedLanguages::chat_ = nullptr;

TEST_F(UnstemmedLanguages, AreAnsweredInTheirOwnLanguage) {
  const Reply polish = ask("pl-1", "kiedy odbierają śmieci w mojej ulicy");
  EXPECT_EQ("afval", polish.intent);
  EXPECT_EQ("pl", polish.lang);
  ASSERT_FALSE(polish.messages.empty());
  EXPECT_EQ("Sprawdź harmonogram wywozu odpadów.", polish.messages[0].text);

  const Reply frisian = ask("fy-1", "hoe freegje ik in nij paspoart oan");
  EXPECT_EQ("paspoort", frisian.intent);
  EXPECT_EQ("fy", frisian.lang);

  const Reply arabic = ask("ar-1", "أريد تجديد جواز السفر");
  EXPECT_EQ("paspoort", arabic.intent);
  EXPECT_EQ("ar", arabic.lang);

  const Reply dutch = ask("nl-1", "wanneer wordt het afval bij mij opgehaald");
  EXPECT_EQ("afval", dutch.intent);
  EXPECT_EQ("nl", dutch.lang);
}

TEST_F(UnstemmedLanguages, CheckConfigSaysWhatTheyCostAsNotesNotWarnings) {
  const auto notes = language_notes(*config_);
  auto has = [&](const std::string& text) {
    return std::any_of(notes.begin(), notes.end(),
                       [&](const std::string& n) { return n.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(has("language 'pl' has no stemmer"));
  EXPECT_TRUE(has("language 'fy' has no stemmer"));
  EXPECT_FALSE(has("language 'ar' has no stemmer")) << "Snowball has an Arabic stemmer";
  EXPECT_FALSE(has("language 'nl' has no stemmer"));
  EXPECT_TRUE(has("the widget has no words of its own in 'pl'"));
  EXPECT_FALSE(has("the widget has no words of its own in 'fy'")) << "loket has Frisian words";
  for (const auto& w : content_warnings(
           *config_, std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::December,
                                                 std::chrono::day{4}}))
    EXPECT_EQ(std::string::npos, w.message.find("stemmer")) << "--strict must stay possible";
}

TEST_F(UnstemmedLanguages, TheWidgetOffersEachOnceWithWordsInEveryOne) {
  const auto settings = boost::json::parse(server::widget_settings_json(*config_)).as_object();
  const auto& languages = settings.at("languages").as_array();
  EXPECT_EQ(4u, languages.size()) << "Frisian is configured, so not added a second time";
  const auto& labels = settings.at("labels").as_object();
  EXPECT_EQ(labels.at("nl").at("send"), labels.at("pl").at("send"))
      << "the default language's words where loket has none";
  EXPECT_NE(labels.at("nl").at("send"), labels.at("fy").at("send"));
}

TEST(SentenceTable, FrisianFallsBackToDutchAndAnyOtherLanguageToEnglish) {
  const Texts texts{{"nl", "Hallo"}, {"en", "Hello"}, {"de", "Hallo!"}};
  EXPECT_EQ("Hallo", in_language(texts, "fy"));
  EXPECT_EQ("Hello", in_language(texts, "pl"));
  EXPECT_EQ("Hallo!", in_language(texts, "de"));
}

}  // namespace
}  // namespace loket::dialogue
