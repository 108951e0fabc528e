#include "config/config.h"
#include "config/yaml_checker.h"
#include "config/yaml_text.h"
#include "intents/text_normalizer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

namespace loket::config {
namespace {

namespace fs = std::filesystem;

constexpr const char* kServerFile = R"(municipality: Testdorp
languages:
  default: nl
  supported: [nl, en]
content:
  - content.yaml
)";

constexpr const char* kGoodContent = R"(intents:
  - id: paspoort
    title: {nl: Paspoort, en: Passport}
    examples:
      nl: [hoe vraag ik een paspoort aan]
      en: [how do i get a passport]
    answer:
      nl: Maak een afspraak.
      en: Make an appointment.
messages:
  fallback: {nl: Dat begrijp ik niet., en: I did not understand.}
)";

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() / ("loket-config-test-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    auto p = dir_ / name;
    std::ofstream(p) << text;
    return p;
  }

  // Loads a server file and one content file; returns the diagnostics as strings.
  std::vector<std::string> problems(const std::string& server, const std::string& content) {
    write("content.yaml", content);
    auto result = load_config(write("loket.yaml", server));
    std::vector<std::string> out;
    for (const auto& d : result.errors) out.push_back(d.to_string());
    EXPECT_EQ(out.empty(), result.config.has_value());
    return out;
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

TEST_F(ConfigTest, LoadsAGoodConfiguration) {
  write("content.yaml", kGoodContent);
  auto result = load_config(write("loket.yaml", kServerFile));
  ASSERT_TRUE(result.config) << (result.errors.empty() ? "" : result.errors[0].to_string());
  const Config& c = *result.config;
  EXPECT_EQ("Testdorp", c.municipality);
  EXPECT_EQ((std::vector<std::string>{"nl", "en"}), c.languages);
  ASSERT_EQ(1u, c.intents.size());
  EXPECT_EQ("Maak een afspraak.", c.intents[0].answer.at("nl"));
  EXPECT_EQ(8080, c.server.listen_port);
  EXPECT_EQ(65536u, c.limits.max_body_bytes);
  EXPECT_EQ(1000u, c.limits.max_text_chars);
}

TEST_F(ConfigTest, ReportsEachProblemWithFileLineAndColumn) {
  struct Case {
    const char* name;
    std::string server;
    std::string content;
    std::string want;  // one expected diagnostic, with the file name as {s} or {c}
  } cases[] = {
      {"unknown key", std::string(kServerFile) + "colour: blue\n", kGoodContent,
       "{s}:7:1: unknown key 'colour' in the server file"},
      {"wrong type", std::string(kServerFile) + "server:\n  threads: many\n", kGoodContent,
       "{s}:8:12: server.threads must be a whole number, found 'many'"},
      {"out of range", std::string(kServerFile) + "limits:\n  max_text_chars: 0\n", kGoodContent,
       "{s}:8:19: limits.max_text_chars must be between 1 and 100000, found 0"},
      {"bad listen", std::string(kServerFile) + "server:\n  listen: localhost\n", kGoodContent,
       "{s}:8:11: server.listen must be HOST:PORT, found 'localhost'"},
      {"unknown client address header",
       std::string(kServerFile) + "server:\n  client_address_header: x-real-ip\n", kGoodContent,
       "{s}:8:26: server.client_address_header must be x-forwarded-for or forwarded (the header "
       "your proxy appends the client to); found 'x-real-ip'"},
      {"yaml syntax", kServerFile, "intents:\n  - id: [unclosed\n", "{c}:3:1: "},
      {"unsupported language",
       "languages: {default: nl, supported: [nl, NL]}\ncontent: [content.yaml]\n", kGoodContent,
       "{s}:1:42: language 'NL' must be written in lower case: 'nl'"},
      {"upper-case language in content", kServerFile,
       "intents:\n  - id: a\n    examples: {NL: [v]}\n    answer: {nl: x}\n"
       "messages: {fallback: {nl: x}}\n",
       "{c}:3:16: language 'NL' is not in languages.supported (write it in lower case: 'nl')"},
      {"suggestion misspelt", kServerFile,
       "intents:\n  - id: hondenbelasting\n    examples: {nl: [v]}\n    answer: {nl: x}\n"
       "    suggestions: [hondebelasting]\nmessages: {fallback: {nl: x}}\n",
       "{c}:5:19: suggestion 'hondebelasting' is not an intent id (did you mean "
       "'hondenbelasting'?)"},
      {"unknown two-letter language",
       "languages: {default: nl, supported: [nl, xx]}\ncontent: [content.yaml]\n", kGoodContent,
       "{s}:1:42: language 'xx' is not a language code: two lower-case letters of ISO 639-1"},
      {"missing answer", kServerFile,
       "intents:\n  - id: a\n    examples: {nl: [vraag]}\nmessages: {fallback: {nl: x}}\n",
       "{c}:2:5: intent 'a' has no answer"},
      {"answer not in default language", kServerFile,
       "intents:\n  - id: a\n    examples: {nl: [vraag]}\n    answer: {en: x}\nmessages: "
       "{fallback: {nl: x}}\n",
       "{c}:4:13: intent 'a' has no answer in the default language 'nl'"},
      {"duplicate id", kServerFile,
       "intents:\n  - id: a\n    examples: {nl: [v]}\n    answer: {nl: x}\n"
       "  - id: a\n    examples: {nl: [w]}\n    answer: {nl: y}\nmessages: {fallback: {nl: x}}\n",
       "{c}:5:9: duplicate intent id 'a' (first defined at {c}:2)"},
      {"duplicate topic", kServerFile,
       "intents:\n  - id: a\n    examples: {nl: [v]}\n    answer: {nl: x}\ntopics:\n"
       "  - id: t\n    name: {nl: T}\n  - id: t\n    name: {nl: U}\n"
       "messages: {fallback: {nl: x}}\n",
       "{c}:8:9: duplicate topic id 't' (first defined at {c}:6)"},
      {"wrong type in intent", kServerFile,
       "intents:\n  - id: a\n    examples: {nl: vraag}\n    answer: {nl: x}\nmessages: {fallback: "
       "{nl: x}}\n",
       "{c}:3:20: intent 'a' examples.nl must be a list, found 'vraag'"},
      {"a draft's placeholder answer", kServerFile,
       "intents:\n  - id: a\n    examples: {nl: [v]}\n    answer:\n      nl: \"…\"\n"
       "messages: {fallback: {nl: x}}\n",
       "{c}:5:11: intent 'a' answer (nl) is still '…', a placeholder: write the answer residents "
       "get"},
      {"unknown intent key", kServerFile,
       "intents:\n  - id: a\n    anwser: {nl: x}\n    examples: {nl: [v]}\n    answer: {nl: x}\n"
       "messages: {fallback: {nl: x}}\n",
       "{c}:3:5: unknown key 'anwser' in an intent (did you mean 'answer'?) (known: id, "},
      {"a language slipped out of its block", kServerFile,
       "intents:\n  - id: a\n    title:\n      nl: A\n    en: B\n    examples: {nl: [v]}\n"
       "    answer: {nl: x}\nmessages: {fallback: {nl: x}}\n",
       "{c}:5:5: unknown key 'en' in an intent (known: id, title, examples, answer, links, "
       "suggestions, slots, lookup, action, confirm, declined, empty, keywords, source, "
       "review_by, handoff, urgent, whole_answer, required_words, override); 'en' is a language: "
       "if it belongs "
       "under title, examples or answer, indent it like the other languages there"},
      {"language not configured", kServerFile,
       "intents:\n  - id: a\n    examples: {de: [frage]}\n    answer: {nl: x}\nmessages: "
       "{fallback: {nl: x}}\n",
       "{c}:3:16: language 'de' is not in languages.supported"},
      {"unknown suggestion", kServerFile,
       "intents:\n  - id: a\n    examples: {nl: [v]}\n    answer: {nl: x}\n    suggestions: [b]\n"
       "messages: {fallback: {nl: x}}\n",
       "{c}:5:19: suggestion 'b' is not an intent id"},
      {"unknown fallback suggestion", kServerFile,
       "intents:\n  - id: a\n    examples: {nl: [v]}\n    answer: {nl: x}\n"
       "messages:\n  fallback: {nl: x}\n  fallback_suggestions: [a, human]\n",
       "{c}:7:29: suggestion 'human' is not an intent id"},
      {"bad review date", kServerFile,
       "intents:\n  - id: a\n    examples: {nl: [v]}\n    answer: {nl: x}\n    review_by: "
       "2026-13-01\n"
       "messages: {fallback: {nl: x}}\n",
       "{c}:5:16: intent 'a' review_by '2026-13-01' has no month 13 (YYYY-MM-DD: the month "
       "second)"},
      {"urgent not a yes or no", kServerFile,
       "intents:\n  - id: a\n    examples: {nl: [v]}\n    answer: {nl: x}\n    urgent: ja\n"
       "messages: {fallback: {nl: x}}\n",
       "{c}:5:13: intent 'a' urgent must be true or false"},
      {"whole_answer not a yes or no", kServerFile,
       "intents:\n  - id: a\n    examples: {nl: [v]}\n    answer: {nl: x}\n    whole_answer: "
       "altijd\n"
       "messages: {fallback: {nl: x}}\n",
       "{c}:5:19: intent 'a' whole_answer must be true or false"},
      {"whole_answer a list", kServerFile,
       "intents:\n  - id: a\n    examples: {nl: [v]}\n    answer: {nl: x}\n    whole_answer: "
       "[true]\n"
       "messages: {fallback: {nl: x}}\n",
       "{c}:5:19: intent 'a' whole_answer must be true or false"},
      {"review date not on the calendar", kServerFile,
       "intents:\n  - id: a\n    examples: {nl: [v]}\n    answer: {nl: x}\n    review_by: "
       "2027-02-30\n"
       "messages: {fallback: {nl: x}}\n",
       "{c}:5:16: intent 'a' review_by '2027-02-30' is no day of the calendar (that month has "
       "28 days)"},
      {"review_by not a date", kServerFile,
       "intents:\n  - id: a\n    examples: {nl: [v]}\n    answer: {nl: x}\n"
       "    review_by: 1-2-2027\nmessages: {fallback: {nl: x}}\n",
       "{c}:5:16: intent 'a' review_by must be a date, YYYY-MM-DD; found '1-2-2027'"},
      {"link scheme", kServerFile,
       "intents:\n  - id: a\n    examples: {nl: [v]}\n    answer: {nl: x}\n"
       "    links: [{url: 'ftp://x'}]\nmessages: {fallback: {nl: x}}\n",
       "{c}:5:19: intent 'a' link url 'ftp://x' must start with https://"},
      {"link without address", kServerFile,
       "intents:\n  - id: a\n    examples: {nl: [v]}\n    answer: {nl: x}\n"
       "    links: [{url: 'https://'}]\nmessages: {fallback: {nl: x}}\n",
       "{c}:5:19: intent 'a' link url 'https://' has no address after https://"},
      {"link with a quote", kServerFile,
       "intents:\n  - id: a\n    examples: {nl: [v]}\n    answer: {nl: x}\n"
       "    links: [{url: 'https://www.example.nl/a\"b'}]\nmessages: {fallback: {nl: x}}\n",
       "{c}:5:19: intent 'a' link url 'https://www.example.nl/a\"b' is not a web address"},
      {"link with a space", kServerFile,
       "intents:\n  - id: a\n    examples: {nl: [v]}\n    answer: {nl: x}\n"
       "    links: [{url: 'https://www.noorderhaven.nl/hon den'}]\nmessages: {fallback: {nl: x}}\n",
       "{c}:5:19: intent 'a' link url 'https://www.noorderhaven.nl/hon den' has a space in it "
       "(write "
       "%20, or leave it out)"},
      {"missing fallback", kServerFile,
       "intents:\n  - id: a\n    examples: {nl: [v]}\n    answer: {nl: x}\n",
       "{s}:1:1: messages.fallback in the default language 'nl' is missing"},
      {"duplicate key", kServerFile,
       "intents:\n  - id: a\n    id: b\n    examples: {nl: [v]}\n    answer: {nl: x}\n"
       "messages: {fallback: {nl: x}}\n",
       "{c}:3:5: an intent: duplicate key 'id'"},
  };
  for (const auto& c : cases) {
    auto want = c.want;
    for (auto [tag, file] : {std::pair{"{s}", "loket.yaml"}, std::pair{"{c}", "content.yaml"}})
      for (auto at = want.find(tag); at != std::string::npos; at = want.find(tag))
        want.replace(at, 3, path(file));
    auto got = problems(c.server, c.content);
    bool found = false;
    for (const auto& line : got) found = found || line.rfind(want, 0) == 0;
    std::string all;
    for (const auto& line : got) all += "\n  " + line;
    EXPECT_TRUE(found) << "case '" << c.name << "': want a line starting with\n  " << want
                       << "\ngot:" << all;
  }
}

TEST(DidYouMean, NamesTheKnownWordATypoOrASwapAway) {
  const std::vector<std::string> keys = {"id", "title", "examples", "answer", "suggestions"};
  EXPECT_EQ(" (did you mean 'answer'?)", did_you_mean("anwser", keys)) << "two letters swapped";
  EXPECT_EQ(" (did you mean 'examples'?)", did_you_mean("exampels", keys));
  EXPECT_EQ(" (did you mean 'examples'?)", did_you_mean("example", keys));
  EXPECT_EQ(" (did you mean 'suggestions'?)", did_you_mean("sugestions", keys));
  EXPECT_EQ("", did_you_mean("colour", keys));
  EXPECT_EQ(" (did you mean 'title'?)", did_you_mean("titel", keys))
      << "a swap in a short word: one typo, where two changes would be too many";
  EXPECT_EQ("", did_you_mean("tilte", {"id"}));
}

TEST_F(ConfigTest, AThreeLetterCodeForALanguageWithTwoLettersIsRefusedWhereItIsListed) {
  const auto found = problems(
      "languages: {default: nl, supported: [nl, eng]}\ncontent: [content.yaml]\n", kGoodContent);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(path("loket.yaml") +
                ":1:42: language 'eng' has a two-letter code: use 'en' (content, residents' "
                "browsers and the stemmers use that one)",
            found[0]);
  EXPECT_EQ("nl", two_letter_code_of("dut"));
  EXPECT_EQ("", two_letter_code_of("pap"));
}

TEST_F(ConfigTest, TheSureThresholdIsNeverBelowTheThreshold) {
  const auto below =
      problems(std::string(kServerFile) + "matcher:\n  threshold: 0.3\n  sure_threshold: 0.2\n",
               kGoodContent);
  ASSERT_EQ(1u, below.size());
  EXPECT_NE(std::string::npos,
            below[0].find("loket.yaml:9:19: matcher.sure_threshold must be at least "
                          "matcher.threshold"))
      << below[0];
  write("content.yaml", kGoodContent);
  const auto above =
      load_config(write("loket.yaml", std::string(kServerFile) +
                                          "matcher:\n  threshold: 0.3\n  sure_threshold: 0.4\n"));
  ASSERT_TRUE(above.config);
  EXPECT_EQ(0.4, above.config->matcher.sure_threshold);
}

TEST_F(ConfigTest, AListUnderALanguageWithoutItsColonAsksForTheColon) {
  const auto errors = problems(kServerFile, R"(intents:
  - id: paspoort
    title: {nl: Paspoort, en: Passport}
    examples:
      nl
        - paspoort aanvragen
      en: [passport]
    answer: {nl: Maak een afspraak., en: Make an appointment.}
)");
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(std::string::npos, errors[0].find("content.yaml:5:7: 'nl' has no ':' after it"))
      << errors[0];
  // Alone under its key, YAML takes the two lines for one text where a mapping belongs.
  const auto alone = problems(kServerFile, R"(intents:
  - id: paspoort
    title: {nl: Paspoort, en: Passport}
    examples:
      nl
        - paspoort aanvragen
    answer: {nl: Maak een afspraak., en: Make an appointment.}
)");
  ASSERT_FALSE(alone.empty());
  EXPECT_NE(std::string::npos, alone[0].find("(is the ':' after 'nl' missing?)")) << alone[0];
}

TEST_F(ConfigTest, AnIntentThatSuggestsItselfIsAWarning) {
  std::string content = kGoodContent;
  content.insert(content.find("messages:"), "    suggestions: [paspoort]\n");
  write("content.yaml", content);
  const auto result = load_config(write("loket.yaml", kServerFile));
  ASSERT_TRUE(result.config) << result.errors.at(0).to_string();
  ASSERT_EQ(1u, result.config->file_warnings.size());
  EXPECT_NE(std::string::npos,
            result.config->file_warnings[0].to_string().find("intent 'paspoort' suggests itself"))
      << result.config->file_warnings[0].to_string();
}

TEST_F(ConfigTest, AnExampleTwiceInOneListIsAWarningWhereItIsRepeated) {
  write("content.yaml", R"(intents:
  - id: paspoort
    title: {nl: Paspoort, en: Passport}
    examples:
      nl:
        - paspoort aanvragen
        - nieuw paspoort
        - paspoort aanvragen
      en: [passport]
    answer: {nl: Maak een afspraak., en: Make an appointment.}
messages:
  fallback: {nl: Dat begrijp ik niet., en: I did not understand.}
)");
  const auto result = load_config(write("loket.yaml", kServerFile));
  ASSERT_TRUE(result.config) << result.errors.at(0).to_string();
  ASSERT_EQ(1u, result.config->file_warnings.size());
  EXPECT_NE(std::string::npos,
            result.config->file_warnings[0].to_string().find(
                "content.yaml:8:11: example 'paspoort aanvragen' is twice in intent 'paspoort' "
                "(nl): the second is left out"))
      << result.config->file_warnings[0].to_string();
}

TEST_F(ConfigTest, ReportsAMissingContentPath) {
  auto result = load_config(
      write("loket.yaml", "languages: {default: nl, supported: [nl]}\ncontent: [nowhere/]\n"));
  ASSERT_EQ(1u, result.errors.size());
  EXPECT_NE(std::string::npos, result.errors[0].message.find("'nowhere/' does not exist"));
}

// A file staff saved with the wrong ending, or a folder they made inside the content folder,
// would never go live without a word: each is a warning at its path.
TEST_F(ConfigTest, FilesInAContentFolderThatAreNotReadAreWarnings) {
  fs::create_directories(dir_ / "content" / "nieuw");
  fs::create_directories(dir_ / "content" / "tabellen");
  write("content/a.yaml", kGoodContent);
  write("content/Extra2.YAML", "intents: []\n");
  write("content/derde.yaml.txt", "intents: []\n");
  write("content/nieuw/extra.yaml", "intents: []\n");
  write("content/tabellen/wijken.csv", "postcode,wijk\n");  // a table: read where named
  write("content/.concept.yaml.swp", "");
  write("content/notities.txt", "");
  const auto result = load_config(
      write("loket.yaml", "languages: {default: nl, supported: [nl, en]}\ncontent: [content/]\n"));
  ASSERT_TRUE(result.config) << result.errors.at(0).to_string();
  std::vector<std::string> unread;
  for (const auto& w : result.config->file_warnings) unread.push_back(w.to_string());
  ASSERT_EQ(3u, unread.size());
  EXPECT_EQ(path("content/Extra2.YAML") +
                ":1:1: this file is not read: only names ending in .yaml or .yml, in small "
                "letters, are (rename it)",
            unread[0]);
  EXPECT_EQ(0u, unread[1].rfind(path("content/derde.yaml.txt") + ":1:1: this file is not read", 0));
  EXPECT_EQ(path("content/nieuw") +
                ":1:1: this folder is not read: content folders are read without their "
                "subfolders, so list it under content too",
            unread[2]);
}

TEST_F(ConfigTest, AQuoteLeftOpenIsRefusedWhereItOpensNotTakenAsTheRestOfTheFile) {
  const std::string server =
      "languages: {default: nl, supported: [nl, en]}\ncontent: [content.yaml]\n";
  std::string open_double = kGoodContent;
  open_double.replace(open_double.find("nl: Maak"), 3, "nl: \"Maak");
  auto found = problems(server, open_double);
  ASSERT_FALSE(found.empty());  // then what is missing without the file
  EXPECT_EQ(0u,
            found[0].rfind(path("content.yaml") + ":8:11: this quoted text has no closing \"", 0))
      << found[0];
  std::string open_single = kGoodContent;
  open_single.replace(open_single.find("en: Make"), 3, "en: 'it''s");
  found = problems(server, open_single);
  ASSERT_FALSE(found.empty());
  EXPECT_NE(std::string::npos, found[0].find(":9:11: this quoted text has no closing '"))
      << found[0];
  // Quotes that close, over lines and with escapes, are as before.
  std::string closed = kGoodContent;
  closed.replace(closed.find("nl: Maak een afspraak."), 22,
                 "nl: \"Maak een \\\"afspraak\\\"\n        bij de balie.\"");
  closed.replace(closed.find("en: Make"), 3, "en: 'it''s'\n      # ");
  EXPECT_TRUE(problems(server, closed).empty());
}

TEST_F(ConfigTest, AQuoteLeftOpenMidFileIsReportedWhereItOpensNotAsIndentation) {
  const std::string server =
      "languages: {default: nl, supported: [nl, en]}\ncontent: [content.yaml]\n";
  // The open quote is closed by the next text's opening quote; yaml-cpp fails there.
  std::string content = kGoodContent;
  content.replace(content.find("nl: Maak"), 3, "nl: \"Maak");
  content.replace(content.find("messages:"), 0,
                  "  - id: rijbewijs\n    examples: {nl: [rijbewijs aanvragen]}\n"
                  "    answer: {nl: \"Kom langs.\", en: Come by.}\n");
  auto found = problems(server, content);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(0u, found[0].rfind(path("content.yaml") +
                                   ":8:11: this quoted text is not closed on its line: add the "
                                   "closing \" where the text ends (YAML read on to the next \", "
                                   "on line 12",
                               0))
      << found[0];
  // A quote over two lines on purpose, and a real indentation mistake further on: the message
  // is yaml-cpp's, at the mistake.
  content = kGoodContent;
  content.replace(content.find("nl: Maak een afspraak."), 22,
                  "nl: \"Maak een afspraak\n        bij de balie.\"");
  content.replace(content.find("messages:"), 0, "  - id: x\n      examples: [a]\n   b: c\n");
  found = problems(server, content);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(std::string::npos, found[0].find("not closed on its line")) << found[0];
  // Quotes inside block text ("'s Avonds", "Let op: 'x") are text, not quotes left open.
  content = kGoodContent;
  content.replace(content.find("nl: Maak een afspraak."), 22,
                  "nl: |\n        's Avonds zijn we dicht.\n        Let op: 'x\n        - 'y");
  content.replace(content.find("messages:"), 0, "  - id: x\n      examples: [a]\n   b: c\n");
  found = problems(server, content);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(std::string::npos, found[0].find("not closed on its line")) << found[0];
}

// A file YAML cannot read is the one problem named: without it the content seems to lack its
// intents and its fallback, which mending the file brings back.
TEST_F(ConfigTest, AnUnreadableContentFileIsTheOnlyProblemNamed) {
  const std::string server =
      "languages: {default: nl, supported: [nl, en]}\ncontent: [content.yaml]\n";
  std::string content = kGoodContent;
  content.replace(content.find("nl: Maak"), 3, "nl: \"Maak \"een\"");
  const auto found = problems(server, content);
  ASSERT_EQ(1u, found.size()) << found.back();
  EXPECT_NE(std::string::npos, found[0].find("ends the quoted text")) << found[0];
}

TEST_F(ConfigTest, AnUnquotedHashThatCutsAResidentsTextShortIsAWarning) {
  const std::string server =
      "languages: {default: nl, supported: [nl, en]}\ncontent: [content.yaml]\n";
  std::string content = kGoodContent;
  content.replace(content.find("nl: Maak een afspraak."), 22,
                  "nl: Kies in het menu #3 voor afspraken.");
  content.replace(content.find("en: Make an appointment."), 24,
                  "en: Make an\n        appointment. # staff: check the fee éééééééééééééééééééé");
  // Not cut: quoted, '#' inside a word, a comment on a line of its own, a key that is no
  // language (an id), and a text in a language the municipality does not serve.
  content.replace(content.find("  - id: paspoort"), 16, "  - id: paspoort  # the passport");
  content.replace(content.find("messages:"), 0,
                  "  - id: b\n    examples: {nl: [kleur]}\n    answer:\n      nl: \"Nr #2\"  # ok\n"
                  "      # a note\n      en: C#\n");
  write("content.yaml", content);
  const auto result = load_config(write("loket.yaml", server));
  ASSERT_TRUE(result.config.has_value())
      << (result.errors.empty() ? "" : result.errors[0].to_string());
  const auto& warnings = result.config->file_warnings;
  ASSERT_EQ(2u, warnings.size());
  for (const auto& w : warnings) EXPECT_TRUE(intents::is_valid_utf8(w.message)) << w.message;
  EXPECT_EQ(path("content.yaml") +
                ":8:28: '#3 voor afspraken.' is read as a comment and left out of the nl text: "
                "put the whole text in quotes, or move the comment to a line of its own",
            warnings[0].to_string());
  EXPECT_EQ(10, warnings[1].line);
  EXPECT_EQ(22, warnings[1].column);
  EXPECT_EQ("Kies in het menu", result.config->find_intent("paspoort")->answer.at("nl"));
}

TEST_F(ConfigTest, AFileSavedAsLatin1IsRefusedAtItsFirstByteThatIsNotUtf8) {
  const std::string server =
      "languages: {default: nl, supported: [nl, en]}\ncontent: [content.yaml]\n";
  std::string latin1 = kGoodContent;
  latin1.replace(latin1.find("Maak een"), 4, "Maak v\xF3\xF3r 12 uur");
  const auto found = problems(server, latin1);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(0u,
            found[0].rfind(path("content.yaml") +
                               ":8:17: the file is not UTF-8 text (the byte 0xF3 here): save it "
                               "as UTF-8",
                           0))
      << found[0];
}

TEST(YamlText, TheOpenQuoteCheckKnowsByteOrderMarksAndAliases) {
  EXPECT_NO_THROW(
      parse_yaml("\xEF\xBB\xBF"
                 "title: {nl: \"Afval\", en: Waste}\n"));
  EXPECT_NO_THROW(
      parse_yaml("\xEF\xBB\xBF"
                 "- ['a', b]\n"));
  EXPECT_THROW(parse_yaml("\xEF\xBB\xBF"
                          "a: \"open\n"),
               YAML::ParserException);
  // Forty aliases each naming the one before twice: walked node by node, not 2^40 times.
  std::string chain = "a0: &a0 [x]\n";
  for (int i = 1; i <= 40; ++i) {
    const std::string name = std::to_string(i), before = std::to_string(i - 1);
    chain.append("a").append(name).append(": &a").append(name);
    chain.append(" [*a").append(before).append(", *a").append(before).append("]\n");
  }
  EXPECT_NO_THROW(parse_yaml(chain));
}

// The error parse_yaml() gives for `text`, as "line: message".
std::string yaml_error(const std::string& text) {
  try {
    parse_yaml(text);
  } catch (const YAML::ParserException& e) {
    return std::to_string(e.mark.line + 1) + ": " + e.msg;
  }
  return "no error";
}

// Staff who write content are no programmers: yaml-cpp's words come with what to do.
TEST(YamlText, ErrorsSayWhatToDoAboutThem) {
  EXPECT_EQ(
      "3: illegal map value (put a value that holds ': ' in quotes, for example \"Let op: "
      "...\")",
      yaml_error("messages:\n  fallback:\n    nl: Let op: dit\n"));
  EXPECT_NE(std::string::npos, yaml_error("intents:\n\t- id: a\n").find("use spaces instead"));
  EXPECT_NE(std::string::npos,
            yaml_error("intents:\n  - id: a\n    title: {nl: A}\n   examples:\n      nl: [x]\n")
                .find("the indentation of a list is off here or on a line above"));
  EXPECT_NE(std::string::npos, yaml_error("a: [x, y\n").find("is not closed with ']'"));
}

// Quotes are no help when the column is the mistake.
TEST(YamlText, AKeyIndentedUnderAValueSaysWhichColumn) {
  EXPECT_EQ(
      "5: 'en:' is indented further than 'nl:' on the line above, which already has its value: "
      "put it in the same column as 'nl:' (or in the column of the key it belongs to)",
      yaml_error(
          "intents:\n  - id: a\n    title:\n      nl: Hondenbelasting\n        en: Dog tax\n"));
  EXPECT_EQ(0u, yaml_error("intents:\n  - id: a\n      title: {nl: A}\n")
                    .find("3: 'title:' is indented further than 'id:'"));
  EXPECT_EQ(
      "5: 'en:' is indented less than 'nl:' above it and the key below it: put it in their "
      "column",
      yaml_error("intents:\n  - id: a\n    title:\n      nl: A\n    en: B\n      de: C\n"))
      << "the line out of place is the one above";
}

// Residents of one language must not get the other's text added to theirs.
TEST(YamlText, ALanguageIndentedIntoTheTextAboveIsAWarning) {
  const std::string text =
      "answer:\n  nl: |\n    Bel 113.\n    en: |\n    Call 113.\n  de: Rufen Sie 113 an.\n";
  const auto root = parse_yaml(text);
  ASSERT_FALSE(root["answer"]["en"]) << "YAML itself reads it as more of the nl text";
  const auto warnings = languages_read_as_text(text, root, "c.yaml", {"nl", "en", "de"});
  ASSERT_EQ(1u, warnings.size());
  EXPECT_EQ(
      "c.yaml:4:5: 'en:' is read as part of the nl text above it, not as the en text: start it "
      "in the same column as 'nl:'",
      warnings[0].to_string());
  const std::string fine = "answer:\n  nl: |\n    Let op: de afvalkalender.\n    de: zie boven\n";
  EXPECT_EQ(1u, languages_read_as_text(fine, parse_yaml(fine), "c.yaml", {"nl", "en"}).size() +
                    languages_read_as_text(fine, parse_yaml(fine), "c.yaml", {"nl", "de"}).size())
      << "only a language of the content counts";
}

TEST(YamlText, AListItemIndentedTooFarIsAWarningNotTextAddedSilently) {
  const std::string text =
      "examples:\n  nl:\n    - zwemvergunning aanvragen\n     - vergunning voor een wedstrijd\n"
      "    - zwemmen in de haven - mag dat\n";
  const auto root = parse_yaml(text);
  ASSERT_EQ(2u, root["examples"]["nl"].size()) << "YAML itself reads the two lines as one";
  const auto warnings = list_items_read_as_text(text, root, "c.yaml");
  ASSERT_EQ(1u, warnings.size()) << "a ' - ' on the item's own line is its text";
  EXPECT_EQ(
      "c.yaml:4:6: this '- ' line is read as part of the text above it, not as an item of "
      "its own: start it in the same column as the '- ' of the other items",
      warnings[0].to_string());
}

// parse_yaml's error with its column too: "line:column: message" (1-based), or "no error".
std::string yaml_error_at(const std::string& text) {
  try {
    parse_yaml(text);
  } catch (const YAML::ParserException& e) {
    return std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) + ": " + e.msg;
  }
  return "no error";
}

