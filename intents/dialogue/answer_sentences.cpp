#include "intents/dialogue/answer_sentences.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "intents/text_normalizer.h"

namespace loket::dialogue {
namespace {

// A sentence opening with one of these points back at the one before ("Dat kost € 5.").
const std::map<std::string_view, std::set<std::string_view>>& pointing_back() {
  static const std::map<std::string_view, std::set<std::string_view>> kWords = {
      {"nl",
       {"dat", "dit", "die", "dan", "daarna", "daarvoor", "daarbij", "daarmee", "deze", "hij", "ze",
        "zij", "ook"}},
      {"en", {"this", "that", "it", "then", "these", "they", "afterwards", "also"}},
      {"de",
       {"das", "dies", "diese", "dieser", "dieses", "dann", "danach", "dafur", "dabei", "damit",
        "er", "es", "auch"}},
      {"da", {"det", "dette", "derefter", "den", "sa", "ogsa"}}};
  return kWords;
}

bool starts_upper(std::string_view s) {
  if (s.empty()) return false;
  const auto c = static_cast<unsigned char>(s[0]);
  if (c >= 'A' && c <= 'Z') return true;
  // À..Þ in UTF-8 ("Über", "Één"): 0xC3 followed by 0x80..0x9E.
  return c == 0xC3 && s.size() > 1 && static_cast<unsigned char>(s[1]) >= 0x80 &&
         static_cast<unsigned char>(s[1]) <= 0x9E;
}

bool is_list_item(std::string_view line) {
  return line.starts_with("- ") || line.starts_with("* ") || line.starts_with("\xE2\x80\xA2");
}

// Whether a sentence ends at `text[i]` ("."), followed by a space at i + 1: before a capital,
// or a number after a word of five letters or more ("berechnet. 2026 zahlen Sie"; not "ca. 5",
// "bijv. 3" or "tel. 14 0123").
bool ends_sentence(std::string_view text, std::size_t i) {
  const std::string_view next = text.substr(i + 2);
  if (starts_upper(next)) return true;
  if (next.empty() || next[0] < '0' || next[0] > '9' || text[i] != '.') return false;
  std::size_t letters = 0;
  while (letters < i && std::isalpha(static_cast<unsigned char>(text[i - 1 - letters]))) ++letters;
  return letters >= 5;
}

}  // namespace

std::vector<std::string_view> sentences_of(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  const auto push = [&](std::size_t end) {
    auto piece = text.substr(start, end - start);
    while (!piece.empty() && (piece.front() == ' ' || piece.front() == '\n'))
      piece.remove_prefix(1);
    while (!piece.empty() && (piece.back() == ' ' || piece.back() == '\n')) piece.remove_suffix(1);
    if (piece.empty()) return;
    if (is_list_item(piece) && !out.empty()) {
      // The item and the lines before it, as one piece of the text.
      const char* first = out.back().data();
      out.back() =
          std::string_view(first, static_cast<std::size_t>(piece.data() + piece.size() - first));
      return;
    }
    out.push_back(piece);
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      push(i);
      start = i + 1;
    } else if ((c == '.' || c == '!' || c == '?') && i + 2 < text.size() && text[i + 1] == ' ' &&
               ends_sentence(text, i)) {
      push(i + 1);
      start = i + 1;
    }
  }
  push(text.size());
  return out;
}

std::string chosen_sentences(const std::vector<std::string_view>& sentences,
                             std::vector<bool> chosen, std::string_view lang) {
  chosen.resize(sentences.size());
  const auto words = pointing_back().find(lang);
  // From the last, so that a chain ("Daarna ... Dat kost ...") is followed back to its start.
  if (words != pointing_back().end())
    for (std::size_t i = sentences.size(); i-- > 1;) {
      if (!chosen[i]) continue;
      const auto tokens = intents::tokenize(sentences[i]);
      if (!tokens.empty() && words->second.contains(tokens.front().folded)) chosen[i - 1] = true;
    }
  if (std::find(chosen.begin(), chosen.end(), false) == chosen.end()) return {};
  std::string out;
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    if (!chosen[i]) continue;
    if (!out.empty()) out += ' ';
    out.append(sentences[i]);
  }
  return out;
}

}  // namespace loket::dialogue
