#include "intents/dialogue/scheme_finder.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>

#include "intents/dialogue/yes_no.h"

namespace loket::dialogue {
namespace {

using config::Household;

// A condition's outcome: holds, fails, or cannot be decided yet.
enum class Outcome { holds, fails, unknown };

struct Judged {
  Outcome outcome = Outcome::holds;
  std::vector<SchemeField> needs;  // unknown: the fields that were not asked and would decide it
};

std::optional<Household> told_household(const SchemeAnswers& a) {
  const auto v = a.value(SchemeField::household);
  return v ? config::parse_household(*v) : std::nullopt;
}

std::optional<double> told_number(const SchemeAnswers& a, SchemeField f) {
  const auto v = a.value(f);
  if (!v) return std::nullopt;
  double out = 0;
  const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || end != v->data() + v->size()) return std::nullopt;
  return out;
}

// Unknown because of `fields`: those of them not yet asked could still decide it.
Judged unknown_for(const SchemeAnswers& a, std::initializer_list<SchemeField> fields) {
  Judged j{Outcome::unknown, {}};
  for (auto f : fields)
    if (!a.asked(f)) j.needs.push_back(f);
  return j;
}

Judged judge_yes_no(const SchemeAnswers& a, SchemeField f, bool wanted) {
  const auto v = a.value(f);
  if (!v) return unknown_for(a, {f});
  return {(*v == "yes") == wanted ? Outcome::holds : Outcome::fails, {}};
}

Judged judge_savings(const config::SchemeConditions& c, const SchemeAnswers& a) {
  const auto savings = told_number(a, SchemeField::savings);
  if (!savings) return unknown_for(a, {SchemeField::savings});
  if (const auto h = told_household(a)) {
    const auto limit = c.savings_max.find(*h);
    return {
        limit == c.savings_max.end() || *savings <= limit->second ? Outcome::holds : Outcome::fails,
        {}};
  }
  // The household is not known: decided only where every household type decides it alike.
  const bool every_type_limited = c.savings_max.size() == config::kHouseholdNames.size();
  double lowest = INFINITY, highest = 0;
  for (const auto& [h, limit] : c.savings_max) {
    lowest = std::min(lowest, limit);
    highest = std::max(highest, limit);
  }
  if (*savings <= lowest) return {Outcome::holds, {}};
  if (every_type_limited && *savings > highest) return {Outcome::fails, {}};
  return unknown_for(a, {SchemeField::household});
}

// Judges each set condition of `c` into `verdict`.
void judge_conditions(const config::SchemeConditions& c, const SchemeAnswers& a,
                      const config::SocialMinimum* minimum, SchemeVerdict& verdict,
                      std::set<SchemeField>& needed) {
  const auto record = [&](SchemeField condition, const Judged& j) {
    if (j.outcome == Outcome::fails) verdict.failed.push_back(condition);
    if (j.outcome != Outcome::unknown) return;
    verdict.unknown.push_back(condition);
    needed.insert(j.needs.begin(), j.needs.end());
  };
  if (!c.business_types.empty()) {
    const auto v = a.value(SchemeField::business_type);
    record(SchemeField::business_type,
           !v ? unknown_for(a, {SchemeField::business_type})
              : Judged{std::find(c.business_types.begin(), c.business_types.end(), *v) !=
                               c.business_types.end()
                           ? Outcome::holds
                           : Outcome::fails,
                       {}});
  }
  if (c.lives_here)
    record(SchemeField::lives_here, judge_yes_no(a, SchemeField::lives_here, *c.lives_here));
  if (c.age_min || c.age_max) {
    const auto age = told_number(a, SchemeField::age);
    record(SchemeField::age,
           !age ? unknown_for(a, {SchemeField::age})
                : Judged{(c.age_min && *age < *c.age_min) || (c.age_max && *age > *c.age_max)
                             ? Outcome::fails
                             : Outcome::holds,
                         {}});
  }
  const auto household = told_household(a);
  if (!c.households.empty() || c.children) {
    Judged j = unknown_for(a, {SchemeField::household});
    if (household) {
      const bool listed =
          c.households.empty() ||
          std::find(c.households.begin(), c.households.end(), *household) != c.households.end();
      const bool children = !c.children || config::has_children(*household) == *c.children;
      j = {listed && children ? Outcome::holds : Outcome::fails, {}};
    }
    record(SchemeField::household, j);
  }
  if (c.income_max_percent) {
    const auto income = told_number(a, SchemeField::income);
    Judged j;
    if (household && minimum != nullptr) {
      verdict.income_limit = minimum->monthly.at(*household) * *c.income_max_percent / 100;
      j = income ? Judged{*income <= verdict.income_limit + 0.005 ? Outcome::holds : Outcome::fails,
                          {}}
                 : unknown_for(a, {SchemeField::income});
    } else if (minimum != nullptr && !a.asked(SchemeField::household)) {
      j = unknown_for(a, {SchemeField::household, SchemeField::income});
    } else {
      j = {Outcome::unknown, {}};  // no household told, or no minimum: the income decides nothing
    }
    record(SchemeField::income, j);
  }
  if (!c.savings_max.empty()) record(SchemeField::savings, judge_savings(c, a));
  if (c.rents) {
    const auto home = a.value(SchemeField::home);
    record(SchemeField::home,
           !home ? unknown_for(a, {SchemeField::home})
                 : Judged{(*home == "rent") == *c.rents ? Outcome::holds : Outcome::fails, {}});
  }
}

// Phrases (folded, words joined by one space) that skip a question.
constexpr std::string_view kSkipPhrases[] = {"overslaan",
                                             "sla over",
                                             "sla deze over",
                                             "weet ik niet",
                                             "weet niet",
                                             "geen idee",
                                             "liever niet",
                                             "zeg ik liever",
                                             "skip",
                                             "don t know",
                                             "dont know",
                                             "not sure",
                                             "rather not",
                                             "pass",
                                             "uberspringen",
                                             "ueberspringen",
                                             "weiss nicht",
                                             "weiss ich nicht",
                                             "ich weiss nicht",
                                             "ich weiss es nicht",
                                             "keine ahnung",
                                             "lieber nicht",
                                             "spring over",
                                             "ved ikke",
                                             "vet inte",
                                             "hoppa over",
                                             "vet ikke"};

std::string joined_folded(const std::vector<intents::Token>& tokens) {
  std::string out;
  for (const auto& t : tokens) out.append(out.empty() ? "" : " ").append(t.folded);
  return out;
}

bool contains_phrase(const std::string& joined, std::string_view phrase) {
  // Whole words only: "pass" is not in "paspoort".
  for (std::size_t at = joined.find(phrase); at != std::string::npos;
       at = joined.find(phrase, at + 1)) {
    const bool starts = at == 0 || joined[at - 1] == ' ';
    const std::size_t end = at + phrase.size();
    if (starts && (end == joined.size() || joined[end] == ' ')) return true;
  }
  return false;
}

bool any_word(const std::vector<intents::Token>& tokens,
              std::initializer_list<std::string_view> prefixes) {
  return std::any_of(tokens.begin(), tokens.end(), [&](const intents::Token& t) {
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](std::string_view p) { return t.folded.compare(0, p.size(), p) == 0; });
  });
}