TEST(YamlText, AKeyWithoutItsColonIsReportedOnItsOwnLine) {
  const auto error = yaml_error_at;
  const std::string intent = "intents:\n  - id: a\n    title: {nl: A}\n";
  EXPECT_EQ(
      "5:5: 'review_by' has no ':' after it: write 'review_by:' (YAML read it as text "
      "that runs on, and could not make sense of line 6)",
      error(intent + "    source: x\n    review_by 2027-01-01\n    suggestions: [b]\n"))
      << "yaml-cpp itself reports the line after, as a value it did not expect";
  EXPECT_EQ(0u, error(intent + "    answer\n      nl: |\n        Tekst.\n    source: x\n")
                    .find("4:5: 'answer' has no ':' after it"));
  EXPECT_EQ(0u, error(intent + "    lookup:\n      key: postcode\n      table t.csv\n"
                               "      match: prefix\n")
                    .find("6:7: 'table' has no ':' after it"));
  // Text in a block is no key, however it looks.
  EXPECT_EQ(0u, error(intent + "    answer:\n      nl: |\n        Openingstijden: ma-vr.\n"
                               "        bel ons gerust\n    source: Let op: x\n")
                    .find("8:19: illegal map value"));
  // Text that runs on is indented deeper than its key: never taken for a key.
  EXPECT_EQ(0u, error(intent + "    answer:\n      nl: Let op: dit\n        de tekst\n")
                    .find("5:17: illegal map value"));
  // An item of a list of intents whose first key lost its colon; yaml-cpp names the line after.
  EXPECT_EQ(0u,
            error(intent + "  - id b\n    title: {nl: B}\n").find("4:5: 'id' has no ':' after it"))
      << error(intent + "  - id b\n    title: {nl: B}\n");
  // In a list of texts an item is text, whatever its first word.
  EXPECT_EQ(std::string::npos,
            error(intent + "    examples:\n      nl:\n        - paspoort aanvragen\n"
                           "        - nieuw paspoort\n      en: x\n     de: y\n")
                .find("has no ':' after it"));
}

