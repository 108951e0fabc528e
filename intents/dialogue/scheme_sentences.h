// What loket says itself in the scheme finder: its questions (unless staff word them), the
// buttons for the answers, why a scheme almost applies, and the result's framing, in Dutch,
// English, German and Danish (English for a language it has no sentences in). Pure functions
// over immutable tables; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/scheme.h"
#include "intents/dialogue/scheme_finder.h"

namespace loket::dialogue {

enum class SchemeSentence {
  intro,           // the answers are used for these questions only, never kept; skip any
  not_understood,  // the answer could not be read: say it again, or skip
  skipped,         // not understood again: the question is skipped
  found,           // these may apply:
  none_found,      // none found from what was told
  almost,          // these almost apply:
  unknown_note,    // {fields}: some conditions depend on what was not told
  disclaimer,      // a first indication; the municipality decides on an application
  skip_button,     // "Overslaan"
  yes_button,
  no_button,
  rent_button,
  own_button,
};

const std::string& scheme_sentence(SchemeSentence which, std::string_view lang);

// The question for `field`, in `lang`, for `audience` ({municipality} filled in by the caller).
const std::string& scheme_question(SchemeField field, config::Audience audience,
                                   std::string_view lang);

// The household types' button labels, in the order of config::Household.
const std::string& household_label(config::Household household, std::string_view lang);

// Why a scheme does not apply on `field` ("up to age 66", "net income up to € 1.681 a month"),
// in `lang`; `limit` is the income or savings limit for the resident's household.
std::string scheme_reason(SchemeField field, const config::Scheme& scheme, double limit,
                          std::string_view lang);

// "€ 1.681" / "€1,681": an amount in whole euros, in `lang`'s notation.
std::string format_euros(double amount, std::string_view lang);

// A field's name in a list of what was not told ("leeftijd", "income").
const std::string& scheme_field_label(SchemeField field, std::string_view lang);

}  // namespace loket::dialogue
