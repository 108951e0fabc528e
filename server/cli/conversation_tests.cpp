#include "server/cli/conversation_tests.h"

#include <yaml-cpp/yaml.h>

#include <ostream>

#include "config/yaml_checker.h"
#include "intents/dialogue/dialogue.h"

namespace loket::server {
namespace {

struct Turn {
  std::string say;
  std::optional<std::string> expect_intent;  // "none": the bot must not answer
  std::optional<std::string> expect_text;
  std::optional<std::string> expect_lang;
  int line = 0;
};

struct Conversation {
  std::string name;
  std::string lang;  // optional: sent with every turn
  std::vector<Turn> turns;
  std::string file;
  int line = 0;
};

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
      if (!c.expect_map(node, "a conversation", {"name", "lang", "turns"})) continue;
      Conversation conv;
      conv.file = path.string();
      conv.line = config::YamlChecker::line_of(node);
      if (!node["name"] || !node["turns"]) {
        c.error(node, "a conversation needs a name and turns");
        continue;
      }
      conv.name = c.non_empty_string(node["name"], "name").value_or("?");
      if (auto l = node["lang"]) conv.lang = c.non_empty_string(l, "lang").value_or("");
      if (!c.expect_sequence(node["turns"], "turns")) continue;
      for (const auto& t : node["turns"]) {
        if (!c.expect_map(t, "a turn", {"say", "expect_intent", "expect_text", "expect_lang"}))
          continue;
        Turn turn;
        turn.line = config::YamlChecker::line_of(t);
        if (!t["say"]) {
          c.error(t, "a turn needs 'say'");
          continue;
        }
        turn.say = c.non_empty_string(t["say"], "say").value_or("");
        if (auto n = t["expect_intent"])
          turn.expect_intent = c.non_empty_string(n, "expect_intent");
        if (auto n = t["expect_text"]) turn.expect_text = c.non_empty_string(n, "expect_text");
        if (auto n = t["expect_lang"]) turn.expect_lang = c.non_empty_string(n, "expect_lang");
        if (turn.expect_intent && *turn.expect_intent != "none" &&
            !config.find_intent(*turn.expect_intent))
          c.error(t["expect_intent"],
                  "expect_intent '" + *turn.expect_intent + "' is not an intent");
        conv.turns.push_back(std::move(turn));
      }
      out.push_back(std::move(conv));
    }
  }
  return out;
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
    for (std::size_t i = 0; i < conv.turns.size(); ++i) {
      const auto& turn = conv.turns[i];
      message.text = turn.say;
      const std::string where = conv.file + ":" + std::to_string(turn.line) + ": turn " +
                                std::to_string(i + 1) + " ('" + turn.say + "'): ";
      if (auto why = chat.refusal(message)) {
        problems.push_back(where + "the chat refused it: " + *why);
        continue;
      }
      auto reply = chat.answer(message);
      // Subscriptions need the store; here they report it unreachable, the intent still counts.
      if (reply.action) chat.finish_action(reply, dialogue::ActionResult{});
      const std::string intent = reply.intent.empty() ? "none" : reply.intent;
      std::string text;
      for (const auto& m : reply.messages) text += m.text + "\n";
      if (turn.expect_intent && intent != *turn.expect_intent)
        problems.push_back(where + "expected intent '" + *turn.expect_intent + "', got '" + intent +
                           "' (confidence " + std::to_string(reply.confidence).substr(0, 5) + ")");
      if (turn.expect_text && text.find(*turn.expect_text) == std::string::npos)
        problems.push_back(where + "expected the answer to contain '" + *turn.expect_text + "'");
      if (turn.expect_lang && reply.lang != *turn.expect_lang)
        problems.push_back(where + "expected language '" + *turn.expect_lang + "', got '" +
                           reply.lang + "'");
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