// Whether a child word comes after "zonder", "no", "ohne", ... ("samen, zonder kinderen").
bool children_denied(const std::vector<intents::Token>& tokens) {
  static constexpr std::string_view kWithout[] = {"zonder", "geen", "no",   "without", "ohne",
                                                  "keine",  "kein", "uden", "ingen",   "utan"};
  bool denied = false;
  for (const auto& t : tokens) {
    if (std::find(std::begin(kWithout), std::end(kWithout), t.folded) != std::end(kWithout))
      denied = true;
    else if (denied && any_word({t}, {"kind", "child", "kids", "barn", "born"}))
      return true;
  }
  return false;
}

std::optional<std::string> read_household(const std::vector<intents::Token>& tokens) {
  const bool child =
      !children_denied(tokens) &&
      any_word(tokens, {"kind", "child", "kids", "barn", "born", "ouder", "parent", "eltern"});
  const bool single_parent = any_word(tokens, {"alleinerziehend", "eenouder", "forsorger"});
  const bool partner = any_word(tokens, {"samen", "partner", "getrouwd", "gehuwd", "echtgeno",
                                         "couple", "together", "married", "spouse", "zusammen",
                                         "verheirat", "ehe", "paar", "sammen", "gift", "kaereste"});
  const bool alone = any_word(tokens, {"alleen", "alone", "single", "allein", "alene", "enlig",
                                       "ensam", "myself", "mezelf", "own"});
  if (single_parent) return "single_parent";
  if (partner) return child ? "couple_with_children" : "couple";
  if (alone || child) return child ? "single_parent" : "single";
  return std::nullopt;
}

