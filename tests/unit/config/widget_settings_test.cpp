// The widget's look and words from the server file: read as written, and refused (with
// file:line:column) where residents could not read it or the words are not the widget's.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <set>

#include "config/colour_contrast.h"
#include "config/config.h"
#include "config/widget_labels.h"

namespace loket::config {
namespace {

namespace fs = std::filesystem;

constexpr const char* kContent = R"(intents:
  - id: paspoort
    title: {nl: Paspoort, en: Passport}
    examples:
      nl: [hoe vraag ik een paspoort aan]
      en: [how do i get a passport]
    answer: {nl: Maak een afspraak., en: Make an appointment.}
messages:
  fallback: {nl: Dat begrijp ik niet., en: I did not understand.}
)";

class WidgetSettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() / ("loket-widget-test-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "content.yaml") << kContent;
  }
  void TearDown() override { fs::remove_all(dir_); }

  LoadResult load(const std::string& widget) {
    std::ofstream(dir_ / "loket.yaml")
        << "municipality: Testdorp\nlanguages: {default: nl, supported: [nl, en]}\n"
           "content: [content.yaml]\n"
        << widget;
    return load_config(dir_ / "loket.yaml");
  }
  std::vector<std::string> problems(const std::string& widget) {
    std::vector<std::string> out;
    for (const auto& d : load(widget).errors) out.push_back(d.to_string());
    return out;
  }

  fs::path dir_;
};

TEST(ColourContrast, FollowsWcag) {
  EXPECT_NEAR(21.0, contrast_ratio(*parse_hex_colour("#000"), *parse_hex_colour("#ffffff")), 1e-9);
  EXPECT_NEAR(1.0, contrast_ratio(*parse_hex_colour("#777"), *parse_hex_colour("#777777")), 1e-9);
  // #767676 on white is the classic lightest grey that passes AA; #777777 just fails.
  EXPECT_GE(contrast_ratio(*parse_hex_colour("#767676"), *parse_hex_colour("#fff")), 4.5);
  EXPECT_LT(contrast_ratio(*parse_hex_colour("#777777"), *parse_hex_colour("#fff")), 4.5);
  EXPECT_FALSE(parse_hex_colour("red"));
  EXPECT_FALSE(parse_hex_colour("#12345"));
  EXPECT_FALSE(parse_hex_colour("#gggggg"));
}

TEST_F(WidgetSettingsTest, ReadsTheLookAndWordsAsWritten) {
  const auto result = load(R"(widget:
  name: Gemeente Testdorp
  logo: https://www.testdorp.example/logo.svg
  position: left
  colours: {primary: "#1a5c2e", on_primary: "#ffffff", background: "#ffffff", surface: "#f0f4f1", text: "#111111"}
  launcher: {nl: Vraag het ons}
  privacy: {text: {nl: Privacy}, url: https://www.testdorp.example/privacy}
  labels: {en: {send: Ask}, fy: {send: Stjoer}}
)");
  ASSERT_TRUE(result.config) << result.errors.at(0).to_string();
  const WidgetSettings& w = result.config->widget;
  EXPECT_EQ("Gemeente Testdorp", w.name);
  EXPECT_TRUE(w.left);
  EXPECT_EQ("#1a5c2e", w.colours.primary);
  EXPECT_EQ("Vraag het ons", w.launcher.at("nl"));
  EXPECT_EQ("https://www.testdorp.example/privacy", w.privacy_url);
  EXPECT_EQ("Ask", w.labels.at("en").at("send"));
  EXPECT_EQ("Stjoer", w.labels.at("fy").at("send")) << "Frisian beside Dutch";
}

TEST_F(WidgetSettingsTest, WithoutAWidgetSectionTheMunicipalityAndLoketsColours) {
  const auto result = load("");
  ASSERT_TRUE(result.config);
  EXPECT_EQ("Testdorp", result.config->widget.name);
  EXPECT_EQ("#00466e", result.config->widget.colours.primary);
}

TEST_F(WidgetSettingsTest, RefusesColoursResidentsCannotRead) {
  const auto p = problems("widget:\n  colours: {text: \"#777777\"}\n");
  ASSERT_EQ(2u, p.size()) << "on the background and on the municipality's messages";
  EXPECT_NE(std::string::npos, p[0].find("loket.yaml:5:")) << p[0];
  EXPECT_NE(std::string::npos, p[0].find("text #777777 on background #ffffff")) << p[0];
  EXPECT_NE(std::string::npos, p[0].find("4.48:1")) << p[0];
  EXPECT_NE(std::string::npos, p[1].find("text #777777 on surface #eef2f5")) << p[1];
  const auto q = problems("widget:\n  colours: {primary: \"#8ab4f8\"}\n");
  EXPECT_EQ(3u, q.size()) << "on_primary on it, and it on background and surface";
}

TEST_F(WidgetSettingsTest, ReportsEachMistakeWhereItIs) {
  struct Case {
    std::string widget, expected;
  };
  const Case cases[] = {
      {"widget:\n  colours: {primary: red}\n", "'red' is not a colour"},
      {"widget:\n  colour: {}\n", "colour"},
      {"widget:\n  position: middle\n", "left or right"},
      {"widget:\n  logo: javascript:alert(1)\n", "widget.logo must be"},
      {"widget:\n  logo: //evil.example/x.png\n", "widget.logo must be"},
      {"widget:\n  privacy: {text: {nl: x}, url: ftp://x}\n", "http: or https:"},
      {"widget:\n  privacy: {url: https://x.example}\n", "widget.privacy.text is missing"},
      {"widget:\n  labels: {nl: {sned: Stuur}}\n", "unknown label 'sned'"},
      {"widget:\n  labels: {de: {send: Senden}}\n", "language 'de' is not in languages.supported"},
      {"widget:\n  launcher: {de: Hallo}\n", "language 'de' is not in languages.supported"},
  };
  for (const Case& c : cases) {
    const auto p = problems(c.widget);
    ASSERT_EQ(1u, p.size()) << c.widget;
    EXPECT_NE(std::string::npos, p[0].find(c.expected)) << p[0];
    EXPECT_NE(std::string::npos, p[0].find("loket.yaml:")) << p[0];
  }
}

TEST(WidgetLabels, EveryLanguageHasEveryWord) {
  const std::set<std::string_view> languages(widget_languages().begin(), widget_languages().end());
  EXPECT_EQ((std::set<std::string_view>{"nl", "fy", "de", "en", "da", "sv", "no", "fr"}),
            languages);
  for (auto lang : widget_languages())
    for (auto key : widget_label_keys())
      EXPECT_FALSE(default_widget_label(lang, key).empty()) << lang << " " << key;
  EXPECT_TRUE(default_widget_label("xx", "send").empty());
  EXPECT_TRUE(default_widget_label("nl", "nonsense").empty());
  EXPECT_EQ("Stop alerts about {topic}", default_widget_label("en", "stop_topic"));
}

}  // namespace
}  // namespace loket::config
