#include "intents/stemmer.h"

#include <libstemmer.h>

#include <map>
#include <memory>
#include <string>

namespace loket::intents {
namespace {

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};
using StemmerPtr = std::unique_ptr<sb_stemmer, StemmerDeleter>;

sb_stemmer* stemmer_for(std::string_view lang) {
  thread_local std::map<std::string, StemmerPtr, std::less<>> stemmers;
  if (auto it = stemmers.find(lang); it != stemmers.end()) return it->second.get();
  std::string code(lang);
  // libstemmer knows the ISO 639-1 codes as aliases; null for anything else.
  auto [it, _] = stemmers.emplace(code, StemmerPtr(sb_stemmer_new(code.c_str(), "UTF_8")));
  return it->second.get();
}

}  // namespace

bool has_stemmer(std::string_view lang) {
  return stemmer_for(lang) != nullptr;
}

std::string stem(std::string_view lang, std::string_view lower_word) {
  sb_stemmer* s = stemmer_for(lang);
  if (s == nullptr) return std::string(lower_word);
  const sb_symbol* out = sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(lower_word.data()),
                                         static_cast<int>(lower_word.size()));
  if (out == nullptr) return std::string(lower_word);  // out of memory inside libstemmer
  return std::string(reinterpret_cast<const char*>(out),
                     static_cast<std::size_t>(sb_stemmer_length(s)));
}

}  // namespace loket::intents
