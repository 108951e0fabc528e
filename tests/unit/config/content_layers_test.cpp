// Layered content: a region's shared folder first, the municipality's own after it. A local
// intent changes a shared one only with override: true, and the result says where each part
// comes from.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

#include "config/config.h"
#include "intents/dialogue/content_checks.h"

namespace loket::config {
namespace {

namespace fs = std::filesystem;

constexpr const char* kServerFile = R"(municipality: Zuiderdam
languages: {default: nl, supported: [nl, en]}
content:
  - ../regio/content/
  - content/
)";

constexpr const char* kShared = R"(messages:
  fallback: {nl: "De regio begrijpt het niet.", en: "The region did not understand."}
intents:
  - id: paspoort
    title: {nl: Paspoort, en: Passport}
    examples:
      nl: [hoe vraag ik een paspoort aan, paspoort verlengen]
      en: [how do i get a passport]
    answer: {nl: "Een paspoort kost € 80.", en: "A passport costs € 80."}
    source: Legesverordening regio
    review_by: 2027-01-01
  - id: afvalkalender
    title: {nl: Afvalkalender}
    examples:
      nl: [wanneer wordt het afval opgehaald]
    slots:
      - {name: postcode, entity: postcode, prompt: {nl: "Wat is uw postcode?"}}
    answer: {nl: "Voor {postcode}: kijk op de afvalkalender."}
)";

class ContentLayers : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("loket-layers-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_ / "regio" / "content");
    fs::create_directories(dir_ / "gemeente" / "content");
    write("regio/content/gedeeld.yaml", kShared);
    write("gemeente/loket.yaml", kServerFile);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }

  LoadResult load_local(const std::string& local) {
    write("gemeente/content/lokaal.yaml", local);
    return load_config(dir_ / "gemeente" / "loket.yaml");
  }

  static std::string errors(const LoadResult& result) {
    std::string out;
    for (const auto& d : result.errors) out += d.to_string() + "\n";
    return out;
  }

  fs::path dir_;
};

TEST_F(ContentLayers, AnOverrideReplacesTheAnswerAndKeepsTheSharedExamples) {
  const auto result = load_local(R"(intents:
  - id: paspoort
    override: true
    answer: {nl: "Een paspoort kost € 82,50 in Zuiderdam.", en: "A passport costs € 82.50 here."}
    examples:
      nl: [paspoort ophalen, paspoort verlengen]
)");
  ASSERT_TRUE(result.config) << errors(result);
  ASSERT_EQ(2u, result.config->intents.size());
  const Intent* passport = result.config->find_intent("paspoort");
  ASSERT_NE(nullptr, passport);
  EXPECT_EQ("Een paspoort kost € 82,50 in Zuiderdam.", passport->answer.at("nl"));
  EXPECT_EQ((std::vector<std::string>{"hoe vraag ik een paspoort aan", "paspoort verlengen",
                                      "paspoort ophalen"}),
            passport->examples.at("nl"))
      << "added to the shared examples, each once";
  EXPECT_EQ(1u, passport->examples.at("en").size());
  EXPECT_EQ("Legesverordening regio", passport->source) << "what the override leaves out stays";
  EXPECT_EQ("Passport", passport->title.at("en"));

  // Where each part comes from.
  EXPECT_NE(std::string::npos, passport->file.find("regio/content/gedeeld.yaml"));
  EXPECT_EQ(4, passport->line);
  ASSERT_EQ(1u, passport->overrides.size());
  EXPECT_NE(std::string::npos, passport->overrides[0].where.find("gemeente/content/lokaal.yaml:2"));
  EXPECT_EQ((std::vector<std::string>{"answer", "examples"}), passport->overrides[0].parts);
  ASSERT_EQ(2u, passport->origin.at("examples").size());
  EXPECT_NE(std::string::npos, passport->origin.at("examples")[0].find("gedeeld.yaml:7"));
  EXPECT_NE(std::string::npos, passport->origin.at("examples")[1].find("lokaal.yaml:6"));
  ASSERT_EQ(1u, passport->origin.at("answer").size());
  EXPECT_NE(std::string::npos, passport->origin.at("answer")[0].find("lokaal.yaml:4"));
  EXPECT_NE(std::string::npos, passport->origin.at("source")[0].find("gedeeld.yaml:10"));
  EXPECT_TRUE(result.config->find_intent("afvalkalender")->overrides.empty());
}

// A warning about what an override changed points at the override, the file staff edited, and
// says why: an override's answer replaces the shared one in every language.
TEST_F(ContentLayers, AWarningAboutAnOverridePointsAtTheOverride) {
  const auto result = load_local(R"(intents:
  - id: paspoort
    override: true
    answer: {nl: "Een paspoort kost € 82,50 in Zuiderdam."}
)");
  ASSERT_TRUE(result.config) << errors(result);
  const auto warnings = dialogue::content_warnings(
      *result.config, std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::November,
                                                  std::chrono::day{27}});
  const auto missing = std::find_if(warnings.begin(), warnings.end(), [](const auto& w) {
    return w.message.starts_with("intent 'paspoort' has no answer in 'en'");
  });
  ASSERT_NE(warnings.end(), missing);
  EXPECT_NE(std::string::npos, missing->file.find("gemeente/content/lokaal.yaml")) << missing->file;
  EXPECT_EQ(4, missing->line);
  EXPECT_NE(std::string::npos,
            missing->message.find("an override's answer replaces the shared one in every language"))
      << missing->message;
}

