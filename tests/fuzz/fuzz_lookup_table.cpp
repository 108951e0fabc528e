// libFuzzer: a lookup table (CSV) that answers draw values from.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "config/lookup_table.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<loket::config::Diagnostic> errors;
  loket::config::read_lookup_table("/fuzz/table.csv",
                                   std::string(reinterpret_cast<const char*>(data), size), errors);
  return 0;
}
