#include "server/cli/conversation_tests.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <ostream>

#include "config/yaml_checker.h"
#include "intents/dialogue/dialogue.h"
#include "intents/dialogue/small_talk.h"

namespace loket::server {
namespace {

struct Turn {
  std::string say;
  bool platform_stop = false;  // the platform's stop command (Telegram's /stop) instead of text
  std::optional<std::string> expect_intent;  // "none": the bot must not answer
  std::optional<std::string> expect_text;
  std::optional<std::string> expect_no_text;
  std::optional<std::string> expect_lang;
  std::optional<std::string> expect_expecting;   // "postcode", "confirmation"; "none"
  std::optional<std::string> expect_action;      // "subscribe afval", "unsubscribe"; "none"
  std::optional<std::string> expect_suggestion;  // an intent among the suggestions
  int line = 0;
};

struct Conversation {
  std::string name;
  std::string lang;           // optional: sent with every turn
  bool notifications = true;  // false: the store is off, nothing can be subscribed
  std::vector<Turn> turns;
  std::string file;
  int line = 0;
};

std::optional<Turn> read_turn(const YAML::Node& t, const config::Config& config,
                              config::YamlChecker& c) {
  if (!c.expect_map(t, "a turn",
                    {"say", "command", "expect_intent", "expect_text", "expect_no_text",
                     "expect_lang", "expect_expecting", "expect_action", "expect_suggestion"}))
    return std::nullopt;
  Turn turn;
  turn.line = config::YamlChecker::line_of(t);
  if (auto command = t["command"]) {
    if (c.non_empty_string(command, "command").value_or("") != "stop") {
      c.error(command, "'command' can only be 'stop' (the platform's stop command)");
      return std::nullopt;
    }
    turn.platform_stop = true;
  } else if (!t["say"]) {
    c.error(t, "a turn needs 'say' (or 'command: stop')");
    return std::nullopt;
  } else {
    turn.say = c.non_empty_string(t["say"], "say").value_or("");
  }
  const auto text = [&](const char* key, std::optional<std::string>& into) {
    if (auto n = t[key]) into = c.non_empty_string(n, key);
  };
  text("expect_intent", turn.expect_intent);
  text("expect_text", turn.expect_text);
  text("expect_no_text", turn.expect_no_text);
  text("expect_lang", turn.expect_lang);
  text("expect_expecting", turn.expect_expecting);
  text("expect_action", turn.expect_action);
  text("expect_suggestion", turn.expect_suggestion);
  const auto& builtin = dialogue::small_talk_ids();
  for (const auto* id : {&turn.expect_intent, &turn.expect_suggestion})
    if (*id && **id != "none" && !config.find_intent(**id) &&
        std::find(builtin.begin(), builtin.end(), **id) == builtin.end())
      c.error(t, "'" + **id + "' is not an intent");
  return turn;
}

std::optional<Conversation> read_conversation(const YAML::Node& node, const config::Config& config,
                                              config::YamlChecker& c) {
  if (!c.expect_map(node, "a conversation", {"name", "lang", "notifications", "turns"}))
    return std::nullopt;
  Conversation conv;
  conv.line = config::YamlChecker::line_of(node);
  if (!node["name"] || !node["turns"]) {
    c.error(node, "a conversation needs a name and turns");
    return std::nullopt;
  }
  conv.name = c.non_empty_string(node["name"], "name").value_or("?");
  if (auto l = node["lang"]) conv.lang = c.non_empty_string(l, "lang").value_or("");
  if (auto n = node["notifications"]) {
    const auto value = c.non_empty_string(n, "notifications").value_or("on");
    if (value != "on" && value != "off") c.error(n, "'notifications' is 'on' or 'off'");
    conv.notifications = value != "off";
  }
  if (!c.expect_sequence(node["turns"], "turns")) return std::nullopt;
  for (const auto& t : node["turns"])
    if (auto turn = read_turn(t, config, c)) conv.turns.push_back(std::move(*turn));
  return conv;
}

std::vector<Conversation> read_tests(const config::Config& config,
                                     std::vector<config::Diagnostic>& errors) {
  std::vector<Conversation> out;
  for (const auto& path : config.conversation_test_files) {
    YAML::Node root;
    try {
      root = YAML::LoadFile(path.string());
    } catch (const YAML::Exception& e) {
      errors.push_back({path.string(), e.mark.line + 1, e.mark.column + 1, e.msg});
      continue;
    }
    config::YamlChecker c(path.string(), errors);
    if (!c.expect_map(root, "a conversation test file", {"conversations"})) continue;
    auto list = root["conversations"];
    if (!list || !c.expect_sequence(list, "conversations")) continue;
    for (const auto& node : list) {
      if (auto conv = read_conversation(node, config, c)) {
        conv->file = path.string();
        out.push_back(std::move(*conv));
      }
    }
  }
  return out;
}

// "subscribe afval", "unsubscribe", "subscriptions", or "none".
std::string describe(const std::optional<dialogue::Action>& action) {
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

// One turn through the dialogue, and what it broke of the turn's expectations.
void check_turn(dialogue::Dialogue& chat, dialogue::Message& message, const Turn& turn,
                const std::string& where, std::vector<std::string>& problems) {
  message.kind = turn.platform_stop ? dialogue::Message::Kind::stop : dialogue::Message::Kind::text;
  message.text = turn.say;
  if (auto why = chat.refusal(message)) {
    problems.push_back(where + "the chat refused it: " + *why);
    return;
  }
  auto reply = chat.answer(message);
  const std::string action = !reply.handoff_request ? describe(reply.action)
                             : reply.handoff_request->kind == dialogue::HandoffRequest::Kind::start
                                 ? "handoff"
                                 : "callback";
  // The store is not here: a subscription change, a handoff and a callback are taken as made.
  if (reply.action) chat.finish_action(reply, dialogue::ActionResult{true, {reply.action->topic}});
  if (reply.handoff_request) {
    dialogue::SessionState unused;
    const bool start = reply.handoff_request->kind == dialogue::HandoffRequest::Kind::start;
    chat.finish_handoff(
        reply, unused,
        {start ? dialogue::HandoffOutcome::Kind::waiting : dialogue::HandoffOutcome::Kind::saved, 1,
         1, 120});
  }
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
  if (!problems.empty() && problems.back().starts_with(where))
    problems.back() += " (intent " + intent + ", confidence " +
                       std::to_string(reply.confidence).substr(0, 5) +
                       ", answer: " + text.substr(0, 120) + ")";
}

}  // namespace

int run_conversation_tests(const config::Config& config, std::ostream& out) {
  std::vector<config::Diagnostic> errors;
  auto conversations = read_tests(config, errors);
  for (const auto& e : errors) out << e.to_string() << "\n";
  if (!errors.empty()) return 1;
  if (conversations.empty()) {
    out << "no conversation tests (conversation_tests in the server file names none)\n";
    return 0;
  }
  dialogue::Dialogue chat(config);
  std::size_t failed = 0, number = 0;
  for (const auto& conv : conversations) {
    std::vector<std::string> problems;
    dialogue::Message message;
    message.session = "conversation-test-" + std::to_string(++number);
    message.lang = conv.lang;
    message.actions_available = conv.notifications;
    for (std::size_t i = 0; i < conv.turns.size(); ++i) {
      const auto& turn = conv.turns[i];
      const std::string where = conv.file + ":" + std::to_string(turn.line) + ": turn " +
                                std::to_string(i + 1) + " ('" +
                                (turn.platform_stop ? "/stop" : turn.say) + "'): ";
      check_turn(chat, message, turn, where, problems);
    }
    out << (problems.empty() ? "PASS " : "FAIL ") << conv.name << "\n";
    for (const auto& p : problems) out << "  " << p << "\n";
    failed += !problems.empty();
  }
  out << conversations.size() << " conversations, " << conversations.size() - failed << " passed, "
      << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}

}  // namespace loket::server