std::optional<std::string> read_home(const std::vector<intents::Token>& tokens) {
  const bool rent =
      any_word(tokens, {"huur", "huren", "rent", "tenant", "miet", "leje", "lejer", "hyr"});
  const bool own = any_word(tokens, {"koop", "eigen", "own", "eigentum", "ejer", "ejet", "bought",
                                     "gekocht", "gekauft", "agd"});
  if (rent == own) return std::nullopt;
  return rent ? "rent" : "own";
}

std::optional<std::string> read_age(const std::vector<intents::Token>& tokens) {
  for (const auto& t : tokens) {
    if (t.folded.empty() || t.folded.size() > 3 ||
        !std::all_of(t.folded.begin(), t.folded.end(),
                     [](unsigned char c) { return std::isdigit(c); }))
      continue;
    const int age = std::stoi(t.folded);
    if (age <= 120) return std::to_string(age);
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> read_euros(std::string_view text,
                                      const std::vector<intents::Token>& tokens) {
  if (auto amount = parse_amount(text)) {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, *amount);
    if (ec == std::errc()) return std::string(buffer, end);
  }
  if (any_word(tokens, {"geen", "niks", "niets", "nul", "none", "nothing", "zero", "nichts", "kein",
                        "null", "ingen", "intet", "inget"}))
    return "0";
  return std::nullopt;
}

std::optional<std::string> read_business_type(const std::vector<intents::Token>& tokens,
                                              const config::SchemeSettings& settings) {
  // The type whose name (in any language) has the largest share of its words in the answer;
  // little words ("of", "er") say nothing.
  double best = 0;
  std::optional<std::string> chosen;
  for (const auto& type : settings.business_types) {
    std::vector<std::string> names{type.id};
    for (const auto& [lang, name] : type.name) names.push_back(name);
    for (const auto& name : names) {
      std::size_t words = 0, found = 0;
      for (const auto& w : intents::tokenize(name)) {
        if (w.folded.size() <= 2) continue;
        ++words;
        if (std::any_of(tokens.begin(), tokens.end(),
                        [&](const intents::Token& t) { return t.folded == w.folded; }))
          ++found;
      }
      const double share = words == 0 ? 0 : static_cast<double>(found) / static_cast<double>(words);
      if (share > best) {
        best = share;
        chosen = type.id;
      }
    }
  }
  return chosen;
}

}  // namespace

std::optional<SchemeField> parse_scheme_field(std::string_view name) {
  for (std::size_t i = 0; i < kSchemeFieldNames.size(); ++i)
    if (kSchemeFieldNames[i] == name) return static_cast<SchemeField>(i);
  return std::nullopt;
}