// A quote inside a quoted text ends it: yaml-cpp then fails just after, about indentation or a
// brace. The message points at the quote and says how to write one inside a text.
TEST(YamlText, AQuoteThatEndsAQuotedTextTooSoonIsReportedAtTheQuote) {
  const auto error = yaml_error_at;
  const std::string intent = "intents:\n  - id: a\n    answer:\n";
  EXPECT_EQ(0u, error(intent + "      nl: \"Kom naar het \"Stadskantoor\" aan de Markt.\"\n")
                    .find("4:25: this \" ends the quoted text, but the text goes on after it: "
                          "write a \" inside the text as \\\""))
      << error(intent + "      nl: \"Kom naar het \"Stadskantoor\" aan de Markt.\"\n");
  EXPECT_EQ(0u, error(intent + "      nl: 'Een paspoort voor z'n kind.'\n")
                    .find("4:31: this ' ends the quoted text, but the text goes on after it: "
                          "write a ' inside the text twice, as ''"));
  EXPECT_EQ(0u, error("intents:\n  - id: a\n    answer: {nl: \"De \"balie\" is open.\", en: x}\n")
                    .find("3:22: this \" ends the quoted text"));
  // Written as the message says, both are read.
  EXPECT_EQ("no error", error(intent + "      nl: \"Kom naar het \\\"Stadskantoor\\\".\"\n"));
  EXPECT_EQ("no error", error(intent + "      nl: 'Een paspoort voor z''n kind.'\n"));
  // A quoted text followed by a comment or the next item of a flow is closed where it should be.
  EXPECT_EQ(std::string::npos,
            error(intent + "      nl: \"Kom langs.\" # bij de balie\n     en: x\n")
                .find("ends the quoted text"));
}

