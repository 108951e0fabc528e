// `loket content diff` on a known edit: a new intent takes a question residents asked (from the
// conversation log in PostgreSQL) away from another, and an override rewords an answer.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include <filesystem>
#include <fstream>

#include "db/conversation_log.h"
#include "db/migrations.h"
#include "server_process.h"
#include "test_database.h"

namespace loket::testing {
namespace {

namespace fs = std::filesystem;

TEST(ContentDiff, ListsTheQuestionsAKnownEditAnswersDifferently) {
  TestDatabase db;
  {
    pqxx::connection c(db.url());
    db::migrate(c);
    std::vector<db::LoggedMessage> log;
    for (const char* text : {"mijn kliko is vandaag niet geleegd", "hoe vraag ik een paspoort aan",
                             "mijn kliko is vandaag niet geleegd", ""})
      log.push_back({"web", "nl", "", 0.5, 2.0, text, false, "", ""});
    db::log_messages(c, log);
    const auto recent = db::recent_questions(c, 10);
    ASSERT_EQ(2u, recent.size()) << "each text once, the scheme finder's empty ones left out";
    EXPECT_EQ("hoe vraag ik een paspoort aan", recent[0].text_redacted) << "newest first";
  }
  const auto dir = fs::temp_directory_path() / ("loket-diff-" + std::to_string(::getpid()));
  fs::create_directories(dir / "lokaal");
  std::ofstream(dir / "loket.yaml")
      << "municipality: Gemeente Noorderhaven\n"
         "languages: {default: nl, supported: [nl, en, de]}\n"
         "content: ['" LOKET_REGION_CONTENT "/', '" LOKET_EXAMPLE_CONTENT "/', lokaal/]\n";
  std::ofstream(dir / "lokaal" / "wijziging.yaml")
      << "intents:\n"
         "  - id: kliko-vergeten\n"
         "    title: {nl: Kliko vergeten}\n"
         "    examples:\n"
         "      nl: [mijn kliko is vandaag niet geleegd, kliko vergeten, kliko niet geleegd "
         "vandaag, de kliko is overgeslagen]\n"
         "    answer: {nl: \"Meld het vandaag voor 17.00 uur, dan komen we morgen.\"}\n"
         "  - id: paspoort-aanvragen\n"
         "    override: true\n"
         "    answer: {nl: \"Een paspoort vraagt u aan in het dorpshuis.\"}\n";
  const auto diff = run_loket("content diff --config " + (dir / "loket.yaml").string() +
                                  " --against " LOKET_EXAMPLE_CONTENT "/../loket.yaml --log 100",
                              {{"LOKET_DATABASE_URL", db.url()}});
  const auto no_against = run_loket("content diff --config " + (dir / "loket.yaml").string());
  fs::remove_all(dir);

  EXPECT_EQ(0, diff.status) << diff.out;
  EXPECT_NE(std::string::npos, diff.out.find("what-if: 2 questions (2 from the conversation log, "
                                             "0 test conversations)"))
      << diff.out;
  EXPECT_NE(std::string::npos, diff.out.find("answered by another intent: 1\n")) << diff.out;
  EXPECT_NE(std::string::npos, diff.out.find("  \"mijn kliko is vandaag niet geleegd\" (log): "
                                             "afval-niet-opgehaald 0."))
      << diff.out;
  EXPECT_NE(std::string::npos, diff.out.find(" -> kliko-vergeten ")) << diff.out;
  EXPECT_NE(std::string::npos,
            diff.out.find("same intent, changed answer: paspoort-aanvragen (1 question)"))
      << diff.out;
  EXPECT_EQ(2, no_against.status);
  EXPECT_NE(std::string::npos, no_against.out.find("--against CURRENT")) << no_against.out;
}

TEST(ContentDiff, ADatabaseNotMigratedYetSaysToMigrateNotWhatPostgreSqlSaid) {
  TestDatabase db;
  const std::string example = LOKET_EXAMPLE_CONTENT "/../loket.yaml";
  const auto diff = run_loket("content diff --config " + example + " --against " + example,
                              {{"LOKET_DATABASE_URL", db.url()}});
  EXPECT_EQ(0, diff.status) << diff.out;
  EXPECT_NE(std::string::npos, diff.out.find("the database has no conversation log yet (run "
                                             "`loket migrate` with this configuration first)"))
      << diff.out;
  EXPECT_EQ(std::string::npos, diff.out.find("relation")) << "no SQL error text: " << diff.out;
}

}  // namespace
}  // namespace loket::testing
