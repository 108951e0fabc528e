// libFuzzer: a Telegram webhook body (an Update), after its secret token was checked.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "connectors/telegram_connector.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  loket::connectors::parse_telegram_update(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
