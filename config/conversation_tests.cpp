#include "config/conversation_tests.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "config/yaml_checker.h"
#include "config/yaml_text.h"

namespace loket::config {
namespace {

// A language code a test names: one the municipality serves, or the test would only ever fail
// (or, for `lang`, test a language residents never get).
bool check_test_language(YamlChecker& c, const YAML::Node& at, const std::string& lang,
                         const Config& config, const char* key) {
  if (config.has_language(lang)) return true;
  std::string served;
  for (const auto& l : config.languages) served.append(served.empty() ? "" : ", ").append(l);
  c.error(at, std::string("'") + key + "': '" + lang +
                  "' is not one of this municipality's languages (" + served + ")");
  return false;
}

std::optional<ConversationTurn> read_turn(const YAML::Node& t,
                                          const std::function<bool(const std::string&)>& is_intent,
                                          const Config& config, YamlChecker& c) {
  if (!c.expect_map(
          t, "a turn",
          {"say", "command", "expect_intent", "expect_text", "expect_no_text", "expect_lang",
           "expect_expecting", "expect_action", "expect_suggestion", "expect_no_suggestion"}))
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
  text("expect_no_suggestion", turn.expect_no_suggestion);
  for (const auto* id : {&turn.expect_intent, &turn.expect_suggestion, &turn.expect_no_suggestion})
    if (*id && **id != "none" && !is_intent(**id)) c.error(t, "'" + **id + "' is not an intent");
  if (turn.expect_lang)
    check_test_language(c, t["expect_lang"], *turn.expect_lang, config, "expect_lang");
  return turn;
}

std::optional<ConversationTest> read_conversation(
    const YAML::Node& node, const std::function<bool(const std::string&)>& is_intent,
    const Config& config, YamlChecker& c) {
  if (!c.expect_map(node, "a conversation", {"name", "lang", "notifications", "staff", "turns"}))
    return std::nullopt;
  ConversationTest conv;
  conv.line = YamlChecker::line_of(node);
  if (!node["name"] || !node["turns"]) {
    c.error(node, "a conversation needs a name and turns");
    return std::nullopt;
  }
  conv.name = c.non_empty_string(node["name"], "name").value_or("?");
  if (auto l = node["lang"]) {
    conv.lang = c.non_empty_string(l, "lang").value_or("");
    if (!conv.lang.empty() && !check_test_language(c, l, conv.lang, config, "lang"))
      conv.lang.clear();
  }
  if (auto n = node["notifications"]) {
    const auto value = c.non_empty_string(n, "notifications").value_or("on");
    if (value != "on" && value != "off") c.error(n, "'notifications' is 'on' or 'off'");
    conv.notifications = value != "off";
  }
  if (auto n = node["staff"]) {
    const auto value = c.non_empty_string(n, "staff").value_or("");
    if (value != "in" && value != "out")
      c.error(n, "'staff' is 'in' (a person is put through) or 'out' (a call back is arranged)");
    else if (!config.handoff)
      c.error(n, "'staff' needs 'handoff:' in the server file: without it nobody is handed over");
    else
      conv.staff_in = value == "in";
  }
  if (!c.expect_sequence(node["turns"], "turns")) return std::nullopt;
  if (node["turns"].size() == 0) {
    c.error(node["turns"], "conversation '" + conv.name + "' has no turns: it would test nothing");
    return std::nullopt;
  }
  for (const auto& t : node["turns"])
    if (auto turn = read_turn(t, is_intent, config, c)) conv.turns.push_back(std::move(*turn));
  return conv;
}

}  // namespace

std::vector<ConversationTest> read_conversation_tests(
    const Config& config, const std::function<bool(const std::string&)>& is_intent,
    std::vector<Diagnostic>& errors) {
  std::vector<ConversationTest> out;
  std::map<std::string, std::string> named;  // a conversation's name -> where it is
  for (const auto& path : config.conversation_test_files) {
    YAML::Node root;
    try {
      std::error_code ec;
      const auto size = std::filesystem::file_size(path, ec);
      if (!ec && size > kMaxConfigFileBytes) {  // before reading it: every size has its limit
        errors.push_back({path.string(), 1, 1, "larger than 16 MiB"});
        continue;
      }
      std::ifstream in(path, std::ios::binary);
      if (ec || !in) {
        errors.push_back({path.string(), 1, 1, "cannot read this file"});
        continue;
      }
      const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      root = parse_yaml(text);
    } catch (const YAML::Exception& e) {
      errors.push_back({path.string(), e.mark.line + 1, e.mark.column + 1, e.msg});
      continue;
    }
    YamlChecker c(path.string(), errors);
    if (!c.expect_map(root, "a conversation test file", {"conversations"})) continue;
    auto list = root["conversations"];
    if (!list || !c.expect_sequence(list, "conversations")) continue;
    for (const auto& node : list) {
      if (auto conv = read_conversation(node, is_intent, config, c)) {
        conv->file = path.string();
        const std::string where = conv->file + ":" + std::to_string(conv->line);
        if (const auto [it, fresh] = named.emplace(conv->name, where); !fresh) {
          // Two of one name: a report could not say which one failed.
          c.error(node["name"], "conversation '" + conv->name + "' is named so at " + it->second +
                                    " too: give each its own name");
          continue;
        }
        out.push_back(std::move(*conv));
      }
    }
  }
  return out;
}

}  // namespace loket::config