TEST_F(ConfigTest, ReportsAMissingServerFile) {
  auto result = load_config(dir_ / "absent.yaml");
  ASSERT_EQ(1u, result.errors.size());
  EXPECT_FALSE(result.config);
}

TEST(ExampleMunicipality, CoversTheServicesInBothLanguages) {
  auto result = load_config(LOKET_EXAMPLE_CONFIG);
  ASSERT_TRUE(result.config) << result.errors.at(0).to_string();
  const Config& c = *result.config;
  EXPECT_GE(c.intents.size(), 40u);
  for (const auto& intent : c.intents) {
    EXPECT_TRUE(intent.answer.count("nl") && intent.answer.count("en")) << intent.id;
    if (is_builtin_intent(intent.id) && intent.examples.empty()) continue;  // its answer only
    EXPECT_GE(intent.examples.count("nl") ? intent.examples.at("nl").size() : 0, 8u) << intent.id;
    EXPECT_GE(intent.examples.count("en") ? intent.examples.at("en").size() : 0, 5u) << intent.id;
    EXPECT_TRUE(intent.answer.count("nl") && intent.answer.count("en")) << intent.id;
    EXPECT_TRUE(intent.title.count("nl") && intent.title.count("en")) << intent.id;
  }
}

}  // namespace
}  // namespace loket::config

