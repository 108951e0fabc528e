// A Rasa 3.x project: the intents and examples of its NLU data, their answers from the domain's
// responses (utter_<intent>, or the action a simple rule runs after the intent), retrieval
// intents (faq/...) included. Read with yaml-cpp.
#include <yaml-cpp/yaml.h>

#include <map>
#include <set>

#include "server/import/sources.h"

namespace loket::server::import {

namespace fs = std::filesystem;

namespace {

// Rasa's own small talk (and mood_great, mood_unhappy, ...): loket answers these itself.
const std::set<std::string, std::less<>> kSmallTalk = {
    "greet",  "goodbye",      "affirm",       "deny",     "bot_challenge", "thankyou",
    "thanks", "nlu_fallback", "out_of_scope", "chitchat", "inform",        "stop"};

bool is_small_talk(const std::string& intent) {
  return kSmallTalk.count(intent) > 0 || intent.rfind("mood_", 0) == 0;
}

struct Project {
  std::map<std::string, std::pair<std::vector<std::string>, std::string>> examples;  // + where
  std::vector<std::string> order;                   // intents as the NLU data lists them
  std::map<std::string, std::string> responses;     // utter_x -> its first text
  std::map<std::string, std::string> rule_actions;  // intent -> the utter_ action a rule runs
};

std::string where(const fs::path& file, const fs::path& root, const YAML::Node& node) {
  return fs::relative(file, root).generic_string() + ":" + std::to_string(node.Mark().line + 1);
}

// "[Groningen](city)" and "[9701]{\"entity\": \"postcode\"}" as the resident typed them: the
// bracketed text without its annotation. A bracket without one stays as written.
std::string plain_example(std::string_view text) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto open = text.find('[', at);
    const auto close = open == std::string_view::npos ? open : text.find(']', open);
    const char kind =
        close == std::string_view::npos || close + 1 >= text.size() ? '\0' : text[close + 1];
    const auto end = kind == '('   ? text.find(')', close)
                     : kind == '{' ? text.find('}', close)
                                   : std::string_view::npos;
    if (end == std::string_view::npos) {
      out.append(text.substr(at));
      break;
    }
    out.append(text.substr(at, open - at)).append(text.substr(open + 1, close - open - 1));
    at = end + 1;
  }
  const auto b = out.find_first_not_of(" \t");
  return b == std::string::npos ? "" : out.substr(b, out.find_last_not_of(" \t") - b + 1);
}

void read_nlu(const YAML::Node& nlu, const fs::path& file, const fs::path& root, Project& p) {
  if (!nlu.IsSequence()) return;
  for (const auto& item : nlu) {
    if (!item.IsMap() || !item["intent"] || !item["examples"]) continue;
    const auto name = item["intent"].as<std::string>();
    auto [it, fresh] = p.examples.try_emplace(name);
    if (fresh) {
      p.order.push_back(name);
      it->second.second = where(file, root, item);
    }
    // examples: |\n  - one\n  - two
    std::string block = item["examples"].as<std::string>();
    std::size_t at = 0;
    while (at < block.size()) {
      const auto end = std::min(block.find('\n', at), block.size());
      std::string line = block.substr(at, end - at);
      at = end + 1;
      const auto dash = line.find_first_not_of(" \t");
      if (dash == std::string::npos || line[dash] != '-') continue;
      if (auto e = plain_example(std::string_view(line).substr(dash + 1)); !e.empty())
        it->second.first.push_back(e);
    }
  }
}

void read_rules(const YAML::Node& rules, Project& p) {
  if (!rules.IsSequence()) return;
  for (const auto& rule : rules) {
    const auto steps = rule.IsMap() ? rule["steps"] : YAML::Node();
    if (!steps || !steps.IsSequence() || steps.size() != 2) continue;
    if (!steps[0].IsMap() || !steps[1].IsMap() || !steps[0]["intent"] || !steps[1]["action"])
      continue;
    const auto action = steps[1]["action"].as<std::string>();
    if (action.rfind("utter_", 0) == 0)
      p.rule_actions[steps[0]["intent"].as<std::string>()] = action;
  }
}

