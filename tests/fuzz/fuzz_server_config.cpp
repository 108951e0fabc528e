// libFuzzer: the server file (loket.yaml) as staff and operators write it, loaded with a small
// content file. Every input is either a configuration or diagnostics; nothing may crash or hang.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  loket::config::ContentFiles files;
  files.server_file = "loket.yaml";
  files.files["loket.yaml"] = std::string(reinterpret_cast<const char*>(data), size);
  files.files["content/base.yaml"] =
      "intents:\n  - id: paspoort\n    title: {nl: Paspoort}\n    examples: {nl: [paspoort "
      "aanvragen, paspoort verlengen]}\n    answer: {nl: Bij de balie.}\n"
      "messages:\n  fallback: {nl: Dat begrijp ik niet.}\n";
  loket::config::load_config("/fuzz/loket.yaml", files);
  return 0;
}
