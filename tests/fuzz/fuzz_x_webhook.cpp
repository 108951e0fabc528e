// libFuzzer: an X (Account Activity API) webhook body, after its signature was checked.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "connectors/x_connector.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  loket::connectors::parse_x_webhook(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
