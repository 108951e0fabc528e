#include "intents/dialogue/conversation_test_runner.h"

#include <algorithm>
#include <chrono>
#include <ostream>

#include "config/office_hours.h"
#include "intents/dialogue/dialogue.h"
#include "intents/dialogue/what_if.h"

namespace loket::dialogue {
namespace {

// "subscribe afval", "unsubscribe", "subscriptions", or "none".
std::string describe(const std::optional<Action>& action) {
  if (!action) return "none";
  switch (action->kind) {
    case config::Action::Kind::subscribe:
      return "subscribe " + action->topic;
    case config::Action::Kind::unsubscribe:
      return action->topic.empty() ? "unsubscribe" : "unsubscribe " + action->topic;
    case config::Action::Kind::list_subscriptions:
      break;
  }
  return "subscriptions";
}

// A moment within two weeks from `from` when staff are in (or out), by the office hours: the
// next opening, or the first minute they are out (office hours are written in minutes).
std::optional<std::chrono::system_clock::time_point> when_staff_are(
    const config::OfficeHours& hours, bool in, std::chrono::system_clock::time_point from) {
  for (auto at = from; at < from + std::chrono::days(14); at += std::chrono::minutes(1)) {
    const auto presence = config::staff_presence(hours, at);
    if (presence.open == in) return at;
    if (in) return presence.next ? std::optional(presence.next->at) : std::nullopt;
  }
  return std::nullopt;
}

// The reply to one message, as the chat gives it: while the resident waits for a person, the
// dialogue does not answer (the server's handoff turn; here the first in the queue).
Reply reply_to(const Dialogue& chat, const Message& message, SessionState& state) {
  if (state.handoff != SessionState::Handoff::with_person) return chat.answer(message, state);
  if (chat.ends_handoff(message, state)) {
    state.handoff = SessionState::Handoff::none;
    state.handoff_id = 0;
    return chat.handoff_ended(state);
  }
  return chat.in_handoff(state, {HandoffStatus::Phase::waiting, 1, 120},
                         chat.crisis_help(message.text, state));
}

// One turn through the dialogue, and what it broke of the turn's expectations. `timed`: the
// conversation says whether staff are in.
void check_turn(const Dialogue& chat, Message& message, SessionState& state,
                const config::ConversationTurn& turn, bool timed, const std::string& where,
                std::vector<std::string>& problems) {
  message.kind = turn.platform_stop ? Message::Kind::stop : Message::Kind::text;
  message.text = turn.say;
  if (auto why = chat.refusal(message)) {
    problems.push_back(where + "the chat refused it: " + *why);
    return;
  }
  const bool with_the_bot = state.handoff == SessionState::Handoff::none;
  auto reply = reply_to(chat, message, state);
  const std::string action = !reply.handoff_request ? describe(reply.action)
                             : reply.handoff_request->kind == HandoffRequest::Kind::start
                                 ? "handoff"
                                 : "callback";
  // The store is not here: a subscription change, a handoff and a callback are taken as made.
  if (reply.action) chat.finish_action(reply, ActionResult{true, {reply.action->topic}});
  if (reply.handoff_request) {
    const bool start = reply.handoff_request->kind == HandoffRequest::Kind::start;
    chat.finish_handoff(
        reply, state,
        {start ? HandoffOutcome::Kind::waiting : HandoffOutcome::Kind::saved, 1, 1, 120});
  }
  // Whether a person is put through or a call back arranged depends on the hour: the rest of
  // such a test would pass in the morning and fail at night.
  if (!timed && with_the_bot && state.handoff != SessionState::Handoff::none)
    problems.push_back(where +
                       "a person was asked for: say when the conversation takes place, "
                       "'staff: in' or 'staff: out'");
  const std::string intent = reply.intent.empty() ? "none" : reply.intent;
  std::string text;
  for (const auto& m : reply.messages) text += m.text + "\n";
  const auto expected = [&](const std::optional<std::string>& want, const std::string& got,
                            const char* what) {
    if (want && got != *want)
      problems.push_back(where + "expected " + what + " '" + *want + "', got '" + got + "'");
  };
  expected(turn.expect_intent, intent, "intent");
  expected(turn.expect_lang, reply.lang, "language");
  expected(turn.expect_expecting, reply.expecting.empty() ? "none" : reply.expecting,
           "the bot to expect");
  expected(turn.expect_action, action, "action");
  if (turn.expect_text && text.find(*turn.expect_text) == std::string::npos)
    problems.push_back(where + "expected the answer to contain '" + *turn.expect_text + "'");
  if (turn.expect_no_text && text.find(*turn.expect_no_text) != std::string::npos)
    problems.push_back(where + "expected the answer not to contain '" + *turn.expect_no_text + "'");
  if (turn.expect_suggestion &&
      std::none_of(reply.suggestions.begin(), reply.suggestions.end(),
                   [&](const auto& s) { return s.intent == *turn.expect_suggestion; }))
    problems.push_back(where + "expected '" + *turn.expect_suggestion + "' among the suggestions");
  if (turn.expect_no_suggestion &&
      std::any_of(reply.suggestions.begin(), reply.suggestions.end(),
                  [&](const auto& s) { return s.intent == *turn.expect_no_suggestion; }))
    problems.push_back(where + "expected '" + *turn.expect_no_suggestion +
                       "' not among the suggestions");
  if (!problems.empty() && problems.back().starts_with(where))
    problems.back() += " (intent " + intent + ", confidence " +
                       std::to_string(reply.confidence).substr(0, 5) +
                       ", answer: " + text.substr(0, 120) + ")";
}

}  // namespace

std::vector<ConversationTestResult> run_conversation_tests(
    const Dialogue& chat, const config::Config& config,
    const std::vector<config::ConversationTest>& conversations,
    std::chrono::system_clock::time_point now) {
  std::vector<ConversationTestResult> results;
  std::size_t number = 0;
  for (const auto& conv : conversations) {
    auto& result = results.emplace_back(
        ConversationTestResult{conv.name, conv.file + ":" + std::to_string(conv.line), {}});
    auto& problems = result.problems;
    Message message;
    message.session = "conversation-test-" + std::to_string(++number);
    message.lang = conv.lang;
    message.actions_available = conv.notifications;
    bool can_run = true;
    if (conv.staff_in && config.handoff) {
      message.at = when_staff_are(config.handoff->office_hours, *conv.staff_in, now);
      can_run = message.at.has_value();
      if (!can_run)
        problems.push_back(result.where + ": by the office hours, staff are never " +
                           (*conv.staff_in ? "in" : "out") + " in the coming two weeks");
    }
    SessionState state;
    for (std::size_t i = 0; i < conv.turns.size() && can_run; ++i) {
      const auto& turn = conv.turns[i];
      const std::string where = conv.file + ":" + std::to_string(turn.line) + ": turn " +
                                std::to_string(i + 1) + " ('" +
                                (turn.platform_stop ? "/stop" : turn.say) + "'): ";
      check_turn(chat, message, state, turn, conv.staff_in.has_value(), where, problems);
    }
  }
  return results;
}

int report_conversation_tests(const config::Config& config, std::ostream& out) {
  std::vector<config::Diagnostic> errors;
  const auto conversations = conversation_tests_of(config, errors);
  for (const auto& e : errors) out << e.to_string() << "\n";
  if (!errors.empty()) return 1;
  if (conversations.empty()) {
    out << "no conversation tests (conversation_tests in the server file names none)\n";
    return 0;
  }
  const Dialogue chat(config);
  std::size_t failed = 0;
  for (const auto& result :
       run_conversation_tests(chat, config, conversations, std::chrono::system_clock::now())) {
    out << (result.problems.empty() ? "PASS " : "FAIL ") << result.name << "\n";
    for (const auto& p : result.problems) out << "  " << p << "\n";
    failed += !result.problems.empty();
  }
  out << conversations.size() << " conversations, " << conversations.size() - failed << " passed, "
      << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}

}  // namespace loket::dialogue