void read_responses(const YAML::Node& responses, Project& p) {
  if (!responses.IsMap()) return;
  for (const auto& kv : responses) {
    const auto& variants = kv.second;
    if (!variants.IsSequence() || variants.size() == 0 || !variants[0].IsMap() ||
        !variants[0]["text"])
      continue;
    p.responses.emplace(kv.first.as<std::string>(), variants[0]["text"].as<std::string>());
  }
}

// The project's folder: the source itself, or the folder above the one holding nlu.yml.
fs::path project_root(const fs::path& source) {
  std::error_code ec;
  if (fs::is_directory(source, ec)) return source;
  const fs::path folder = source.parent_path();
  if (fs::exists(folder / "domain.yml", ec) || !fs::exists(folder.parent_path() / "domain.yml", ec))
    return folder;
  return folder.parent_path();
}

std::string id_of(std::string name) {
  for (auto& c : name)
    if (c == '/' || c == ' ') c = '-';
  return name;
}

}  // namespace

ReadResult read_rasa(const fs::path& source, const std::string& lang) {
  const fs::path root = project_root(source);
  std::vector<fs::path> files;
  std::error_code ec;
  for (const char* name : {"domain.yml", "domain.yaml"})
    if (fs::is_regular_file(root / name, ec)) files.push_back(root / name);
  for (const auto& folder : {root / "data", root / "domain"})
    for (const auto& e : fs::recursive_directory_iterator(folder, ec)) {
      const auto ext = e.path().extension();
      if (e.is_regular_file() && (ext == ".yml" || ext == ".yaml") && files.size() < 1000)
        files.push_back(e.path());
    }
  if (!fs::is_directory(source, ec) && fs::is_regular_file(source, ec) &&
      std::find(files.begin(), files.end(), source) == files.end())
    files.push_back(source);
  Project project;
  std::size_t bytes = 0;
  for (const auto& file : files) {
    std::string error;
    auto text = read_file(file, error);
    if (!text) return {std::nullopt, error};
    if ((bytes += text->size()) > kMaxSourceBytes)
      return {std::nullopt, root.string() + ": the project's YAML files are larger than " +
                                std::to_string(kMaxSourceBytes >> 20) + " MB together"};
    try {
      const YAML::Node doc = YAML::Load(*text);
      if (!doc.IsMap()) continue;
      if (auto n = doc["nlu"]) read_nlu(n, file, root, project);
      if (auto n = doc["rules"]) read_rules(n, project);
      if (auto n = doc["responses"]) read_responses(n, project);
    } catch (const YAML::Exception& e) {
      return {std::nullopt, fs::relative(file, root).generic_string() + ":" +
                                std::to_string(e.mark.line + 1) + ":" +
                                std::to_string(e.mark.column + 1) + ": " + e.msg};
    }
  }
  if (project.examples.empty())
    return {std::nullopt, source.string() + ": no Rasa NLU data (nlu: with intent: and examples:)"};
  Imported out;
  for (const auto& name : project.order) {
    const auto& [examples, at] = project.examples.at(name);
    if (is_small_talk(name)) {
      out.skipped.push_back({at, "intent '" + name + "' is small talk loket answers itself"});
      continue;
    }
    // faq/paspoort answers with utter_faq/paspoort; a rule may name another action.
    std::string action = "utter_" + name;
    if (auto rule = project.rule_actions.find(name); rule != project.rule_actions.end())
      action = rule->second;
    auto response = project.responses.find(action);
    if (response == project.responses.end()) {
      out.skipped.push_back({at, "intent '" + name + "' has no response (" + action +
                                     " is not in the domain's responses)"});
      continue;
    }
    if (examples.empty()) {
      out.skipped.push_back({at, "intent '" + name + "' has no examples"});
      continue;
    }
    Faq faq;
    faq.id = id_of(name);
    faq.questions[lang] = examples;
    faq.answers[lang] = response->second;
    faq.origin = at;
    const auto slash = name.find('/');
    faq.theme = slash == std::string::npos ? "rasa" : name.substr(0, slash);
    out.faqs.push_back(std::move(faq));
  }
  return {std::move(out), {}};
}

}  // namespace loket::server::import
