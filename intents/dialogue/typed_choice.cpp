#include "intents/dialogue/typed_choice.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace loket::dialogue {
namespace {

// The place "de laatste", "the last one" names.
constexpr int kLast = -1;
// A label typed is a short message; so is a place ("ik neem de tweede graag").
constexpr std::size_t kMaxChoiceTokens = 12;
constexpr std::size_t kMaxPlaceTokens = 5;

// Places, folded, in the languages loket has its own words in. Numbers as words ("een", "one")
// are left out: "een" and "one" are also articles and pronouns.
const std::map<std::string_view, int>& places() {
  static const std::map<std::string_view, int> kPlaces = {
      {"1", 1},           {"1e", 1},
      {"1ste", 1},        {"eerste", 1},
      {"first", 1},       {"erste", 1},
      {"ersten", 1},      {"erster", 1},
      {"erstes", 1},      {"forste", 1},
      {"forsta", 1},      {"premier", 1},
      {"premiere", 1},    {"2", 2},
      {"2e", 2},          {"2de", 2},
      {"tweede", 2},      {"second", 2},
      {"zweite", 2},      {"zweiten", 2},
      {"zweiter", 2},     {"zweites", 2},
      {"anden", 2},       {"andra", 2},
      {"andre", 2},       {"deuxieme", 2},
      {"3", 3},           {"3e", 3},
      {"3de", 3},         {"derde", 3},
      {"third", 3},       {"dritte", 3},
      {"dritten", 3},     {"dritter", 3},
      {"drittes", 3},     {"tredje", 3},
      {"troisieme", 3},   {"4", 4},
      {"4e", 4},          {"4de", 4},
      {"vierde", 4},      {"fourth", 4},
      {"vierte", 4},      {"vierten", 4},
      {"fjerde", 4},      {"fjarde", 4},
      {"5", 5},           {"5e", 5},
      {"5de", 5},         {"vijfde", 5},
      {"fifth", 5},       {"funfte", 5},
      {"femte", 5},       {"laatste", kLast},
      {"last", kLast},    {"letzte", kLast},
      {"letzten", kLast}, {"sidste", kLast},
      {"sista", kLast},   {"siste", kLast},
      {"dernier", kLast}, {"derniere", kLast},
  };
  return kPlaces;
}

// Words around a place that say nothing else: "ik wil graag de tweede", "number 2 please".
const std::set<std::string_view>& around_a_place() {
  static const std::set<std::string_view> kWords = {
      "de",    "het",    "die",  "dat",  "deze",   "nummer", "nr",     "optie",  "keuze", "knop",
      "graag", "ja",     "doe",  "maar", "dan",    "ik",     "wil",    "kies",   "neem",  "nee",
      "nein",  "the",    "that", "this", "number", "no",     "choice", "button", "one",   "please",
      "yes",   "i",      "ll",   "take", "der",    "das",    "den",    "dem",    "ich",   "nehme",
      "bitte", "option", "le",   "la",   "numero", "det"};
  return kWords;
}

bool same_words(const std::vector<intents::Token>& a, const std::vector<intents::Token>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].folded != b[i].folded) return false;
  return true;
}

}  // namespace

const SessionState::OfferedButton* typed_choice(
    const std::vector<intents::Token>& tokens,
    const std::vector<SessionState::OfferedButton>& offered, bool in_order) {
  if (tokens.empty() || offered.empty() || tokens.size() > kMaxChoiceTokens) return nullptr;
  // Folding never makes a word longer than it was typed: a label shorter than the message's
  // words cannot be them, and most messages are questions longer than any button.
  std::size_t typed_bytes = 0;
  for (const auto& token : tokens) typed_bytes += token.folded.size();
  for (const auto& button : offered) {
    if (button.label.size() < typed_bytes) continue;
    if (same_words(tokens, intents::tokenize(button.label))) return &button;
    // "Iemand anders laten stemmen (volmacht)" typed without its bracketed part.
    if (const auto bracket = button.label.find(" (");
        bracket != std::string::npos &&
        same_words(tokens, intents::tokenize(std::string_view(button.label).substr(0, bracket))))
      return &button;
  }
  if (!in_order || tokens.size() > kMaxPlaceTokens) return nullptr;
  std::optional<int> place;
  for (const auto& token : tokens) {
    if (const auto it = places().find(token.folded); it != places().end()) {
      if (place) return nullptr;  // "de eerste of de tweede": no choice made
      place = it->second;
    } else if (!around_a_place().contains(token.folded)) {
      return nullptr;  // "de eerste keer": something else is said
    }
  }
  if (!place) return nullptr;
  if (*place == kLast) return &offered.back();
  return static_cast<std::size_t>(*place) <= offered.size()
             ? &offered[static_cast<std::size_t>(*place) - 1]
             : nullptr;
}

}  // namespace loket::dialogue
