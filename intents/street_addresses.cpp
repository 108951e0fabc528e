#include "intents/street_addresses.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace loket::intents {
namespace {

struct Word {
  std::size_t begin = 0, end = 0;  // the word without the punctuation after it
  std::string lower;               // ASCII letters lowered; other bytes as they are
};

std::vector<Word> words_of(const std::string& text) {
  std::vector<Word> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
                               text[i] == '\r' || text[i] == '(' || text[i] == '"'))
      ++i;
    const std::size_t begin = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' &&
           text[i] != '\r')
      ++i;
    std::size_t end = i;
    while (end > begin &&
           std::string_view(",.;:!?)\"").find(text[end - 1]) != std::string_view::npos)
      --end;
    if (end == begin) continue;
    Word w{begin, end, text.substr(begin, end - begin)};
    for (auto& c : w.lower)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out.push_back(std::move(w));
  }
  return out;
}

// Street words that end a street's name written as one word ("Kerkstraat", "Hauptstraße",
// "Nørregade"), in the programme's languages.
constexpr std::array<std::string_view, 39> kSuffixes = {
    "straat",  "laan",  "weg",   "plein",  "gracht", "kade",      "singel",    "dijk",
    "pad",     "hof",   "steeg", "markt",  "dreef",  "ring",      "allee",     "wal",
    "baan",    "brink", "diep",  "kanaal", "hoven",  "plantsoen", "boulevard", "straße",
    "strasse", "gasse", "platz", "damm",   "ufer",   "chaussee",  "vej",       "gade",
    "stræde",  "plads", "torv",  "gatan",  "vägen",  "veien",     "gata"};
// Of those, the ones that are a street's whole name ("Grote Markt 1", "Brink 3"); "weg 5" is not.
constexpr std::array<std::string_view, 7> kWholeNames = {"markt",  "plein", "brink",    "kade",
                                                         "singel", "allee", "boulevard"};
// English streets come after the number, as a word of their own: "12 Baker Street".
constexpr std::array<std::string_view, 15> kEnglishStreets = {
    "street",   "road",  "lane",   "avenue",  "drive",   "close", "way", "court",
    "crescent", "place", "square", "terrace", "gardens", "grove", "mews"};
// Little words inside names: "Burgemeester de Withstraat", "Van der Waalsstraat".
constexpr std::array<std::string_view, 14> kParticles = {
    "van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "von", "zum", "zur", "am", "la"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

bool is_street_word(const std::string& lower) {
  if (in(kWholeNames, lower)) return true;
  return std::any_of(kSuffixes.begin(), kSuffixes.end(), [&](std::string_view s) {
    return lower.size() >= s.size() + 2 && lower.ends_with(s);
  });
}

bool digit(char c) {
  return c >= '0' && c <= '9';
}
bool letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// "5", "12a", "12-3", "7/2", "105bis": one to five digits (not starting with 0), then at most
// a few letters or an addition after '-' or '/'.
bool is_house_number(std::string_view w) {
  std::size_t i = 0;
  while (i < w.size() && digit(w[i])) ++i;
  if (i == 0 || i > 5 || w[0] == '0') return false;
  std::size_t letters = 0;
  while (i < w.size() && letter(w[i]) && letters < 3) ++i, ++letters;
  if (i < w.size() && (w[i] == '-' || w[i] == '/')) {
    const std::size_t start = ++i;
    while (i < w.size() && (digit(w[i]) || letter(w[i]))) ++i;
    if (i == start || i - start > 4) return false;
  }
  return i == w.size();
}

bool is_postcode(std::string_view w) {
  return w.size() == 6 && w[0] >= '1' && w[0] <= '9' && digit(w[1]) && digit(w[2]) && digit(w[3]) &&
         letter(w[4]) && letter(w[5]);
}
bool is_postcode_digits(std::string_view w) {
  return w.size() == 4 && w[0] >= '1' && w[0] <= '9' && digit(w[1]) && digit(w[2]) && digit(w[3]);
}
bool is_postcode_letters(std::string_view w) {
  return w.size() == 2 && letter(w[0]) && letter(w[1]);
}

// A capital, or a letter beyond ASCII ("Østervej"): the start of a name.
bool capitalised(const std::string& text, const Word& w) {
  const auto c = static_cast<unsigned char>(text[w.begin]);
  return (c >= 'A' && c <= 'Z') || c >= 0xC0;
}

// After the house number: the postcode and the place, when they follow. The last word taken.
std::size_t through_postcode(const std::string& text, const std::vector<Word>& words,
                             std::size_t at) {
  std::size_t last = at;
  if (last + 1 < words.size() &&
      is_postcode(
          text.substr(words[last + 1].begin, words[last + 1].end - words[last + 1].begin))) {
    last += 1;
  } else if (last + 2 < words.size() && is_postcode_digits(words[last + 1].lower) &&
             is_postcode_letters(words[last + 2].lower)) {
    last += 2;
  } else {
    return last;
  }
  if (last + 1 < words.size() && capitalised(text, words[last + 1])) last += 1;
  return last;
}

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> find_street_addresses(const std::string& text) {
  const auto words = words_of(text);
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (is_street_word(words[i].lower) && is_house_number(words[i + 1].lower)) {
      // The name's words before the street word: capitalised ones, and particles between them.
      std::size_t first = i;
      for (std::size_t back = 0; back < 4 && first > 0; ++back) {
        const Word& w = words[first - 1];
        // "9701 AB, Kerkstraat 12": a postcode before the street is the address's too (its
        // letters are no name).
        if (is_postcode(text.substr(w.begin, w.end - w.begin))) {
          first -= 1;
          break;
        }
        // Split, its letters in capitals: "in 2024 op Kerkstraat 12" holds no postcode.
        if (first >= 2 && is_postcode_letters(w.lower) &&
            std::isupper(static_cast<unsigned char>(text[w.begin])) &&
            std::isupper(static_cast<unsigned char>(text[w.begin + 1])) &&
            is_postcode_digits(words[first - 2].lower)) {
          first -= 2;
          break;
        }
        // "Van der Waalsstraat": a capitalised particle begins the name.
        if (capitalised(text, w)) {
          first -= 1;
        } else if (in(kParticles, w.lower) && first >= 2 && capitalised(text, words[first - 2])) {
          first -= 1;
        } else {
          break;
        }
      }
      const std::size_t last = through_postcode(text, words, i + 1);
      out.emplace_back(words[first].begin, words[last].end);
      i = last;
      continue;
    }
    // "12 Baker Street": the number, then up to three words, the last a street.
    if (is_house_number(words[i].lower)) {
      for (std::size_t n = 1; n <= 3 && i + n < words.size(); ++n) {
        if (!in(kEnglishStreets, words[i + n].lower)) continue;
        if (n == 1) break;  // "5 ways", "3 place": a name is needed before the street word
        out.emplace_back(words[i].begin, words[i + n].end);
        i += n;
        break;
      }
    }
  }
  return out;
}

}  // namespace loket::intents
