// `loket import` as staff run it: a spreadsheet exported from the old FAQ page becomes a folder
// the municipality lists under content:, check-config accepts it, and the bot answers an
// imported question in other words.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "server_process.h"

namespace loket::testing {
namespace {

namespace fs = std::filesystem;

TEST(ImportRoundTrip, ImportedQuestionsAreAnsweredAfterCheckConfig) {
  const auto dir = fs::temp_directory_path() / ("loket-import-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "tests");
  std::ofstream(dir / "oude-faq.csv")
      << "\xEF\xBB\xBFvraag;antwoord;extra vragen;thema\n"
         "Hoe vraag ik een gehandicaptenparkeerkaart aan?;\"U vraagt de kaart aan bij de "
         "gemeente.\nEen arts beoordeelt of u recht heeft.\";\"invalidenparkeerkaart "
         "aanvragen\nparkeerkaart voor gehandicapten\nik kan slecht lopen en wil dichtbij "
         "parkeren\";Parkeren\n"
         "Wanneer is de milieustraat open?;Van dinsdag tot en met zaterdag, 9.00-16.00 uur.;"
         "\"openingstijden milieustraat\nmilieustraat open op zaterdag\nwanneer kan ik grofvuil "
         "wegbrengen\";Afval\n"
         "Mag ik vuurwerk afsteken?;;;Veiligheid\n";
  std::ofstream(dir / "eigen.yaml") << "messages:\n  fallback: {nl: \"Dat begrijp ik niet.\"}\n";
  std::ofstream(dir / "loket.yaml") << "municipality: Test\n"
                                       "languages: {default: nl, supported: [nl]}\n"
                                       "content: [eigen.yaml, geimporteerd/]\n"
                                       "conversation_tests: [tests/]\n";
  std::ofstream(dir / "tests" / "import.yaml")
      << "conversations:\n"
         "  - name: een geimporteerde vraag in andere woorden\n"
         "    turns:\n"
         "      - say: hoe kom ik aan een parkeerkaart voor gehandicapten\n"
         "        expect_text: Een arts beoordeelt\n"
         "  - name: de milieustraat\n"
         "    turns:\n"
         "      - say: is de milieustraat zaterdag open\n"
         "        expect_intent: wanneer-is-de-milieustraat-open\n";

  const auto import = run_loket("import " + (dir / "oude-faq.csv").string() + " --out " +
                                (dir / "geimporteerd").string());
  const auto again = run_loket("import " + (dir / "oude-faq.csv").string() + " --out " +
                               (dir / "geimporteerd").string());
  const auto check = run_loket("check-config --config " + (dir / "loket.yaml").string());
  const auto conversations =
      run_loket("test-conversations --config " + (dir / "loket.yaml").string());
  const auto bad =
      run_loket("import " + (dir / "geen.csv").string() + " --out " + (dir / "leeg").string());
  const auto unknown = run_loket("import " + (dir / "faq.pdf").string() + " --out x");
  const bool nothing_made = !fs::exists(dir / "leeg");
  fs::remove_all(dir);

  EXPECT_EQ(0, import.status) << import.out;
  EXPECT_NE(std::string::npos, import.out.find("imported 2 intents from oude-faq.csv (csv) into 2 "
                                               "files"))
      << import.out;
  EXPECT_NE(std::string::npos, import.out.find("oude-faq.csv:row 4: no answer")) << import.out;
  EXPECT_EQ(import.out, again.out) << "a second import updates the same files";
  EXPECT_EQ(0, check.status) << check.out;
  EXPECT_NE(std::string::npos, check.out.find("ok: 2 intents")) << check.out;
  EXPECT_EQ(0, conversations.status) << conversations.out;
  EXPECT_NE(std::string::npos, conversations.out.find("2 conversations, 2 passed"))
      << conversations.out;
  EXPECT_EQ(1, bad.status);
  EXPECT_NE(std::string::npos, bad.out.find("geen.csv: cannot read")) << bad.out;
  EXPECT_TRUE(nothing_made) << "a failed import makes no folder";
  EXPECT_EQ(2, unknown.status);
  EXPECT_NE(std::string::npos, unknown.out.find("give --format csv|xlsx|rasa|faqpage"))
      << unknown.out;
}

}  // namespace
}  // namespace loket::testing
