#include "server/admin/content_what_if.h"

#include <chrono>

#include <boost/json.hpp>

#include <set>

#include "intents/dialogue/content_checks.h"
#include "intents/dialogue/conversation_test_runner.h"
#include "intents/dialogue/what_if.h"
#include "intents/entities.h"

namespace loket::server {

namespace json = boost::json;

namespace {

// More changed questions than this are summed up, not listed: staff read the first ones.
constexpr std::size_t kMaxListed = 500;

}  // namespace

WhatIfReport what_if_report(const ContentHolder& content,
                            const std::map<std::string, std::string>& changed,
                            const std::vector<db::LoggedQuestion>& logged) {
  auto loaded = content.load_changed(changed);
  if (!loaded.config) {
    json::array problems;
    for (const auto& e : loaded.errors) problems.emplace_back(e.to_string());
    return {false, {{"error", "the changed content has problems"}, {"problems", problems}}};
  }
  std::vector<dialogue::Replay> replays;
  for (const auto& q : logged) replays.push_back({"log", q.lang, {q.text_redacted}});
  // Test files with problems are left out here: check-config and test-conversations report them.
  std::vector<config::Diagnostic> ignored;
  const auto tests = dialogue::conversation_tests_of(*loaded.config, ignored);
  for (auto& replay : dialogue::replays_of(tests)) replays.push_back(std::move(replay));
  const auto current = content.current();
  const dialogue::Dialogue next(std::move(*loaded.config));
  const auto result = dialogue::compare_content(*current, next, replays);
  // The warnings check-config would add with this change (the same question under two intents,
  // a language left out, ...), by message: lines move when a file changes.
  const auto today = intents::local_today();
  std::set<std::string> before;
  for (const auto& w : dialogue::content_warnings(current->config(), today))
    before.insert(w.message);
  json::array warnings;
  for (const auto& w : dialogue::content_warnings(next.config(), today))
    if (!before.contains(w.message) && warnings.size() < kMaxListed)
      warnings.push_back(json::string(w.to_string()));
  json::array listed;
  for (const auto& c : result.changed) {
    if (listed.size() == kMaxListed) break;
    listed.push_back(
        json::object{{"question", c.question},
                     {"where", c.where},
                     {"before", c.before.empty() ? json::value() : json::value(c.before)},
                     {"after", c.after.empty() ? json::value() : json::value(c.after)},
                     {"before_confidence", c.before_confidence},
                     {"after_confidence", c.after_confidence}});
  }
  json::array reworded;
  for (const auto& [intent, questions] : result.reworded)
    reworded.push_back(json::object{{"intent", intent}, {"questions", questions}});
  // Staff's test conversations that hold with the content in service and fail with the change:
  // the change breaks what someone said must hold ("wanneer komt het papier 9701 ab" no longer
  // the waste calendar). Run as `loket test-conversations` runs them.
  const auto now = std::chrono::system_clock::now();
  const auto held = dialogue::run_conversation_tests(*current, current->config(), tests, now);
  const auto with_change = dialogue::run_conversation_tests(next, next.config(), tests, now);
  json::array failing;
  for (std::size_t i = 0; i < tests.size() && failing.size() < kMaxListed; ++i)
    if (held[i].problems.empty() && !with_change[i].problems.empty())
      failing.push_back(json::object{{"name", with_change[i].name},
                                     {"where", with_change[i].where},
                                     {"problem", with_change[i].problems.front()}});
  return {true,
          {{"questions", result.questions},
           {"logged_questions", logged.size()},
           {"test_conversations", tests.size()},
           {"intents", next.config().intents.size()},
           {"changed_count", result.changed.size()},
           {"changed", std::move(listed)},
           {"reworded", std::move(reworded)},
           {"warnings", std::move(warnings)},
           {"failing_tests", std::move(failing)}}};
}

}  // namespace loket::server
