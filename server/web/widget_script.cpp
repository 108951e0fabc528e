#include "server/web/widget_script.h"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "config/widget_labels.h"
#include "server/common/html_text.h"
#include "server/web/web_assets.h"

namespace loket::server {
namespace json = boost::json;
namespace {

std::string_view asset(std::string_view path) {
  for (const WebAsset& a : web_assets())
    if (a.path == path) return a.body;
  throw std::logic_error("web asset " + std::string(path) + " is not compiled in");
}

json::object lang_text(const config::LangText& text) {
  json::object out;
  for (const auto& [lang, value] : text) out[lang] = value;
  return out;
}

// The widget speaks the content languages, and Frisian beside Dutch.
std::vector<std::string> spoken_languages(const config::Config& config) {
  std::vector<std::string> out = config.languages;
  if (config.has_language("nl") && !config.has_language("fy")) out.push_back("fy");
  return out;
}

// Replaces every `token`; a template without it is a build defect.
void replace_all(std::string& text, std::string_view token, std::string_view value) {
  auto at = text.find(token);
  if (at == std::string::npos)
    throw std::logic_error("template token " + std::string(token) + " is missing");
  for (; at != std::string::npos; at = text.find(token, at + value.size()))
    text.replace(at, token.size(), value);
}

// The municipality's word for `key` in `lang`, else loket's; for a language loket has no words in
// (check-config warns), the default language's.
std::string label(const config::Config& config, const std::string& lang, std::string_view key) {
  if (auto own = config.widget.labels.find(lang); own != config.widget.labels.end())
    if (auto text = own->second.find(std::string(key)); text != own->second.end())
      return text->second;
  if (auto text = config::default_widget_label(lang, key); !text.empty()) return std::string(text);
  if (lang != config.default_language) return label(config, config.default_language, key);
  return std::string(config::default_widget_label("en", key));
}

}  // namespace

std::string widget_settings_json(const config::Config& config) {
  const config::WidgetSettings& w = config.widget;
  json::object labels;
  for (const std::string& lang : spoken_languages(config)) {
    json::object words;
    for (std::string_view key : config::widget_label_keys()) words[key] = label(config, lang, key);
    labels[lang] = std::move(words);
  }
  json::object topics;
  for (const config::Topic& t : config.topics) topics[t.id] = lang_text(t.name);
  json::array languages;
  for (const std::string& lang : spoken_languages(config)) languages.emplace_back(lang);
  // No "was this helpful?" under a hello or a thank-you, nor under a crisis line's number: rating
  // that answer would be out of place for someone in need.
  json::array no_feedback;
  for (std::string_view id : config::kBuiltinIntents) no_feedback.emplace_back(id);
  for (const config::Intent& intent : config.intents)
    if (intent.urgent) no_feedback.emplace_back(intent.id);
  return json::serialize(json::object{
      {"name", w.name.empty() ? std::string("loket") : w.name},
      {"logo", w.logo},
      {"left", w.left},
      {"colours", json::object{{"primary", w.colours.primary},
                               {"on_primary", w.colours.on_primary},
                               {"background", w.colours.background},
                               {"surface", w.colours.surface},
                               {"text", w.colours.text}}},
      {"languages", std::move(languages)},
      {"default", config.default_language},
      {"labels", std::move(labels)},
      {"welcome", lang_text(config.messages.welcome)},
      {"launcher", lang_text(w.launcher)},
      {"privacy", json::object{{"text", lang_text(w.privacy)}, {"url", w.privacy_url}}},
      {"topics", std::move(topics)},
      {"no_feedback", std::move(no_feedback)},
  });
}

std::string render_widget_script(const config::Config& config) {
  std::string script(asset("template:widget.js"));
  replace_all(script, "__LOKET_SETTINGS__", widget_settings_json(config));
  replace_all(script, "__LOKET_CSS__", json::serialize(json::string(asset("template:widget.css"))));
  return script;
}

std::string render_push_script(const config::Config& config) {
  json::object labels;
  for (const std::string& lang : spoken_languages(config))
    labels[lang] = json::object{{"open", label(config, lang, "push_open")},
                                {"topics", label(config, lang, "push_topics")},
                                {"postcode", label(config, lang, "push_postcode")},
                                {"on", label(config, lang, "push_on")},
                                {"done", label(config, lang, "push_done")},
                                {"denied", label(config, lang, "push_denied")},
                                {"none", label(config, lang, "push_none")},
                                {"failed", label(config, lang, "error")}};
  std::string script(asset("template:push.js"));
  replace_all(script, "__LOKET_PUSH_WORDS__",
              json::serialize(json::object{{"default", config.default_language},
                                           {"labels", std::move(labels)}}));
  return script;
}

std::string render_chat_page(const config::Config& config, const std::string& lang) {
  const config::WidgetSettings& w = config.widget;
  std::string page(asset("template:index.html"));
  const std::string name = html_escape(w.name.empty() ? std::string("loket") : w.name);
  const std::string title = label(config, lang, "title");
  replace_all(page, "{{lang}}", lang);
  replace_all(page, "{{page_title}}", name + " – " + html_escape(title));
  replace_all(page, "{{logo}}",
              w.logo.empty() ? std::string()
                             : "<img class=\"logo\" src=\"" + html_escape(w.logo) + "\" alt=\"\">");
  replace_all(page, "{{name}}", name);
  replace_all(page, "{{primary}}", w.colours.primary);
  replace_all(page, "{{on_primary}}", w.colours.on_primary);
  return page;
}

std::string chat_page_policy(const config::Config& config) {
  std::string images = "'self' data:";
  if (config.widget.logo.rfind("https://", 0) == 0)
    if (auto url = boost::urls::parse_absolute_uri(config.widget.logo); url && url->has_authority())
      images += " https://" + std::string(url->encoded_authority());
  return "default-src 'self'; connect-src 'self' ws: wss:; img-src " + images +
         "; style-src 'self' 'unsafe-inline'";
}

}  // namespace loket::server
