// Internal to config/: reads the `handoff:` section of the server file (when a resident is
// offered a person, the office hours, how staff are shown) with file:line:column diagnostics.
// Not thread-safe; called while loading.
#pragma once

#include <filesystem>

#include "config/config.h"
#include "config/yaml_checker.h"

namespace loket::config {

// `base`: the server file's folder, where {file: PATH} secrets are found.
void read_handoff(YamlChecker& c, const YAML::Node& node, const std::filesystem::path& base,
                  HandoffSettings& out);

}  // namespace loket::config
