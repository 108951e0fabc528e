// Snowball stemming (libstemmer) for loket's languages: nl, de, en, da, sv, no, fr.
// Thread-safe: each thread keeps its own stemmer instances, as libstemmer's are not shareable.
#pragma once

#include <string>
#include <string_view>

namespace loket::intents {

// The stem of a lower-case UTF-8 word; the word itself for an unknown language.
std::string stem(std::string_view lang, std::string_view lower_word);

// True when libstemmer has a stemmer for this ISO 639-1 code.
bool has_stemmer(std::string_view lang);

}  // namespace loket::intents
