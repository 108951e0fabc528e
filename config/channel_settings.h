// Internal to config/: reads the `channels:` section of the server file, resolving each secret
// from the environment or a file ({env: NAME} / {file: PATH}); secrets written in the YAML itself
// are refused. Not thread-safe (it reads the environment while loading).
#pragma once

#include <filesystem>

#include "config/config.h"
#include "config/yaml_checker.h"

namespace loket::config {

void read_channels(YamlChecker& c, const YAML::Node& node, const std::filesystem::path& base,
                   Channels& out);

// A secret of another section ({env: NAME} or {file: PATH} relative to `base`); nothing, with
// an error naming what to set, when it is absent, written in the YAML or empty.
std::optional<std::string> read_required_secret(YamlChecker& c, const YAML::Node& section,
                                                const std::string& key, const std::string& what,
                                                const std::filesystem::path& base);

// A topic's `whatsapp_template:` mapping.
std::optional<WhatsAppTemplate> read_whatsapp_template(YamlChecker& c, const YAML::Node& node,
                                                       const std::string& what);

}  // namespace loket::config
