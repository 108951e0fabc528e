#include "config/content_additions.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <stdexcept>

namespace loket::config {
namespace {

constexpr const char* kHeader =
    "# Examples staff added from the dashboard (/admin), as overrides of the intents they\n"
    "# belong to. loket writes this file: edit it like any content file, but its comments are\n"
    "# not kept.\n";

bool same_question(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

AddedExamples with_added_examples(const std::string& current, const std::string& intent,
                                  const std::map<std::string, std::vector<std::string>>& examples) {
  YAML::Node root = current.empty() ? YAML::Node(YAML::NodeType::Map) : YAML::Load(current);
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  if (!root.IsMap()) throw std::invalid_argument("the additions file is not a map");
  YAML::Node intents = root["intents"];
  if (!intents || intents.IsNull()) {
    intents = YAML::Node(YAML::NodeType::Sequence);
    root["intents"] = intents;
  }
  if (!intents.IsSequence())
    throw std::invalid_argument("the additions file's intents is not a list");
  YAML::Node entry;
  bool found = false;
  for (std::size_t i = 0; i < intents.size() && !found; ++i)
    if (intents[i].IsMap() && intents[i]["id"] && intents[i]["id"].as<std::string>() == intent) {
      entry.reset(intents[i]);
      found = true;
    }
  if (!found) {
    entry = YAML::Node(YAML::NodeType::Map);
    entry["id"] = intent;
    entry["override"] = true;
    intents.push_back(entry);
  }
  AddedExamples out;
  for (const auto& [lang, texts] : examples) {
    YAML::Node list = entry["examples"][lang];
    std::vector<std::string> have;
    if (list && list.IsSequence())
      for (auto e : list) have.push_back(e.as<std::string>());
    for (const auto& text : texts) {
      if (std::any_of(have.begin(), have.end(),
                      [&](const std::string& h) { return same_question(h, text); }))
        continue;
      have.push_back(text);
      ++out.added;
    }
    YAML::Node updated(YAML::NodeType::Sequence);
    for (const auto& h : have) updated.push_back(h);
    entry["examples"][lang] = updated;
  }
  // Block style throughout, however the file was written: one example per line reads best.
  intents.SetStyle(YAML::EmitterStyle::Block);
  for (std::size_t i = 0; i < intents.size(); ++i) intents[i].SetStyle(YAML::EmitterStyle::Block);
  YAML::Emitter emitter;
  emitter << root;
  out.text = std::string(kHeader) + emitter.c_str() + "\n";
  return out;
}

}  // namespace loket::config
