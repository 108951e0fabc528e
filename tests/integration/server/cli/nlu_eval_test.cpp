// `loket nlu-eval` as a process: trains on a small fixture, prints one JSON object of figures and
// writes the report; bad input gets a message with file and line, and exit code 1.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server_process.h"

namespace loket::testing {
namespace {

namespace json = boost::json;

CommandResult run(const std::string& args) {
  return run_loket("nlu-eval " + args);
}

const std::string kData = LOKET_TEST_DATA;

TEST(NluEval, PrintsTheFiguresAsOneJsonObject) {
  const auto report = std::filesystem::temp_directory_path() / "loket-nlu-report.md";
  auto r = run("--train " + kData + "/nlu_fixture_train.jsonl --test " + kData +
               "/nlu_fixture_test.jsonl --lang nl --report " + report.string());
  ASSERT_EQ(0, r.status) << r.out;
  auto result = json::parse(r.out).as_object();
  for (const char* key :
       {"n", "in_scope_accuracy", "oos_recall", "oos_precision", "top3_accuracy", "macro_f1",
        "not_intent_accuracy", "train_s", "classify_per_s", "threshold"})
    EXPECT_TRUE(result.contains(key)) << key;
  EXPECT_EQ(9, result["n"].to_number<int>());
  for (const char* key : {"accuracy_at_oos_recall_0.25", "accuracy_at_oos_recall_0.5",
                          "accuracy_at_oos_recall_0.75", "oos_curve_auc"})
    EXPECT_TRUE(result.contains(key)) << key;
  for (const char* key : {"in_scope_accuracy", "oos_recall", "top3_accuracy", "macro_f1",
                          "not_intent_accuracy", "threshold"}) {
    const double v = result[key].to_number<double>();
    EXPECT_GE(v, 0) << key;
    EXPECT_LE(v, 1) << key;
  }
  EXPECT_GE(result["top3_accuracy"].to_number<double>(), 5.0 / 6) << r.out;
  EXPECT_GT(result["classify_per_s"].to_number<double>(), 0);

  std::ifstream in(report);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(std::string::npos, text.str().find("| paspoort |")) << text.str();
  EXPECT_NE(std::string::npos, text.str().find("Most confused"));
  std::filesystem::remove(report);
}

TEST(NluEval, LeavesFiguresThatDoNotApplyNull) {
  auto r = run("--train " + kData + "/nlu_fixture_train.jsonl --test " + kData +
               "/nlu_fixture_train.jsonl");
  ASSERT_EQ(0, r.status) << r.out;
  auto result = json::parse(r.out).as_object();
  EXPECT_TRUE(result["not_intent_accuracy"].is_null());
  EXPECT_EQ("nl", result["lang"]) << "the language is recognised from the training data";
}

TEST(NluEval, ReportsBadInputWithFileAndLine) {
  const auto bad = std::filesystem::temp_directory_path() / "loket-nlu-bad.jsonl";
  std::ofstream(bad) << "{\"text\": \"ok\", \"intent\": \"a\"}\n{\"text\": 3}\n";
  auto r = run("--train " + bad.string() + " --test " + bad.string());
  EXPECT_EQ(1, r.status);
  EXPECT_NE(std::string::npos, r.out.find(bad.string() + ":2: 'text' must be a string")) << r.out;
  std::filesystem::remove(bad);

  EXPECT_EQ(1, run("--train /nonexistent.jsonl --test /nonexistent.jsonl").status);
  auto both = run("--test x.jsonl");
  EXPECT_EQ(1, both.status);
  EXPECT_NE(std::string::npos, both.out.find("--train")) << both.out;
}

TEST(NluEval, ScoresAtAGivenThreshold) {
  const std::string data = "--train " + kData + "/nlu_fixture_train.jsonl --test " + kData +
                           "/nlu_fixture_test.jsonl --lang nl";
  auto everything = run(data + " --threshold 0");
  ASSERT_EQ(0, everything.status) << everything.out;
  auto all = json::parse(everything.out).as_object();
  EXPECT_EQ(0, all["threshold"].to_number<double>());
  EXPECT_EQ(0, all["oos_recall"].to_number<double>()) << "at 0 nothing is declined";
  auto nothing = run(data + " --threshold 1");
  ASSERT_EQ(0, nothing.status) << nothing.out;
  EXPECT_EQ(0, json::parse(nothing.out).at("in_scope_accuracy").to_number<double>());
  for (const char* bad : {"--threshold 1.5", "--threshold x", "--threshold 0.5x"}) {
    auto r = run(data + " " + bad);
    EXPECT_EQ(1, r.status) << bad;
    EXPECT_NE(std::string::npos, r.out.find("--threshold must be a number from 0 to 1")) << r.out;
  }
}

}  // namespace
}  // namespace loket::testing
