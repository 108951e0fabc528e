#include "server/cli/content_show.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <string>

namespace loket::server {

namespace {

YAML::Node lang_text(const config::LangText& text) {
  YAML::Node node(YAML::NodeType::Map);
  for (const auto& [lang, value] : text) node[lang] = value;
  return node;
}

std::string action_text(const config::Action& action) {
  switch (action.kind) {
    case config::Action::Kind::list_subscriptions:
      return "subscriptions";
    case config::Action::Kind::unsubscribe:
      return action.topic.empty() ? "unsubscribe" : "{unsubscribe: " + action.topic + "}";
    case config::Action::Kind::subscribe:
      break;
  }
  return "{subscribe: " + action.topic + "}";
}

// The part `key` of the effective intent, as it would be written in content.
YAML::Node part(const config::Intent& intent, const std::string& key) {
  if (key == "title") return lang_text(intent.title);
  if (key == "answer") return lang_text(intent.answer);
  if (key == "confirm") return lang_text(intent.confirm);
  if (key == "declined") return lang_text(intent.declined);
  if (key == "empty") return lang_text(intent.empty);
  if (key == "source") return YAML::Node(intent.source);
  if (key == "review_by") return YAML::Node(intent.review_by);
  if (key == "handoff") return YAML::Node("offer");
  if (key == "urgent") return YAML::Node(intent.urgent);
  if (key == "whole_answer") return YAML::Node(intent.whole_answer);
  if (key == "examples" || key == "keywords" || key == "required_words") {
    YAML::Node node(YAML::NodeType::Map);
    const auto& lists = key == "examples"   ? intent.examples
                        : key == "keywords" ? intent.keywords
                                            : intent.required_words;
    for (const auto& [lang, list] : lists)
      for (const auto& text : list) node[lang].push_back(text);
    return node;
  }
  if (key == "suggestions") {
    YAML::Node node(YAML::NodeType::Sequence);
    for (const auto& id : intent.suggestions) node.push_back(id);
    return node;
  }
  if (key == "links") {
    YAML::Node node(YAML::NodeType::Sequence);
    for (const auto& link : intent.links) {
      YAML::Node item;
      if (!link.title.empty()) item["title"] = lang_text(link.title);
      item["url"] = link.url;
      node.push_back(item);
    }
    return node;
  }
  if (key == "slots") {
    YAML::Node node(YAML::NodeType::Sequence);
    for (const auto& slot : intent.slots) {
      YAML::Node item;
      item["name"] = slot.name;
      item["entity"] = slot.entity;
      item["prompt"] = lang_text(slot.prompt);
      node.push_back(item);
    }
    return node;
  }
  if (key == "lookup" && intent.lookup) {
    YAML::Node node;
    node["table"] = intent.lookup->table.file.generic_string();
    node["key"] = intent.lookup->key;
    node["match"] = intent.lookup->prefix ? "prefix" : "exact";
    node["not_found"] = lang_text(intent.lookup->not_found);
    return node;
  }
  if (key == "action") {
    if (intent.handoff == config::Intent::Handoff::requested) return YAML::Node("handoff");
    if (intent.finds_schemes)
      return YAML::Node(*intent.finds_schemes == config::Audience::residents
                            ? "find_schemes"
                            : "find_business_schemes");
    if (intent.action) return YAML::Load(action_text(*intent.action));
  }
  return YAML::Node();
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out.append(out.empty() ? "" : ", ").append(item);
  return out;
}

}  // namespace

bool print_effective_intent(const config::Config& config, std::string_view id, std::ostream& out) {
  const config::Intent* intent = config.find_intent(id);
  if (intent == nullptr) return false;
  out << "# intent '" << intent->id << "': defined at " << intent->file << ":" << intent->line;
  for (const auto& o : intent->overrides)
    out << "; overridden at " << o.where << " (" << joined(o.parts) << ")";
  out << "\n";
  // The order content files use, whatever order the parts were written in.
  static constexpr const char* kOrder[] = {
      "title",       "examples", "slots",        "lookup",         "answer", "links",
      "suggestions", "action",   "confirm",      "declined",       "empty",  "keywords",
      "handoff",     "urgent",   "whole_answer", "required_words", "source", "review_by"};
  YAML::Emitter id_line;
  id_line << YAML::BeginMap << YAML::Key << "id" << YAML::Value << intent->id << YAML::EndMap;
  out << id_line.c_str() << "\n";
  for (const char* key : kOrder) {
    auto where = intent->origin.find(key);
    if (where == intent->origin.end()) continue;
    YAML::Node value = part(*intent, key);
    if (!value.IsDefined() || value.IsNull()) continue;
    YAML::Emitter emitter;
    emitter << YAML::BeginMap << YAML::Key << key << YAML::Value << value << YAML::EndMap;
    out << "# " << joined(where->second) << "\n" << emitter.c_str() << "\n";
  }
  return true;
}

void print_intent_origins(const config::Config& config, std::ostream& out) {
  const bool layered = std::any_of(config.content_files.begin(), config.content_files.end(),
                                   [](const auto& file) { return file.layer > 0; });
  if (!layered) return;
  std::size_t overridden = 0;
  for (const auto& intent : config.intents) overridden += intent.overrides.empty() ? 0 : 1;
  out << "intents by origin (" << overridden << " overridden):\n";
  for (const auto& intent : config.intents) {
    out << "  " << intent.id << ": " << intent.file << ":" << intent.line;
    for (const auto& o : intent.overrides)
      out << ", overridden at " << o.where << " (" << joined(o.parts) << ")";
    out << "\n";
  }
}

}  // namespace loket::server
