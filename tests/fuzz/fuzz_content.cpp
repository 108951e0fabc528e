// libFuzzer: a content file (intents, answers, slots, topics, messages) as staff write it, under
// a fixed server file. Every input is either content or diagnostics; nothing may crash or hang.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  loket::config::ContentFiles files;
  files.server_file = "loket.yaml";
  files.files["loket.yaml"] =
      "municipality: Fuzzdorp\nlanguages: {default: nl, supported: [nl, en]}\n"
      "content: [content/content.yaml]\n";
  files.files["content/content.yaml"] = std::string(reinterpret_cast<const char*>(data), size);
  loket::config::load_config("/fuzz/loket.yaml", files);
  return 0;
}
