#include "intents/stemmer.h"

#include <libstemmer.h>

#include <map>
#include <memory>
#include <string>
#include <unordered_map>

namespace loket::intents {
namespace {

// Words longer than this are stemmed each time (they are rare, and would fill the memo).
constexpr std::size_t kMaxMemoWordBytes = 40;
// Words remembered per language and thread; the memo starts over when full. A turn stems its
// words several times (the matcher's features, each intent's required words), and residents'
// words repeat from turn to turn.
constexpr std::size_t kMaxMemoWords = 4096;

// Languages libstemmer knows (with their stemmers and memos) kept per thread.
constexpr std::size_t kMaxLanguages = 32;

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};
using StemmerPtr = std::unique_ptr<sb_stemmer, StemmerDeleter>;

struct WordHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view word) const {
    return std::hash<std::string_view>{}(word);
  }
};

struct Language {
  StemmerPtr stemmer;  // null for a language libstemmer does not know
  std::unordered_map<std::string, std::string, WordHash, std::equal_to<>> memo;
};

Language& language_for(std::string_view lang) {
  thread_local std::map<std::string, Language, std::less<>> languages;
  if (auto it = languages.find(lang); it != languages.end()) return it->second;
  std::string code(lang);
  // libstemmer knows the ISO 639-1 codes as aliases; null for anything else. Codes are also
  // clients' words: made-up ones are not kept, and only so many of its aliases.
  StemmerPtr stemmer(sb_stemmer_new(code.c_str(), "UTF_8"));
  if (stemmer == nullptr) {
    thread_local Language unknown;
    return unknown;
  }
  if (languages.size() >= kMaxLanguages) languages.clear();
  return languages.emplace(std::move(code), Language{std::move(stemmer), {}}).first->second;
}

std::string stem_with(sb_stemmer* s, std::string_view lower_word) {
  const sb_symbol* out = sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(lower_word.data()),
                                         static_cast<int>(lower_word.size()));
  if (out == nullptr) return std::string(lower_word);  // out of memory inside libstemmer
  return std::string(reinterpret_cast<const char*>(out),
                     static_cast<std::size_t>(sb_stemmer_length(s)));
}

}  // namespace

bool has_stemmer(std::string_view lang) {
  return language_for(lang).stemmer != nullptr;
}

std::string stem(std::string_view lang, std::string_view lower_word) {
  Language& language = language_for(lang);
  if (language.stemmer == nullptr) return std::string(lower_word);
  if (lower_word.size() > kMaxMemoWordBytes) return stem_with(language.stemmer.get(), lower_word);
  if (const auto it = language.memo.find(lower_word); it != language.memo.end()) return it->second;
  if (language.memo.size() >= kMaxMemoWords) language.memo.clear();
  std::string stemmed = stem_with(language.stemmer.get(), lower_word);
  language.memo.emplace(std::string(lower_word), stemmed);
  return stemmed;
}

}  // namespace loket::intents