namespace loket::config {
namespace {

constexpr const char* kSlotIntent = R"(intents:
  - id: afval
    examples: {nl: [wanneer wordt het afval opgehaald]}
    slots:
      - {name: postcode, entity: postcode, prompt: {nl: "Wat is uw postcode?"}}
    lookup: {table: wijken.csv, key: postcode, match: prefix, not_found: {nl: Onbekend.}}
    answer: {nl: "In {wijk} op {dag}."}
messages: {fallback: {nl: x}}
)";

TEST_F(ConfigTest, LoadsSlotsAndLookupTables) {
  write("wijken.csv",
        "postcode,wijk,dag\n9701,Centrum,maandag\n\"9702\",\"De \"\"Dijk\"\"\",\"dinsdag, "
        "woensdag\"\n");
  write("content.yaml", kSlotIntent);
  auto result = load_config(write("loket.yaml", kServerFile));
  ASSERT_TRUE(result.config) << result.errors.at(0).to_string();
  const auto& intent = result.config->intents.at(0);
  ASSERT_EQ(1u, intent.slots.size());
  EXPECT_EQ("postcode", intent.slots[0].entity);
  ASSERT_TRUE(intent.lookup);
  EXPECT_TRUE(intent.lookup->prefix);
  EXPECT_EQ((std::vector<std::string>{"postcode", "wijk", "dag"}), intent.lookup->table.columns);
  EXPECT_EQ((std::vector<std::string>{"De \"Dijk\"", "dinsdag, woensdag"}),
            intent.lookup->table.rows.at("9702"));
  // As Excel in Dutch saves "CSV": with semicolons.
  write("wijken.csv", "postcode;wijk;dag\n9701;Centrum;maandag, donderdag\n");
  result = load_config(write("loket.yaml", kServerFile));
  ASSERT_TRUE(result.config) << result.errors.at(0).to_string();
  EXPECT_EQ((std::vector<std::string>{"Centrum", "maandag, donderdag"}),
            result.config->intents.at(0).lookup->table.rows.at("9701"));
  // Excel's plain "CSV" in the Windows code page: refused where its first such byte is.
  write("wijken.csv", "postcode;wijk;dag\n9701;Binnenstad caf\xE9;maandag\n");
  result = load_config(write("loket.yaml", kServerFile));
  ASSERT_FALSE(result.config);
  EXPECT_EQ(path("wijken.csv") +
                ":2:20: the table is not UTF-8 text (the byte 0xE9 here): in Excel, save it as "
                "\"CSV UTF-8\"",
            result.errors.at(0).to_string());
}

// kSlotIntent with its first `from` replaced by `to`.
std::string slot_intent_with(const std::string& from, const std::string& to) {
  std::string out = kSlotIntent;
  return out.replace(out.find(from), from.size(), to);
}

TEST_F(ConfigTest, ReportsBadSlotsAndTables) {
  struct Case {
    const char* name;
    std::string table;
    std::string content;
    std::string want;
  } cases[] = {
      {"row with too few fields", "postcode,wijk,dag\n9701,Centrum\n", kSlotIntent,
       "{t}:2:1: row has 2 fields, the header 3"},
      {"duplicate key", "postcode,wijk,dag\n9701,a,b\n9701,c,d\n", kSlotIntent,
       "{t}:3:1: key '9701' appears twice"},
      {"open quote", "postcode,wijk,dag\n9701,\"a,b\n", kSlotIntent,
       "{t}:2:6: the quoted field that starts here is not closed"},
      {"unknown placeholder", "postcode,wijk,dag\n9701,a,b\n",
       std::string(kSlotIntent).replace(std::string(kSlotIntent).find("{dag}"), 5, "{week}"),
       "{c}:7:18: intent 'afval' answer.nl uses {week}, which is neither a slot nor a lookup "
       "column"},
      {"placeholder left open", "postcode,wijk,dag\n9701,a,b\n", slot_intent_with("{dag}", "{dag"),
       "{c}:7:18: intent 'afval' answer.nl has a '{' without its '}': write a placeholder as "
       "{name}"},
      {"placeholder with a space", "postcode,wijk,dag\n9701,a,b\n",
       slot_intent_with("{dag}", "{rest afval}"),
       "{c}:7:18: intent 'afval' answer.nl has {rest afval}: a placeholder's name is letters, "
       "digits and '_', without spaces"},
      {"placeholder in a slot's question", "postcode,wijk,dag\n9701,a,b\n",
       std::string(kSlotIntent)
           .replace(std::string(kSlotIntent).find("uw postcode?"), 12, "uw {naam}?"),
       "{c}:5:57: intent 'afval' slot prompt.nl uses {naam}, but a slot's question is said as it "
       "is written"},
      {"not_found knows only the key", "postcode,wijk,dag\n9701,a,b\n",
       std::string(kSlotIntent)
           .replace(std::string(kSlotIntent).find("Onbekend."), 9, "\"{wijk} onbekend\""),
       "{c}:6:79: intent 'afval' lookup not_found.nl uses {wijk}, but not_found knows only the "
       "value not found: {postcode}"},
      {"unknown entity", "postcode,wijk,dag\n9701,a,b\n",
       std::string(kSlotIntent)
           .replace(std::string(kSlotIntent).find("entity: postcode"), 16, "entity: kleur"),
       "{c}:5:34: intent 'afval' slot entity 'kleur' is unknown"},
      {"lookup key not a slot", "postcode,wijk,dag\n9701,a,b\n",
       std::string(kSlotIntent)
           .replace(std::string(kSlotIntent).find("key: postcode"), 13, "key: straat"),
       "{c}:6:38: intent 'afval' lookup key 'straat' is not one of the intent's slots"},
  };
  for (const auto& c : cases) {
    write("wijken.csv", c.table);
    auto got = problems(kServerFile, c.content);
    auto want = c.want;
    for (auto [tag, file] : {std::pair{"{t}", "wijken.csv"}, std::pair{"{c}", "content.yaml"}})
      for (auto at = want.find(tag); at != std::string::npos; at = want.find(tag))
        want.replace(at, 3, path(file));
    bool found = false;
    for (const auto& line : got) found = found || line.rfind(want, 0) == 0;
    std::string all;
    for (const auto& line : got) all += "\n  " + line;
    EXPECT_TRUE(found) << "case '" << c.name << "': want\n  " << want << "\ngot:" << all;
  }
  std::filesystem::remove(dir_ / "wijken.csv");
  auto missing = problems(kServerFile, kSlotIntent);
  ASSERT_FALSE(missing.empty());
  EXPECT_NE(std::string::npos, missing[0].find("cannot read the lookup table"));
}

TEST_F(ConfigTest, ChannelSecretsComeFromTheEnvironmentOrFilesAndTurnChannelsOn) {
  ::setenv("LOKET_TEST_TG_TOKEN", "123:abc", 1);
  ::unsetenv("LOKET_TEST_TG_SECRET");
  write("x-secret", "from-a-file\n");
  const std::string server =
      std::string(kServerFile) +
      "channels:\n"
      "  telegram:\n"
      "    bot_token: {env: LOKET_TEST_TG_TOKEN}\n"
      "    secret_token: {env: LOKET_TEST_TG_SECRET}\n"
      "  x:\n"
      "    consumer_secret: {file: x-secret}\n"
      "    api_base: {env: LOKET_TEST_UNSET_BASE, default: \"https://x.example/\"}\n";
  write("content.yaml", kGoodContent);
  auto result = load_config(write("loket.yaml", server));
  ASSERT_TRUE(result.config) << (result.errors.empty() ? "" : result.errors[0].to_string());
  const auto& channels = result.config->channels;
  EXPECT_FALSE(channels.telegram) << "a secret is missing";
  ASSERT_EQ(1u, channels.off.size());
  EXPECT_EQ("telegram is off: LOKET_TEST_TG_SECRET is not set", channels.off[0]);
  ASSERT_TRUE(channels.x);
  EXPECT_EQ("from-a-file", channels.x->consumer_secret);
  EXPECT_EQ("https://x.example", channels.x->api_base);
  ::setenv("LOKET_TEST_TG_SECRET", "s", 1);
  result = load_config(path("loket.yaml"));
  ASSERT_TRUE(result.config && result.config->channels.telegram);
  EXPECT_EQ("123:abc", result.config->channels.telegram->bot_token);
  EXPECT_EQ("https://api.telegram.org", result.config->channels.telegram->api_base);
  ::unsetenv("LOKET_TEST_TG_TOKEN");
  ::unsetenv("LOKET_TEST_TG_SECRET");
}

TEST_F(ConfigTest, ASecretFileThatIsNotThereIsAnErrorNotAChannelLeftOff) {
  const auto errors = problems(
      std::string(kServerFile) + "channels:\n  x:\n    consumer_secret: {file: absent-secret}\n",
      kGoodContent);
  ASSERT_EQ(1u, errors.size());
  EXPECT_NE(std::string::npos, errors[0].find("loket.yaml:9:29: channels.x.consumer_secret: "
                                              "cannot read "))
      << errors[0];
  EXPECT_NE(std::string::npos, errors[0].find("absent-secret")) << errors[0];
  write("x-secret", "");
  write("content.yaml", kGoodContent);
  const auto empty = load_config(
      write("loket.yaml",
            std::string(kServerFile) + "channels:\n  x:\n    consumer_secret: {file: x-secret}\n"));
  ASSERT_TRUE(empty.config)
      << "an empty file is there: the channel is off, as for an unset variable";
  ASSERT_EQ(1u, empty.config->channels.off.size());
  EXPECT_NE(std::string::npos, empty.config->channels.off[0].find("x-secret is not set"));
}

// systemd's LoadCredential= gives a dynamic user a key file it could not read otherwise; the
// YAML names it once for every unit that reads it.
TEST_F(ConfigTest, ASecretMayBeASystemdCredential) {
  write("x-credential", "from-systemd\n");
  write("content.yaml", kGoodContent);
  const auto server = write("loket.yaml", std::string(kServerFile) +
                                              "channels:\n  x:\n"
                                              "    consumer_secret: {credential: x-credential}\n");
  ::setenv("CREDENTIALS_DIRECTORY", dir_.c_str(), 1);
  auto result = load_config(server);
  ASSERT_TRUE(result.config && result.config->channels.x);
  EXPECT_EQ("from-systemd", result.config->channels.x->consumer_secret);
  ::unsetenv("CREDENTIALS_DIRECTORY");
  result = load_config(server);
  ASSERT_TRUE(result.config);
  EXPECT_FALSE(result.config->channels.x);
  ASSERT_EQ(1u, result.config->channels.off.size());
  EXPECT_NE(std::string::npos,
            result.config->channels.off[0].find("$CREDENTIALS_DIRECTORY is not set"))
      << result.config->channels.off[0];
  const auto errors = problems(
      std::string(kServerFile) + "channels:\n  x:\n    consumer_secret: {credential: ../x}\n",
      kGoodContent);
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(std::string::npos, errors[0].find("not a path")) << errors[0];
}

TEST_F(ConfigTest, SecretsWrittenInTheYamlAndBadChannelSettingsAreRefused) {
  auto errors =
      problems(std::string(kServerFile) +
                   "channels:\n"
                   "  telegram:\n"
                   "    bot_token: \"123:abc\"\n"
                   "    secret_token: {env: A, file: b}\n"
                   "    api_base: ftp://telegram\n"
                   "  webpush: {vapid_private_key: {env: K, default: x}, subject: someone,\n"
                   "            per_push_service_per_second: 0}\n",
               kGoodContent);
  auto has = [&](const std::string& text) {
    for (const auto& e : errors)
      if (e.find(text) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has(path("loket.yaml") + ":9:16: channels.telegram.bot_token is a secret"))
      << ::testing::PrintToString(errors);
  EXPECT_TRUE(has("channels.telegram.secret_token: give one of env, file and credential"));
  EXPECT_TRUE(has("channels.telegram.api_base must start with http:// or https://"));
  EXPECT_TRUE(has("channels.webpush.vapid_private_key is a secret: it cannot have a default"));
  EXPECT_TRUE(has("channels.webpush.subject must start with mailto: or https:"));
  EXPECT_TRUE(has("channels.webpush.per_push_service_per_second"));
  errors = problems(std::string(kServerFile) + "channels:\n  signal: {}\n", kGoodContent);
  EXPECT_TRUE(has("signal"));
}

TEST_F(ConfigTest, WhatsAppTemplatesFollowMetasRules) {
  const std::string topics =
      std::string(kGoodContent) +
      "topics:\n"
      "  - id: afval\n"
      "    name: {nl: Afval}\n"
      "    whatsapp_template: {name: Afval-Melding, languages: {nl: nl}}\n"
      "  - id: wegen\n"
      "    name: {nl: Wegen}\n"
      "    whatsapp_template: {name: wegen, languages: {nl: dutch, de: de}}\n"
      "  - id: goed\n"
      "    name: {nl: Goed}\n"
      "    whatsapp_template: {name: goed_1, languages: {nl: nl, en: en_GB}, parameters: "
      "[\"{topic}\", \"{text}\"]}\n";
  auto errors = problems(kServerFile, topics);
  ASSERT_EQ(3u, errors.size()) << ::testing::PrintToString(errors);
  EXPECT_NE(std::string::npos, errors[0].find("name 'Afval-Melding' must be lower-case letters"));
  EXPECT_NE(std::string::npos, errors[1].find("'dutch' is not a WhatsApp language code"));
  EXPECT_NE(std::string::npos, errors[2].find("language 'de' is not in languages.supported"));
}

TEST_F(ConfigTest, SchemesAndTheSocialMinimumLoad) {
  const std::string content = std::string(kGoodContent) +
                              "social_minimum:\n"
                              "  - valid_from: 2026-07-01\n"
                              "    monthly: {single: 1100, single_parent: 1100, couple: 1600, "
                              "couple_with_children: 1600}\n"
                              "  - valid_from: 2026-01-01\n"
                              "    monthly: 1000\n"
                              "schemes:\n"
                              "  - id: meedoen\n"
                              "    name: {nl: Meedoen, en: Taking part}\n"
                              "    answer: {nl: Geld voor sport., en: Money for sports.}\n"
                              "    link: https://example.org/meedoen\n"
                              "    review_by: 2027-01-01\n"
                              "    conditions: {children: true, income_max_percent: 120, "
                              "savings_max: {single: 7000}, age: {min: 18}, home: rent}\n";
  write("content.yaml", content);
  auto result = load_config(write("loket.yaml", kServerFile));
  ASSERT_TRUE(result.config) << ::testing::PrintToString(result.errors.size());
  const auto& s = result.config->schemes;
  ASSERT_EQ(1u, s.schemes.size());
  const auto& c = s.schemes[0].conditions;
  EXPECT_EQ(true, c.children);
  EXPECT_EQ(120, c.income_max_percent);
  EXPECT_EQ(7000, c.savings_max.at(Household::single));
  EXPECT_EQ(1u, c.savings_max.size());
  EXPECT_EQ(true, c.rents);
  EXPECT_EQ(18, c.age_min);
  ASSERT_EQ(2u, s.social_minimums.size());
  EXPECT_EQ(nullptr, s.social_minimum_on("2025-12-31"));
  EXPECT_EQ(1000, s.social_minimum_on("2026-06-30")->monthly.at(Household::couple));
  EXPECT_EQ(1600, s.social_minimum_on("2026-07-01")->monthly.at(Household::couple));
}

TEST_F(ConfigTest, ImpossibleOrUnknownSchemeConditionsAreRefusedWithTheirPlace) {
  const std::string content = std::string(kGoodContent) +
                              "schemes:\n"
                              "  - id: a\n"  // line 13
                              "    name: {nl: A}\n"
                              "    answer: {nl: A.}\n"
                              "    conditions: {age: {min: 67, max: 21}, colour: blue}\n"  // 16
                              "  - id: b\n"
                              "    name: {nl: B}\n"
                              "    answer: {nl: B.}\n"
                              "    conditions:\n"
                              "      household: [single, couple]\n"
                              "      children: true\n"  // line 22
                              "      income_max_percent: 120\n"
                              "  - id: c\n"
                              "    for: businesses\n"
                              "    name: {nl: C}\n"
                              "    answer: {nl: C.}\n"
                              "    conditions: {business_type: [kapper], household: [alone]}\n"
                              "social_minimum:\n"
                              "  - valid_from: 2026-13-01\n"
                              "    monthly: {single: 1000}\n";
  const auto errors = problems(kServerFile, content);
  const auto has = [&](const std::string& text) {
    return std::any_of(errors.begin(), errors.end(),
                       [&](const std::string& e) { return e.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(has(":16:")) << ::testing::PrintToString(errors);
  EXPECT_TRUE(has("unknown key 'colour'") || has("'colour'")) << ::testing::PrintToString(errors);
  EXPECT_TRUE(has("min 67 is above max 21: no one can meet it"))
      << ::testing::PrintToString(errors);
  EXPECT_TRUE(has(":22:")) << ::testing::PrintToString(errors);
  EXPECT_TRUE(has("children: true cannot hold for the households listed"));
  EXPECT_TRUE(has("'alone' is not a household type"));
  EXPECT_TRUE(has("business_type 'kapper' is not in business_types"));
  EXPECT_TRUE(has("valid_from must be a date"));
  EXPECT_TRUE(has("scheme 'b' has income_max_percent, but no social_minimum is configured"));
}

TEST(Placeholders, FillsKnownNamesAndLeavesTheRest) {
  std::map<std::string, std::string> values{{"wijk", "Centrum"}, {"dag", "maandag"}};
  EXPECT_EQ("In Centrum op maandag.", fill_placeholders("In {wijk} op {dag}.", values));
  EXPECT_EQ("{onbekend} en { wijk} en {", fill_placeholders("{onbekend} en { wijk} en {", values));
  EXPECT_EQ((std::vector<std::string>{"wijk", "dag"}), placeholders("In {wijk} op {dag}, {x y}."));
}

TEST(SlotEntities, MatchTheEntitiesTheMatcherFinds) {
  for (const char* name : {"postcode", "house_number", "date", "email", "phone"})
    EXPECT_TRUE(is_slot_entity(name)) << name;
  EXPECT_FALSE(is_slot_entity("kleur"));
}

}  // namespace
}  // namespace loket::config

namespace loket::config {
namespace {

TEST_F(ConfigTest, AreaLocationsAreReadAndChecked) {
  write("plaatsen.csv", "postcode,lat,lon\n9701,53.33,6.92\n9702 AB,53.1,6.9\n");
  write("content.yaml", kGoodContent);
  const auto server = std::string(kServerFile) + "area: {locations: plaatsen.csv}\n";
  const auto loaded = load_config(write("loket.yaml", server));
  ASSERT_TRUE(loaded.config) << loaded.errors.front().to_string();
  EXPECT_EQ(53.33, loaded.config->area_locations.at("9701").first);
  EXPECT_EQ(6.9, loaded.config->area_locations.at("9702AB").second) << "the space left out";

  write("plaatsen.csv", "postcode,lat,lon\n9701,95,6.9\nabc,1,1\n");
  auto bad = problems(server, kGoodContent);
  ASSERT_EQ(2u, bad.size());
  EXPECT_NE(std::string::npos, bad[0].find("area.locations: postcode '9701' needs")) << bad[0];
  write("plaatsen.csv", "postcode,breedte,lengte\n9701,53,6\n");
  EXPECT_NE(std::string::npos,
            problems(server, kGoodContent).at(0).find("the columns are postcode, lat, lon"));
  EXPECT_NE(std::string::npos,
            problems(std::string(kServerFile) + "area: {locations: nergens.csv}\n", kGoodContent)
                .at(0)
                .find("area.locations: cannot read 'nergens.csv'"));
}

TEST_F(ConfigTest, TheAlertMapIsReadAndChecked) {
  write("content.yaml", kGoodContent);
  const auto loaded = load_config(write(
      "loket.yaml", std::string(kServerFile) +
                        "area:\n  map:\n    tiles: https://{s}.tegels.example/{z}/{x}/{y}.png\n"
                        "    attribution: Tegels\n    centre: [53.2, 6.6]\n    zoom: 12\n"));
  ASSERT_TRUE(loaded.config) << loaded.errors.front().to_string();
  EXPECT_EQ("https://{s}.tegels.example/{z}/{x}/{y}.png", loaded.config->map.tiles);
  EXPECT_EQ(6.6, loaded.config->map.centre->second);
  EXPECT_EQ(12, loaded.config->map.zoom);

  EXPECT_NE(std::string::npos,
            problems(std::string(kServerFile) + "area: {map: {kleur: rood}}\n", kGoodContent)
                .at(0)
                .find("unknown key 'kleur'"));
  const auto bad = problems(std::string(kServerFile) +
                                "area:\n  map:\n    tiles: \"https://x.example/{z}/{x}.png\"\n"
                                "    centre: [95, 6]\n    zoom: 30\n",
                            kGoodContent);
  ASSERT_EQ(3u, bad.size());
  EXPECT_NE(std::string::npos,
            bad[0].find("loket.yaml:9:12: area.map.tiles must be an http(s) URL with {z}"))
      << bad[0];
  EXPECT_NE(std::string::npos, bad[1].find("area.map.centre latitude")) << bad[1];
  EXPECT_NE(std::string::npos, bad[2].find("area.map.zoom")) << bad[2];
}

TEST_F(ConfigTest, TheAdditionsFileIsTheLastLayerAlone) {
  write("content.yaml", kGoodContent);
  write("aanvullingen.yaml", "intents: []\n");
  const std::string server(kServerFile);
  const auto at = server.find("content:");
  ASSERT_NE(std::string::npos, at);
  const std::string without_content = server.substr(0, at);
  const auto good = load_config(
      write("loket.yaml",
            without_content +
                "content: [content.yaml, aanvullingen.yaml]\nadditions: aanvullingen.yaml\n"));
  ASSERT_TRUE(good.config) << good.errors.front().to_string();
  EXPECT_EQ("aanvullingen.yaml", good.config->additions_file->filename());
  const auto bad = problems(without_content +
                                "content: [aanvullingen.yaml, content.yaml]\n"
                                "additions: aanvullingen.yaml\n",
                            kGoodContent);
  ASSERT_EQ(1u, bad.size());
  EXPECT_NE(std::string::npos, bad[0].find("must also be the last entry under content")) << bad[0];
}

TEST_F(ConfigTest, OpenIdConnectSignInIsReadAndChecked) {
  setenv("LOKET_CONFIG_TEST_OIDC", "geheim", 1);
  const std::string good =
      std::string(kServerFile) +
      "oidc:\n"
      "  issuer: https://login.example.nl/realms/gemeente\n"
      "  client_id: loket\n"
      "  client_secret: {env: LOKET_CONFIG_TEST_OIDC}\n"
      "  redirect_uri: https://chat.example.nl/admin/v1/session/oidc/callback\n"
      "  roles: {loket-redactie: editor, G-Beheer: admin}\n";
  write("content.yaml", kGoodContent);
  const auto loaded = load_config(write("loket.yaml", good));
  ASSERT_TRUE(loaded.config) << loaded.errors.front().to_string();
  EXPECT_EQ("geheim", loaded.config->oidc->client_secret);
  EXPECT_EQ("admin", loaded.config->oidc->roles.at("G-Beheer"));
  EXPECT_EQ("roles", loaded.config->oidc->roles_claim);

  const auto bad = problems(std::string(kServerFile) +
                                "oidc:\n"
                                "  issuer: http://login.example.nl\n"
                                "  client_id: loket\n"
                                "  client_secret: {env: LOKET_CONFIG_TEST_OIDC}\n"
                                "  redirect_uri: https://chat.example.nl/login\n"
                                "  roles: {loket-redactie: redacteur}\n",
                            kGoodContent);
  ASSERT_EQ(3u, bad.size()) << bad[0];
  EXPECT_NE(std::string::npos, bad[0].find("oidc.issuer must be an https:// URL")) << bad[0];
  EXPECT_NE(std::string::npos, bad[1].find("must end in /admin/v1/session/oidc/callback"))
      << bad[1];
  EXPECT_NE(std::string::npos, bad[2].find("must be editor, campaigns, agent or admin")) << bad[2];
  EXPECT_NE(std::string::npos,
            problems(std::string(kServerFile) + "oidc: {issuer: https://x.example}\n", kGoodContent)
                .at(0)
                .find("oidc.client_id is missing"));
}

}  // namespace
}  // namespace loket::config
