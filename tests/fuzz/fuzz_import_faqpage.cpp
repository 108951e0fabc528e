// libFuzzer: `loket import` of a web page's FAQPage (HTML with JSON-LD, or the JSON-LD itself).
#include <cstddef>
#include <cstdint>
#include <string>

#include "server/import/sources.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  loket::server::import::parse_faqpage(std::string(reinterpret_cast<const char*>(data), size),
                                       "faq.html", "nl");
  return 0;
}
