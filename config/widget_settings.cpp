#include "config/widget_settings.h"

#include <algorithm>
#include <cstdio>

#include "config/colour_contrast.h"
#include "config/widget_labels.h"

namespace loket::config {
namespace {

constexpr double kMinTextContrast = 4.5;  // WCAG 2.1 AA, 1.4.3, for normal-size text
constexpr std::size_t kMaxLabelChars = 200;
constexpr std::size_t kMaxLogoChars = 100'000;  // a data: URL of a small logo fits

bool contains(std::span<const std::string_view> list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// An address a browser may load the logo from without leaving the page's security policy open:
// https:, an inline image, or a path on loket's own host.
bool is_logo_address(const std::string& s) {
  if (s.size() > kMaxLogoChars) return false;
  if (s.find_first_of(" \t\r\n\"'<>\\") != std::string::npos) return false;
  if (s.rfind("https://", 0) == 0 && s.size() > 8) return true;
  if (s.rfind("/", 0) == 0 && s.rfind("//", 0) != 0) return true;
  for (std::string_view type : {"data:image/png;base64,", "data:image/svg+xml;base64,",
                                "data:image/jpeg;base64,", "data:image/webp;base64,"})
    if (s.rfind(type, 0) == 0) return true;
  return false;
}

bool is_web_link(const std::string& s) {
  return (s.rfind("https://", 0) == 0 || s.rfind("http://", 0) == 0) && s.size() < 2000 &&
         s.find_first_of(" \t\r\n\"'<>\\") == std::string::npos;
}

void read_colours(YamlChecker& c, const YAML::Node& node, WidgetColours& out) {
  if (!c.expect_map(node, "widget.colours",
                    {"primary", "on_primary", "background", "surface", "text"}))
    return;
  bool ok = true;
  for (auto [key, field] : {std::pair{"primary", &out.primary},
                            {"on_primary", &out.on_primary},
                            {"background", &out.background},
                            {"surface", &out.surface},
                            {"text", &out.text}}) {
    const auto n = node[key];
    if (!n) continue;
    auto s = c.string(n, std::string("widget.colours.") + key);
    if (s && parse_hex_colour(*s)) {
      *field = *s;
    } else {
      if (s)
        c.error(n, std::string("widget.colours.") + key + ": '" + *s +
                       "' is not a colour; write it as #rrggbb");
      ok = false;
    }
  }
  if (!ok) return;
  struct Pair {
    const char* fore_key;
    const std::string& fore;
    const char* back_key;
    const std::string& back;
    const char* where;
  };
  const Pair pairs[] = {
      {"on_primary", out.on_primary, "primary", out.primary, "buttons and the resident's messages"},
      {"text", out.text, "background", out.background, "the conversation"},
      {"text", out.text, "surface", out.surface, "the municipality's messages"},
      {"primary", out.primary, "background", out.background, "links and suggestions"},
      {"primary", out.primary, "surface", out.surface, "links in answers"},
  };
  for (const Pair& p : pairs) {
    const double ratio = contrast_ratio(*parse_hex_colour(p.fore), *parse_hex_colour(p.back));
    if (ratio >= kMinTextContrast) continue;
    char figure[16];
    std::snprintf(figure, sizeof figure, "%.2f", ratio);
    const YAML::Node at = node[p.fore_key] ? node[p.fore_key] : node;
    c.error(at, std::string("widget.colours: ") + p.fore_key + " " + p.fore + " on " + p.back_key +
                    " " + p.back + " (" + p.where + ") has a contrast of " + figure +
                    ":1; WCAG 2.1 AA needs at least 4.5:1");
  }
}

// A language the widget may speak here: one it has words in, and either a content language or
// Frisian beside Dutch (Frisian residents read the Dutch answers).
bool widget_may_speak(const Config& config, const std::string& lang) {
  if (!contains(widget_languages(), lang)) return false;
  return config.has_language(lang) || (lang == "fy" && config.has_language("nl"));
}

void read_labels(YamlChecker& c, const YAML::Node& node, const Config& config,
                 WidgetSettings& out) {
  if (!c.expect_any_map(node, "widget.labels")) return;
  for (const auto& per_lang : node) {
    const std::string lang = per_lang.first.Scalar();
    if (!widget_may_speak(config, lang)) {
      c.error(per_lang.first, "widget.labels: language '" + lang +
                                  "' is not in languages.supported (nor Frisian beside Dutch)");
      continue;
    }
    const std::string what = "widget.labels." + lang;
    if (!c.expect_any_map(per_lang.second, what)) continue;
    for (const auto& kv : per_lang.second) {
      const std::string key = kv.first.Scalar();
      if (!contains(widget_label_keys(), key)) {
        std::string known;
        for (auto k : widget_label_keys()) known.append(known.empty() ? "" : ", ").append(k);
        c.error(kv.first, what + ": unknown label '" + key + "' (known: " + known + ")");
        continue;
      }
      auto text = c.non_empty_string(kv.second, what + "." + key);
      if (!text) continue;
      if (text->size() > kMaxLabelChars) {
        c.error(kv.second, what + "." + key + " is longer than " + std::to_string(kMaxLabelChars) +
                               " characters");
        continue;
      }
      out.labels[lang][key] = *text;
    }
  }
}

}  // namespace

void read_widget(YamlChecker& c, const YAML::Node& node, Config& config) {
  WidgetSettings& out = config.widget;
  out.name = config.municipality;
  if (!c.expect_map(node, "widget",
                    {"name", "logo", "position", "colours", "launcher", "privacy", "labels"}))
    return;
  if (auto n = node["name"])
    if (auto s = c.non_empty_string(n, "widget.name")) {
      if (s->size() > kMaxLabelChars)
        c.error(n, "widget.name is longer than " + std::to_string(kMaxLabelChars) + " characters");
      else
        out.name = *s;
    }
  if (auto n = node["logo"])
    if (auto s = c.non_empty_string(n, "widget.logo")) {
      if (is_logo_address(*s))
        out.logo = *s;
      else
        c.error(n,
                "widget.logo must be an https: address, a data:image/...;base64 URL or a "
                "path on loket's host starting with /");
    }
  if (auto n = node["position"])
    if (auto s = c.string(n, "widget.position")) {
      if (*s == "left" || *s == "right")
        out.left = *s == "left";
      else
        c.error(n, "widget.position must be left or right, not '" + *s + "'");
    }
  if (auto n = node["colours"]) read_colours(c, n, out.colours);
  if (auto n = node["launcher"])
    if (auto t = read_lang_text(c, n, "widget.launcher", config)) out.launcher = *t;
  if (auto n = node["privacy"]) {
    if (c.expect_map(n, "widget.privacy", {"text", "url"})) {
      if (auto t = n["text"]) {
        if (auto text = read_lang_text(c, t, "widget.privacy.text", config)) out.privacy = *text;
      } else {
        c.error(n, "widget.privacy.text is missing");
      }
      if (auto u = n["url"])
        if (auto s = c.non_empty_string(u, "widget.privacy.url")) {
          if (is_web_link(*s))
            out.privacy_url = *s;
          else
            c.error(u, "widget.privacy.url must be an http: or https: address");
        }
    }
  }
  if (auto n = node["labels"]) read_labels(c, n, config, out);
}

}  // namespace loket::config
