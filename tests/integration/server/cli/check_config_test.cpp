// `loket check-config` as operators and staff run it: the summary, which channels the
// environment turns on and why others are off, and problems with file:line:column.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "server_process.h"
#include "webpush_test_keys.h"

namespace loket::testing {
namespace {

const std::string kExample = LOKET_EXAMPLE_CONTENT "/../loket.yaml";

TEST(CheckConfig, TheExampleIsFineAndSaysWhichChannelsAreOn) {
  auto off = run_loket("check-config --config " + kExample);
  EXPECT_EQ(0, off.status) << off.out;
  EXPECT_NE(std::string::npos, off.out.find("ok: 99 intents")) << off.out;
  EXPECT_NE(std::string::npos,
            off.out.find("channel telegram is off: LOKET_TELEGRAM_BOT_TOKEN is not set"));
  EXPECT_EQ(std::string::npos, off.out.find("channels on:"));
  // The shipped example passes the CI gate the docs recommend (on a fixed day: its review dates
  // fall due as time goes by); the examples the matcher files elsewhere are notes.
  auto strict = run_loket("check-config --strict --as-of 2026-12-01 --config " + kExample);
  EXPECT_EQ(0, strict.status) << strict.out;
  EXPECT_NE(std::string::npos, strict.out.find(": note: example '")) << strict.out;
  // A month on, some answers are due for review: a warning, and under --strict an error.
  auto later = run_loket("check-config --as-of 2027-01-02 --config " + kExample);
  EXPECT_EQ(0, later.status) << later.out;
  EXPECT_NE(std::string::npos, later.out.find(": warning: the answer of intent '")) << later.out;
  EXPECT_NE(std::string::npos, later.out.find("was due for review on 2027-01-01")) << later.out;
  EXPECT_NE(std::string::npos,
            later.out.find("regelingen.yaml:65:1: warning: scheme 'meedoenregeling' was due for "
                           "review on 2026-12-31"))
      << later.out;
  EXPECT_EQ(1, run_loket("check-config --strict --as-of 2027-01-02 --config " + kExample).status);
  auto bad_day = run_loket("check-config --as-of 2027-02-30 --config " + kExample);
  EXPECT_EQ(2, bad_day.status);
  EXPECT_NE(std::string::npos, bad_day.out.find("--as-of '2027-02-30' is no day of the calendar"))
      << bad_day.out;

  auto on = run_loket("check-config --config " + kExample,
                      {{"LOKET_TELEGRAM_BOT_TOKEN", "123:never-printed"},
                       {"LOKET_TELEGRAM_SECRET_TOKEN", "s3cr3t-never-printed"}});
  EXPECT_EQ(0, on.status) << on.out;
  EXPECT_NE(std::string::npos, on.out.find("channels on: telegram")) << on.out;
  EXPECT_EQ(std::string::npos, on.out.find("never-printed")) << "secrets are not printed";
}

TEST(CheckConfig, AVapidKeyThatIsNotOneKeepsWebPushOff) {
  auto bad = run_loket("check-config --config " + kExample,
                       {{"LOKET_VAPID_PRIVATE_KEY", "/etc/loket/vapid.pem"},
                        {"LOKET_VAPID_SUBJECT", "mailto:meldingen@noorderhaven.example"}});
  EXPECT_EQ(0, bad.status) << bad.out;
  EXPECT_NE(std::string::npos,
            bad.out.find("channel webpush is off: channels.webpush.vapid_private_key is not a "
                         "P-256 PEM key (for a file, write {file: PATH})"))
      << bad.out;
  EXPECT_EQ(std::string::npos, bad.out.find("channels on:")) << bad.out;

  auto good = run_loket("check-config --config " + kExample,
                        {{"LOKET_VAPID_PRIVATE_KEY", kVapidPem},
                         {"LOKET_VAPID_SUBJECT", "mailto:meldingen@noorderhaven.example"}});
  EXPECT_NE(std::string::npos, good.out.find("channels on: webpush")) << good.out;
  EXPECT_EQ(std::string::npos, good.out.find("PRIVATE KEY")) << "the key is not printed";
}

TEST(CheckConfig, ASecretWrittenInTheYamlIsAnErrorWithItsPlace) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("loket-check-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ifstream in(kExample);
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  yaml.replace(yaml.find("{env: LOKET_TELEGRAM_BOT_TOKEN}"), 31, "\"123:abc\"");
  for (const std::string layer : {"../regio-noord/content/", "content/"}) {
    const auto at = yaml.find("  - " + layer + "\n");
    yaml.replace(at + 4, layer.size(),
                 layer == "content/" ? LOKET_EXAMPLE_CONTENT "/" : LOKET_REGION_CONTENT "/");
  }
  yaml.replace(yaml.find("conversation_tests:\n  - tests/"), 30, "");
  std::ofstream(dir / "loket.yaml") << yaml;
  auto r = run_loket("check-config --config " + (dir / "loket.yaml").string());
  std::filesystem::remove_all(dir);
  EXPECT_EQ(1, r.status) << r.out;
  EXPECT_NE(std::string::npos, r.out.find("loket.yaml:")) << r.out;
  EXPECT_NE(std::string::npos, r.out.find("channels.telegram.bot_token is a secret")) << r.out;
  EXPECT_EQ(std::string::npos, r.out.find("123:abc"))
      << "not even a secret written where it should not be";
}

// The test conversations are read by check-config too, as strictly as content: a language the
// municipality does not serve, a conversation with no turns, two of one name, a tab.
TEST(CheckConfig, ReadsTheTestConversationsAsStrictlyAsContent) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("loket-tests-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "loket.yaml") << "languages: {default: nl, supported: [nl, en]}\n"
                                       "content: [content.yaml]\nconversation_tests: [t.yaml]\n";
  std::ofstream(dir / "content.yaml")
      << "intents:\n  - id: paspoort\n    examples: {nl: [paspoort aanvragen], en: [passport]}\n"
         "    answer: {nl: Kom langs., en: Come by.}\n"
         "messages: {fallback: {nl: \"Wat bedoelt u?\", en: \"Sorry?\"}}\n";
  std::ofstream(dir / "t.yaml") << "conversations:\n"
                                   "  - name: een\n    lang: eng\n"
                                   "    turns: [{say: passport, expect_lang: engels}]\n"
                                   "  - name: leeg\n    turns: []\n"
                                   "  - name: een\n    turns: [{say: paspoort}]\n";
  const auto config = (dir / "loket.yaml").string();
  auto r = run_loket("check-config --config " + config);
  EXPECT_EQ(1, r.status) << r.out;
  for (const char* problem :
       {"t.yaml:3:11: 'lang': 'eng' is not one of this municipality's languages (nl, en)",
        "t.yaml:4:42: 'expect_lang': 'engels' is not one of this municipality's languages",
        "t.yaml:6:12: conversation 'leeg' has no turns",
        "t.yaml:7:11: conversation 'een' is named "
        "so at "})
    EXPECT_NE(std::string::npos, r.out.find(problem)) << problem << "\n" << r.out;
  EXPECT_NE(std::string::npos,
            r.out.find("content.yaml:2:1: warning: intent 'paspoort' has no title in 'nl'"))
      << "the content's warnings are said beside the tests' errors: they may explain them\n"
      << r.out;
  std::ofstream(dir / "t.yaml") << "conversations:\n  - name: tab\n\tturns: []\n";
  r = run_loket("check-config --config " + config);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(1, r.status) << r.out;
  EXPECT_NE(std::string::npos, r.out.find("use spaces instead")) << r.out;
}

// A municipality that takes the region's content as shared and overrides one answer: check-config
// says where each intent comes from, and `content show` prints the effective intent.
TEST(CheckConfig, LayeredContentSaysWhereEachIntentComesFrom) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("loket-layers-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "lokaal");
  std::ofstream(dir / "loket.yaml") << "municipality: Zuiderdam\n"
                                       "languages: {default: nl, supported: [nl, en, de]}\n"
                                       "content:\n  - " LOKET_REGION_CONTENT "/\n  - lokaal/\n";
  // The region leaves topics and schemes to each municipality: Zuiderdam's own.
  for (const char* own : {"onderwerpen.yaml", "regelingen.yaml"})
    std::filesystem::copy_file(LOKET_REGION_CONTENT "/../../zuiderdam/content/" + std::string(own),
                               dir / "lokaal" / own);
  std::ofstream(dir / "lokaal" / "burgerzaken.yaml")
      << "intents:\n"
         "  - id: paspoort-aanvragen\n"
         "    override: true\n"
         "    answer: {nl: \"In Zuiderdam kost een paspoort € 82,50.\"}\n"
         "    examples:\n"
         "      nl: [paspoort halen in zuiderdam]\n";
  const auto config = (dir / "loket.yaml").string();
  auto check = run_loket("check-config --config " + config);
  auto show = run_loket("content show paspoort-aanvragen --config " + config);
  auto missing = run_loket("content show geen-intent --config " + config);
  std::filesystem::remove_all(dir);

  EXPECT_EQ(0, check.status) << check.out;
  EXPECT_NE(std::string::npos, check.out.find("intents by origin (1 overridden):")) << check.out;
  EXPECT_NE(std::string::npos,
            check.out.find("  paspoort-aanvragen: " LOKET_REGION_CONTENT "/burgerzaken.yaml:"))
      << check.out;
  EXPECT_NE(std::string::npos,
            check.out.find("overridden at " + (dir / "lokaal" / "burgerzaken.yaml").string() +
                           ":2 (answer, examples)"))
      << check.out;

  EXPECT_EQ(0, show.status) << show.out;
  EXPECT_NE(std::string::npos, show.out.find("id: paspoort-aanvragen\n")) << show.out;
  EXPECT_NE(std::string::npos, show.out.find("burgerzaken.yaml:4\nanswer:\n  nl: In Zuiderdam"))
      << "the answer is the local one, and says so:\n"
      << show.out;
  EXPECT_NE(std::string::npos, show.out.find("    - paspoort halen in zuiderdam\n")) << show.out;
  EXPECT_NE(std::string::npos, show.out.find("    - Hoe vraag ik een paspoort aan?\n"))
      << "the shared examples are kept:\n"
      << show.out;

  EXPECT_EQ(1, missing.status);
  EXPECT_NE(std::string::npos, missing.out.find("no intent 'geen-intent'")) << missing.out;
}

}  // namespace
}  // namespace loket::testing
