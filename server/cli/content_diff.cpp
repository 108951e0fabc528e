#include "server/cli/content_diff.h"

#include <cstdio>

#include "intents/dialogue/what_if.h"

namespace loket::server {

namespace {

std::string with_confidence(const std::string& intent, double confidence) {
  if (intent.empty()) return "not understood";
  char figure[16];
  std::snprintf(figure, sizeof figure, " %.2f", confidence);
  return intent + figure;
}

}  // namespace

int run_content_diff(const config::Config& next, const config::Config& current,
                     const std::vector<db::LoggedQuestion>& logged, std::ostream& out) {
  std::vector<dialogue::Replay> replays;
  for (const auto& q : logged) replays.push_back({"log", q.lang, {q.text_redacted}});
  std::vector<config::Diagnostic> errors;
  const auto tests = dialogue::conversation_tests_of(next, errors);
  for (const auto& e : errors) out << e.to_string() << "\n";
  if (!errors.empty()) return 1;
  for (auto& replay : dialogue::replays_of(tests)) replays.push_back(std::move(replay));
  const dialogue::Dialogue before(current), after(next);
  const auto result = dialogue::compare_content(before, after, replays);
  out << "what-if: " << result.questions << " questions (" << logged.size()
      << " from the conversation log, " << tests.size()
      << " test conversations) through the current and the changed content\n";
  out << "answered by another intent: " << result.changed.size() << "\n";
  for (const auto& c : result.changed)
    out << "  \"" << c.question << "\" (" << c.where
        << "): " << with_confidence(c.before, c.before_confidence) << " -> "
        << with_confidence(c.after, c.after_confidence) << "\n";
  if (!result.reworded.empty()) {
    out << "same intent, changed answer:";
    for (const auto& [intent, questions] : result.reworded)
      out << " " << intent << " (" << questions << (questions == 1 ? " question)" : " questions)");
    out << "\n";
  }
  return 0;
}

}  // namespace loket::server
