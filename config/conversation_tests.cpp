#include "config/conversation_tests.h"

#include <yaml-cpp/yaml.h>

#include "config/yaml_checker.h"

namespace loket::config {
namespace {

std::optional<ConversationTurn> read_turn(const YAML::Node& t,
                                          const std::function<bool(const std::string&)>& is_intent,
                                          YamlChecker& c) {
  if (!c.expect_map(t, "a turn",
                    {"say", "command", "expect_intent", "expect_text", "expect_no_text",
                     "expect_lang", "expect_expecting", "expect_action", "expect_suggestion"}))
    return std::nullopt;
  ConversationTurn turn;
  turn.line = YamlChecker::line_of(t);
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
  for (const auto* id : {&turn.expect_intent, &turn.expect_suggestion})
    if (*id && **id != "none" && !is_intent(**id)) c.error(t, "'" + **id + "' is not an intent");
  return turn;
}

std::optional<ConversationTest> read_conversation(
    const YAML::Node& node, const std::function<bool(const std::string&)>& is_intent,
    YamlChecker& c) {
  if (!c.expect_map(node, "a conversation", {"name", "lang", "notifications", "turns"}))
    return std::nullopt;
  ConversationTest conv;
  conv.line = YamlChecker::line_of(node);
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
    if (auto turn = read_turn(t, is_intent, c)) conv.turns.push_back(std::move(*turn));
  return conv;
}

}  // namespace

std::vector<ConversationTest> read_conversation_tests(
    const Config& config, const std::function<bool(const std::string&)>& is_intent,
    std::vector<Diagnostic>& errors) {
  std::vector<ConversationTest> out;
  for (const auto& path : config.conversation_test_files) {
    YAML::Node root;
    try {
      root = YAML::LoadFile(path.string());
    } catch (const YAML::Exception& e) {
      errors.push_back({path.string(), e.mark.line + 1, e.mark.column + 1, e.msg});
      continue;
    }
    YamlChecker c(path.string(), errors);
    if (!c.expect_map(root, "a conversation test file", {"conversations"})) continue;
    auto list = root["conversations"];
    if (!list || !c.expect_sequence(list, "conversations")) continue;
    for (const auto& node : list) {
      if (auto conv = read_conversation(node, is_intent, c)) {
        conv->file = path.string();
        out.push_back(std::move(*conv));
      }
    }
  }
  return out;
}

}  // namespace loket::config
