// Internal to the dialogue: loket's own words by language, with Dutch for Frisian and English for
// any other language it has none in. Immutable tables; safe from any thread.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace loket::dialogue {

using Texts = std::map<std::string, std::string, std::less<>>;

inline const std::string& in_language(const Texts& texts, std::string_view lang) {
  if (auto it = texts.find(lang); it != texts.end()) return it->second;
  // Frisians read Dutch; anyone else loket has no words for is more likely to read English.
  if (lang == "fy")
    if (auto it = texts.find("nl"); it != texts.end()) return it->second;
  return texts.at("en");
}

}  // namespace loket::dialogue