std::optional<std::string> SchemeAnswers::value(SchemeField f) const {
  const auto it = told.find(std::string(scheme_field_name(f)));
  if (it == told.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::vector<SchemeVerdict> judge_schemes(const config::SchemeSettings& settings,
                                         config::Audience audience, const SchemeAnswers& answers,
                                         std::string_view date) {
  const auto* minimum = settings.social_minimum_on(date);
  std::vector<SchemeVerdict> out;
  std::set<SchemeField> needed;
  for (const auto& scheme : settings.schemes) {
    if (scheme.audience != audience) continue;
    SchemeVerdict verdict;
    verdict.scheme = &scheme;
    judge_conditions(scheme.conditions, answers, minimum, verdict, needed);
    out.push_back(std::move(verdict));
  }
  return out;
}

std::optional<SchemeField> next_scheme_question(const config::SchemeSettings& settings,
                                                config::Audience audience,
                                                const SchemeAnswers& answers,
                                                std::string_view date) {
  const auto* minimum = settings.social_minimum_on(date);
  std::set<SchemeField> needed;
  for (const auto& scheme : settings.schemes) {
    if (scheme.audience != audience) continue;
    SchemeVerdict verdict;
    std::set<SchemeField> this_one;
    judge_conditions(scheme.conditions, answers, minimum, verdict, this_one);
    // A scheme that already fails needs no more questions: asking cannot bring it back.
    if (verdict.failed.empty()) needed.insert(this_one.begin(), this_one.end());
  }
  if (needed.empty()) return std::nullopt;
  return *needed.begin();  // the set is ordered as the fields are asked
}

std::optional<std::string> read_scheme_answer(SchemeField field, std::string_view text,
                                              const std::vector<intents::Token>& tokens,
                                              const config::SchemeSettings& settings) {
  const std::string joined = joined_folded(tokens);
  for (auto phrase : kSkipPhrases)
    if (contains_phrase(joined, phrase)) return std::string();
  switch (field) {
    case SchemeField::business_type:
      return read_business_type(tokens, settings);
    case SchemeField::lives_here:
      switch (yes_or_no(tokens)) {
        case YesNo::yes:
          return "yes";
        case YesNo::no:
          return "no";
        case YesNo::neither:
          return std::nullopt;
      }
      return std::nullopt;
    case SchemeField::age:
      return read_age(tokens);
    case SchemeField::household:
      return read_household(tokens);
    case SchemeField::income:
    case SchemeField::savings:
      return read_euros(text, tokens);
    case SchemeField::home:
      return read_home(tokens);
  }
  return std::nullopt;
}

std::optional<double> parse_amount(std::string_view text) {
  // The first run of digits with the separators inside it.
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t start = 0;
  while (start < text.size() && !digit(text[start])) ++start;
  if (start == text.size()) return std::nullopt;
  std::size_t end = start;
  while (end < text.size() && (digit(text[end]) || ((text[end] == '.' || text[end] == ',') &&
                                                    end + 1 < text.size() && digit(text[end + 1]))))
    ++end;
  std::string number(text.substr(start, end - start));
  const auto last_dot = number.rfind('.'), last_comma = number.rfind(',');
  char decimal = 0;
  if (last_dot != std::string::npos && last_comma != std::string::npos) {
    decimal = last_dot > last_comma ? '.' : ',';
  } else if (last_dot != std::string::npos || last_comma != std::string::npos) {
    const char sep = last_dot != std::string::npos ? '.' : ',';
    const auto at = sep == '.' ? last_dot : last_comma;
    // One separator followed by exactly three digits groups thousands ("1.450", "1,450").
    const bool grouping =
        std::count(number.begin(), number.end(), sep) > 1 || number.size() - at - 1 == 3;
    if (!grouping) decimal = sep;
  }
  std::string plain;
  for (char c : number) {
    if (digit(c))
      plain.push_back(c);
    else if (c == decimal)
      plain.push_back('.');
  }
  if (plain.size() > 15) return std::nullopt;
  double value = 0;
  const auto [p, ec] = std::from_chars(plain.data(), plain.data() + plain.size(), value);
  if (ec != std::errc() || p != plain.data() + plain.size()) return std::nullopt;
  return value;
}

}  // namespace loket::dialogue
