// libFuzzer: a page of Mastodon mention notifications as the instance answers the poller, with
// the statuses' HTML turned into text.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "connectors/mastodon_connector.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string since_id = "100";
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  loket::connectors::parse_mastodon_mentions(body, since_id,
                                             std::chrono::system_clock::time_point{});
  loket::connectors::mention_text(body);
  return 0;
}
