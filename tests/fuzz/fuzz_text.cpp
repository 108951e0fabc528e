// libFuzzer: a resident's text through what reads it before the matcher and the log: Unicode
// normalisation, tokenising, entity extraction (postcodes, dates, e-mail, phone numbers) and the
// redaction of personal data.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "intents/entities.h"
#include "intents/redaction.h"
#include "intents/text_normalizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  loket::intents::tokenize(text);
  loket::intents::count_code_points(text);
  const std::chrono::year_month_day today{std::chrono::year{2026}, std::chrono::December,
                                          std::chrono::day{4}};
  loket::intents::extract_entities(loket::intents::normalize_unicode(text), today);
  loket::intents::redact_personal_data(text);
  return 0;
}
