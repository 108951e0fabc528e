// The chat widget's own words (placeholder, buttons, errors, the alert label) in every language
// it speaks: the content languages and Frisian. A municipality may override any of them
// (widget.labels). Immutable data; safe from any thread.
#pragma once

#include <span>
#include <string_view>

namespace loket::config {

// Languages the widget has its own words in.
std::span<const std::string_view> widget_languages();
// The keys of those words; every language has every key.
std::span<const std::string_view> widget_label_keys();
// loket's text for `key` in `lang`; empty when either is unknown. {topic} and {name} are filled
// in by the widget.
std::string_view default_widget_label(std::string_view lang, std::string_view key);

}  // namespace loket::config
