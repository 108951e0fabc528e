// The scheme finder's reasoning, apart from the conversation: which schemes may apply given
// what a resident told so far (each condition holds, fails, or is not known), which question is
// still worth asking, and how an answer reads ("€ 1.450,-", "samen met kinderen", "weet ik
// niet"). Pure functions over the configuration; safe from any thread.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/scheme.h"
#include "intents/text_normalizer.h"

namespace loket::dialogue {

// In the order they are asked.
enum class SchemeField { business_type, lives_here, age, household, income, savings, home };
inline constexpr std::array<std::string_view, 7> kSchemeFieldNames = {
    "business_type", "lives_here", "age", "household", "income", "savings", "home"};
std::optional<SchemeField> parse_scheme_field(std::string_view name);
inline std::string_view scheme_field_name(SchemeField f) {
  return kSchemeFieldNames[static_cast<int>(f)];
}

// What the resident told. `told` holds each field asked, by name, with its value in canonical
// form ("34", "single", "1450.5", "rent", "yes", a business type id), or "" when skipped.
struct SchemeAnswers {
  std::map<std::string, std::string> told;

  bool asked(SchemeField f) const { return told.count(std::string(scheme_field_name(f))) != 0; }
  std::optional<std::string> value(SchemeField f) const;
};

struct SchemeVerdict {
  const config::Scheme* scheme = nullptr;
  std::vector<SchemeField> failed;   // conditions that do not hold (children: household)
  std::vector<SchemeField> unknown;  // conditions that cannot be decided from what was told
  double income_limit = 0;           // net per month, when known and there is an income condition
};

// Every scheme for `audience`, judged on what was told; the social minimum is the one in force
// on `date` (YYYY-MM-DD).
std::vector<SchemeVerdict> judge_schemes(const config::SchemeSettings& settings,
                                         config::Audience audience, const SchemeAnswers& answers,
                                         std::string_view date);

// The first field not yet asked that could still decide a condition of a scheme that may apply;
// none when asking more would change nothing.
std::optional<SchemeField> next_scheme_question(const config::SchemeSettings& settings,
                                                config::Audience audience,
                                                const SchemeAnswers& answers,
                                                std::string_view date);

// Reads the resident's answer to `field` in canonical form; "" when they skip it ("weet ik
// niet", "overslaan", "skip"); nothing when it cannot be read.
std::optional<std::string> read_scheme_answer(SchemeField field, std::string_view text,
                                              const std::vector<intents::Token>& tokens,
                                              const config::SchemeSettings& settings);

// An amount of euros as residents write it: "1450", "1.450", "1,450.50", "€ 1.450,50", "1450,-".
std::optional<double> parse_amount(std::string_view text);

}  // namespace loket::dialogue
