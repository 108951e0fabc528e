// `loket test-conversations` as a process: a broken expectation fails with its file, line and
// turn; a bad test file is reported as file:line:column; the exit code fails CI.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "server_process.h"

namespace loket::testing {
namespace {

namespace fs = std::filesystem;

CommandResult run_tests(const fs::path& config) {
  return run_loket("test-conversations --config " + config.string());
}

class ConversationTests : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("loket-conv-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "loket.yaml")
        << "languages: {default: nl, supported: [nl, en, de]}\n"
           "content: ['" LOKET_REGION_CONTENT "', '" LOKET_EXAMPLE_CONTENT
           "']\n"
           "conversation_tests: [tests.yaml]\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(ConversationTests, AFailedExpectationFailsTheRun) {
  std::ofstream(dir_ / "tests.yaml") << "conversations:\n"
                                        "  - name: goed\n"
                                        "    turns:\n"
                                        "      - say: Hoe vraag ik een paspoort aan?\n"
                                        "        expect_intent: paspoort-aanvragen\n"
                                        "  - name: fout\n"
                                        "    turns:\n"
                                        "      - say: Hoe vraag ik een paspoort aan?\n"
                                        "        expect_intent: afvalkalender\n";
  auto r = run_tests(dir_ / "loket.yaml");
  EXPECT_EQ(1, r.status) << r.out;
  EXPECT_NE(std::string::npos, r.out.find("PASS goed"));
  EXPECT_NE(std::string::npos, r.out.find("FAIL fout"));
  EXPECT_NE(std::string::npos, r.out.find("tests.yaml:8: turn 1")) << r.out;
  EXPECT_NE(std::string::npos,
            r.out.find("expected intent 'afvalkalender', got 'paspoort-aanvragen'"));
  EXPECT_NE(std::string::npos, r.out.find("2 conversations, 1 passed, 1 failed"));
}

TEST_F(ConversationTests, AButtonThatMustNotBeOfferedFailsWhenItIs) {
  std::ofstream(dir_ / "tests.yaml") << "conversations:\n"
                                        "  - name: niet aangeboden\n"
                                        "    turns:\n"
                                        "      - say: Hoe vraag ik een paspoort aan?\n"
                                        "        expect_no_suggestion: afvalkalender\n"
                                        "  - name: toch aangeboden\n"
                                        "    turns:\n"
                                        "      - say: Hoe vraag ik een paspoort aan?\n"
                                        "        expect_no_suggestion: id-kaart-aanvragen\n";
  auto r = run_tests(dir_ / "loket.yaml");
  EXPECT_EQ(1, r.status) << r.out;
  EXPECT_NE(std::string::npos, r.out.find("PASS niet aangeboden")) << r.out;
  EXPECT_NE(std::string::npos,
            r.out.find("tests.yaml:8: turn 1 ('Hoe vraag ik een paspoort aan?'): expected "
                       "'id-kaart-aanvragen' not among the suggestions"))
      << r.out;
}

TEST_F(ConversationTests, ABadTestFileIsReportedWithItsPosition) {
  std::ofstream(dir_ / "tests.yaml") << "conversations:\n"
                                        "  - name: x\n"
                                        "    turns:\n"
                                        "      - zeg: hallo\n";
  auto r = run_tests(dir_ / "loket.yaml");
  EXPECT_EQ(1, r.status);
  EXPECT_NE(std::string::npos, r.out.find("tests.yaml:4:9: unknown key 'zeg' in a turn")) << r.out;
}

TEST_F(ConversationTests, StaffInOrOutSaysWhenAConversationTakesPlace) {
  std::ofstream(dir_ / "loket.yaml", std::ios::app)
      << "handoff:\n"
         "  office_hours: {time_zone: Europe/Amsterdam, mon: '09:00-17:00', tue: '09:00-17:00'}\n";
  std::ofstream(dir_ / "tests.yaml") << "conversations:\n"
                                        "  - name: overdag\n"
                                        "    staff: in\n"
                                        "    turns:\n"
                                        "      - say: ik wil een medewerker spreken\n"
                                        "      - say: ja\n"
                                        "        expect_action: handoff\n"
                                        "      - say: ik zie het niet meer zitten\n"
                                        "        expect_intent: handoff\n"
                                        "        expect_text: '113'\n"
                                        "      - say: stop\n"
                                        "        expect_intent: end-handoff\n"
                                        "  - name: avond\n"
                                        "    staff: out\n"
                                        "    turns:\n"
                                        "      - say: ik wil een medewerker spreken\n"
                                        "      - say: ja\n"
                                        "        expect_expecting: question\n"
                                        "      - say: over mijn paspoort\n"
                                        "        expect_expecting: contact\n"
                                        "      - say: jan@example.org\n"
                                        "        expect_action: callback\n";
  auto r = run_tests(dir_ / "loket.yaml");
  EXPECT_EQ(0, r.status) << r.out;
  EXPECT_NE(std::string::npos, r.out.find("2 conversations, 2 passed")) << r.out;

  std::ofstream(dir_ / "tests.yaml") << "conversations:\n"
                                        "  - name: wanneer?\n"
                                        "    turns:\n"
                                        "      - say: ik wil een medewerker spreken\n"
                                        "      - say: ja\n"
                                        "        expect_action: handoff\n";
  r = run_tests(dir_ / "loket.yaml");
  EXPECT_EQ(1, r.status);
  EXPECT_NE(std::string::npos,
            r.out.find("tests.yaml:5: turn 2 ('ja'): a person was asked for: say when the "
                       "conversation takes place, 'staff: in' or 'staff: out'"))
      << r.out;
  std::ofstream(dir_ / "tests.yaml") << "conversations:\n"
                                        "  - name: nooit\n"
                                        "    staff: soms\n"
                                        "    turns:\n"
                                        "      - say: hallo\n";
  r = run_tests(dir_ / "loket.yaml");
  EXPECT_EQ(1, r.status);
  EXPECT_NE(std::string::npos, r.out.find("tests.yaml:3:12: 'staff' is 'in'")) << r.out;
}

TEST_F(ConversationTests, StaffInWithoutHandoffIsAnError) {
  std::ofstream(dir_ / "tests.yaml") << "conversations:\n"
                                        "  - name: x\n"
                                        "    staff: in\n"
                                        "    turns:\n"
                                        "      - say: hallo\n";
  auto r = run_tests(dir_ / "loket.yaml");
  EXPECT_EQ(1, r.status);
  EXPECT_NE(std::string::npos, r.out.find("tests.yaml:3:12: 'staff' needs 'handoff:'")) << r.out;
}

}  // namespace
}  // namespace loket::testing
