// The widget script and the chat page as the municipality serves them: the files in server/web
// with its name, logo, colours, welcome and words filled in from the configuration, so a change
// of look is a content change, not a new release. Pure functions; safe from any thread.
#pragma once

#include <string>

#include "config/config.h"

namespace loket::server {

// What the widget reads at start (JSON): name, logo, position, colours, languages, the UI words
// of each (loket's, with the municipality's overrides), the welcome, launcher and privacy texts
// and the topics' names, and the intents whose answers ask no "was this helpful?".
std::string widget_settings_json(const config::Config& config);

// widget.js with the settings and widget.css inside: one request loads the whole widget.
std::string render_widget_script(const config::Config& config);

// push.js (the chat page's "notify me in this browser") with its words in every language.
std::string render_push_script(const config::Config& config);

// The chat page in `lang` (one of config.languages).
std::string render_chat_page(const config::Config& config, const std::string& lang);

// The chat page's Content-Security-Policy: its own origin, plus the logo's when it is elsewhere.
std::string chat_page_policy(const config::Config& config);

}  // namespace loket::server
