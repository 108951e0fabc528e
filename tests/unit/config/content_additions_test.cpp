// Examples added from the dashboard: an override per intent in loket's additions file, each
// question once (whatever its capitals), other intents and languages left as they were.
#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

#include "config/content_additions.h"

namespace loket::config {
namespace {

TEST(ContentAdditions, AnOverrideThatAddsExamples) {
  const auto first =
      with_added_examples("intents: []\n", "paspoort-aanvragen", {{"nl", {"pas kwijt op reis"}}});
  EXPECT_EQ(1u, first.added);
  const YAML::Node parsed = YAML::Load(first.text);
  EXPECT_EQ("paspoort-aanvragen", parsed["intents"][0]["id"].as<std::string>());
  EXPECT_TRUE(parsed["intents"][0]["override"].as<bool>());
  EXPECT_EQ("pas kwijt op reis", parsed["intents"][0]["examples"]["nl"][0].as<std::string>());
  EXPECT_EQ(0u, first.text.find("# Examples staff added")) << first.text;

  const auto second = with_added_examples(
      first.text, "paspoort-aanvragen",
      {{"nl", {"Pas kwijt op reis", "paspoort vergeten"}}, {"en", {"lost my passport abroad"}}});
  EXPECT_EQ(2u, second.added) << "the same question in capitals is there already";
  const auto third = with_added_examples(second.text, "afval-ophalen", {{"nl", {"kliko vol"}}});
  const YAML::Node all = YAML::Load(third.text);
  ASSERT_EQ(2u, all["intents"].size());
  EXPECT_EQ(2u, all["intents"][0]["examples"]["nl"].size());
  EXPECT_EQ("lost my passport abroad", all["intents"][0]["examples"]["en"][0].as<std::string>());
  EXPECT_EQ("afval-ophalen", all["intents"][1]["id"].as<std::string>());
  EXPECT_EQ(std::string::npos, third.text.find("[{")) << "block style:\n" << third.text;
}

TEST(ContentAdditions, AnEmptyFileStartsTheList) {
  EXPECT_EQ(1u, with_added_examples("", "x", {{"nl", {"vraag"}}}).added);
  EXPECT_EQ(1u, with_added_examples("# alleen commentaar\n", "x", {{"nl", {"vraag"}}}).added);
}

TEST(ContentAdditions, ANonContentFileIsRefused) {
  EXPECT_THROW(with_added_examples("- a\n- b\n", "x", {{"nl", {"v"}}}), std::invalid_argument);
  EXPECT_THROW(with_added_examples("intents: 5\n", "x", {{"nl", {"v"}}}), std::invalid_argument);
}

}  // namespace
}  // namespace loket::config
