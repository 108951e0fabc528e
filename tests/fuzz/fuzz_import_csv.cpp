// libFuzzer: `loket import` of a spreadsheet saved as CSV, and its rows as questions and answers.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/import/sources.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string error;
  const auto table = loket::server::import::parse_csv(
      std::string_view(reinterpret_cast<const char*>(data), size), "faq.csv", error);
  if (table) loket::server::import::faqs_from_table(*table, "faq.csv", "nl");
  return 0;
}
