// libFuzzer: a Chatwoot webhook event (an agent's reply, a conversation resolved), after the
// token of its URL was checked.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "connectors/chatwoot_client.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  loket::connectors::parse_chatwoot_event(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
