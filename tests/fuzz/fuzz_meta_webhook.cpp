// libFuzzer: a Meta webhook body (Messenger and WhatsApp), after its signature was checked.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "connectors/meta_connector.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  loket::connectors::parse_meta_webhook(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
