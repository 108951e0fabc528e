// libFuzzer: a chat request body as the REST API and the WebSocket receive it, read, and when it
// is valid answered by the example municipality's dialogue (matcher, entities, slots) and written
// back as the reply. Nothing may crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "config/config.h"
#include "intents/dialogue/dialogue.h"
#include "server/chat/chat_json.h"
#include "server/chat/session_ids.h"

namespace {

struct Fixture {
  std::unique_ptr<loket::dialogue::Dialogue> chat;
  std::unique_ptr<loket::server::SessionIssuer> sessions;
};

Fixture& fixture() {
  static Fixture f = [] {
    auto loaded = loket::config::load_config(LOKET_EXAMPLE_CONFIG);
    if (!loaded.config) __builtin_trap();
    Fixture out;
    out.chat = std::make_unique<loket::dialogue::Dialogue>(std::move(*loaded.config));
    out.sessions = std::make_unique<loket::server::SessionIssuer>(
        "fuzzing-secret-of-at-least-thirty-two-bytes");
    return out;
  }();
  return f;
}

}  // namespace

// Training the example's model takes seconds (more under the sanitizers): done before the
// first input, so it does not count against the per-input timeout.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fixture();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Fixture& f = fixture();
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto message = loket::server::read_chat_request(body, *f.chat, *f.sessions);
  if (!message) return 0;
  const auto reply = f.chat->answer(*message);
  loket::server::write_chat_reply(message->session, reply);
  return 0;
}
