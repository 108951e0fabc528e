#include "intents/dialogue/spelling.h"

#include <algorithm>
#include <array>
#include <numeric>

namespace loket::dialogue {
namespace {

// Longer words are not corrected (no word of a municipality's content is this long).
constexpr std::size_t kMaxWordLength = 40;

// How far a word may be from the one it is taken for: none for short words, whose neighbours
// are other words ("bak", "bal"; "grap" is no misspelt "graf"), more for long ones
// ("lanteerpaal"), but three only from 11 letters ("vertellen" is no misspelt "verlengen").
int allowed_distance(std::size_t length) {
  if (length < 5) return 0;
  if (length < 6) return 1;
  if (length < 11) return 2;
  return 3;
}

// For a message answered as corrected: only the long words where typos hide (Dutch and German
// compounds: "afvalkalnder"); a short one is more often another word ("think", "thank").
int allowed_distance_closely(std::size_t length) {
  if (length < 9) return 0;
  return length < 13 ? 1 : 2;
}

}  // namespace

int edit_distance(std::string_view a, std::string_view b, int limit) {
  const auto diff = static_cast<int>(a.size()) - static_cast<int>(b.size());
  if (std::abs(diff) > limit) return limit + 1;
  // Three rows on the stack: this runs for every candidate word of a fallback turn.
  if (a.size() > kMaxWordLength || b.size() > kMaxWordLength) return limit + 1;
  const std::size_t n = b.size();
  std::array<int, kMaxWordLength + 1> before{}, previous{}, current{};
  std::iota(previous.begin(), previous.begin() + static_cast<long>(n) + 1, 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = static_cast<int>(i);
    int row_best = current[0];
    for (std::size_t j = 1; j <= n; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
      row_best = std::min(row_best, current[j]);
    }
    if (row_best > limit) return limit + 1;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return std::min(previous[n], limit + 1);
}

SpellingCorrector::SpellingCorrector(const config::Config& config) {
  const auto add = [this](const std::string& text) {
    for (const auto& token : intents::tokenize(text)) ++counts_[token.folded];
  };
  for (const auto& intent : config.intents) {
    for (const auto& [lang, examples] : intent.examples)
      for (const auto& example : examples) add(example);
    for (const auto& [lang, title] : intent.title) add(title);
  }
  for (const auto& [word, count] : counts_) {
    auto& by_length = by_start_[static_cast<unsigned char>(word.front())];
    if (word.size() >= by_length.size()) by_length.resize(word.size() + 1);
    by_length[word.size()].push_back(&word);
  }
}

bool SpellingCorrector::knows(std::string_view folded) const {
  const auto it = counts_.lower_bound(folded);
  if (it != counts_.end() && std::string_view(it->first).starts_with(folded)) return true;
  // Only as closely as a message is answered as corrected: a short word's neighbours are other
  // words ("regenen" is no misspelt "regelen", "storm" no "store").
  return correct(intents::tokenize(folded), /*closely=*/true).has_value();
}

std::optional<std::string> SpellingCorrector::correct(const std::vector<intents::Token>& tokens,
                                                      bool closely) const {
  const auto allowed = closely ? allowed_distance_closely : allowed_distance;
  const auto unknown = [&](const intents::Token& t) {
    return t.folded.size() <= kMaxWordLength && allowed(t.folded.size()) > 0 &&
           !counts_.contains(t.folded);
  };
  if (std::none_of(tokens.begin(), tokens.end(), unknown)) return std::nullopt;
  std::string out;
  bool changed = false;
  for (const auto& token : tokens) {
    const std::string& word = token.folded;
    std::string best = word;
    const int limit = word.size() > kMaxWordLength ? 0 : allowed(word.size());
    if (limit > 0 && !counts_.contains(word)) {
      int best_distance = limit + 1, best_count = 0;
      const std::size_t from =
          word.size() > static_cast<std::size_t>(limit) ? word.size() - limit : 0;
      const auto& by_length = by_start_[static_cast<unsigned char>(word.front())];
      for (std::size_t length = from; length <= word.size() + limit && length < by_length.size();
           ++length)
        for (const std::string* candidate : by_length[length]) {
          const int d = edit_distance(word, *candidate, limit);
          if (d > limit) continue;
          const int count = counts_.at(*candidate);
          if (d < best_distance || (d == best_distance && count > best_count)) {
            best_distance = d;
            best_count = count;
            best = *candidate;
          }
        }
      changed = changed || best != word;
    }
    if (!out.empty()) out += ' ';
    out += best;
  }
  if (!changed) return std::nullopt;
  return out;
}

bool SpellingCorrector::respell_ij(std::vector<intents::Token>& tokens) const {
  const auto with_ij = [](std::string word) {
    for (std::size_t at = word.find('y'); at != std::string::npos; at = word.find('y', at + 2))
      word.replace(at, 1, "ij");
    return word;
  };
  bool changed = false;
  for (auto& token : tokens) {
    if (token.folded.find('y') == std::string::npos || counts_.contains(token.folded)) continue;
    std::string respelt = with_ij(token.folded);
    if (!counts_.contains(respelt)) continue;
    token.folded = std::move(respelt);
    token.lower = with_ij(std::move(token.lower));
    changed = true;
  }
  return changed;
}

}  // namespace loket::dialogue