TEST_F(ContentLayers, AnOverrideIsCheckedAsTheIntentResidentsGet) {
  // The shared intent's slot fills the local answer's placeholder.
  auto good = load_local(R"(intents:
  - id: afvalkalender
    override: true
    answer: {nl: "Zuiderdam haalt op {postcode} het afval op dinsdag."}
)");
  EXPECT_TRUE(good.config) << errors(good);
  auto bad = load_local(R"(intents:
  - id: afvalkalender
    override: true
    answer: {nl: "Wijk {wijk}."}
)");
  EXPECT_FALSE(bad.config);
  EXPECT_NE(std::string::npos, errors(bad).find("lokaal.yaml:4:"));
  EXPECT_NE(std::string::npos, errors(bad).find("uses {wijk}"));
}

TEST_F(ContentLayers, ReportsDuplicatesAndOverridesThatCannotBe) {
  struct Case {
    const char* local;
    const char* expected;
  } cases[] = {
      {"intents:\n  - id: paspoort\n    examples: {nl: [x y z]}\n    answer: {nl: Anders.}\n",
       "lokaal.yaml:2:9: duplicate intent id 'paspoort' (first defined at "},
      {"intents:\n  - id: rijbewijs\n    override: true\n    answer: {nl: Anders.}\n",
       "lokaal.yaml:3:15: intent 'rijbewijs' has override: true, but no earlier entry of content: "
       "defines it"},
      {"intents:\n  - id: paspoort\n    override: misschien\n    answer: {nl: Anders.}\n",
       "lokaal.yaml:3:15: intent 'paspoort' override must be true or false"},
      {"intents:\n  - id: paspoort\n    override: true\n    answer: {nl: A.}\n"
       "  - id: paspoort\n    override: true\n    answer: {nl: B.}\n",
       "lokaal.yaml:6:15: intent 'paspoort' has override: true, but "},
      // Meeting the municipality's own override, not the region's intent: change it there.
      {"intents:\n  - id: paspoort\n    override: true\n    answer: {nl: A.}\n"
       "  - id: paspoort\n    examples: {nl: [x y z]}\n    answer: {nl: B.}\n",
       "lokaal.yaml:2); change it there, or give this one another id"},
  };
  for (const auto& c : cases) {
    const auto result = load_local(c.local);
    EXPECT_FALSE(result.config) << c.local;
    EXPECT_NE(std::string::npos, errors(result).find(c.expected)) << c.local << "\ngot:\n"
                                                                  << errors(result);
  }
  // The duplicate names both files, and says how to change the shared intent.
  const auto dup = load_local(cases[0].local);
  EXPECT_NE(std::string::npos, errors(dup).find("regio/content/gedeeld.yaml:4); to change that "
                                                "intent here, add override: true"));
}

TEST_F(ContentLayers, TheSameIdTwiceInOneLayerIsStillADuplicateEvenWithOverride) {
  write("regio/content/meer.yaml", R"(intents:
  - id: paspoort
    override: true
    answer: {nl: Anders.}
)");
  const auto result = load_local("intents: []\n");
  EXPECT_FALSE(result.config);
  EXPECT_NE(std::string::npos, errors(result).find("in the same entry of content: defines it too"))
      << errors(result);
}

TEST_F(ContentLayers, ALaterLayersMessagesReplaceTheSharedOnes) {
  auto result = load_local("messages:\n  fallback: {nl: \"Zuiderdam begrijpt het niet.\"}\n");
  ASSERT_TRUE(result.config) << errors(result);
  EXPECT_EQ("Zuiderdam begrijpt het niet.", result.config->messages.fallback.at("nl"));
  EXPECT_EQ(0u, result.config->messages.fallback.count("en")) << "replaced as a whole";

  write("gemeente/content/nog-een.yaml", "messages:\n  fallback: {nl: \"Twee keer.\"}\n");
  result = load_local("messages:\n  fallback: {nl: \"Zuiderdam begrijpt het niet.\"}\n");
  EXPECT_FALSE(result.config);
  EXPECT_NE(std::string::npos,
            errors(result).find("messages.fallback is defined in more than one"));
}

TEST_F(ContentLayers, LayeredContentLoadsAgainFromThePublishedFiles) {
  const auto result =
      load_local("intents:\n  - id: paspoort\n    override: true\n    answer: {nl: \"Lokaal.\"}\n");
  ASSERT_TRUE(result.config) << errors(result);
  EXPECT_EQ(1u, result.files.files.count("../regio/content/gedeeld.yaml"));
  const auto again = load_config(dir_ / "elders" / "gemeente" / "loket.yaml", result.files);
  ASSERT_TRUE(again.config) << errors(again);
  EXPECT_EQ("Lokaal.", again.config->find_intent("paspoort")->answer.at("nl"));
  EXPECT_EQ(1u, again.config->find_intent("paspoort")->overrides.size());
}

}  // namespace
}  // namespace loket::config
