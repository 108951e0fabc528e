// Internal to config/: reads the `widget:` section of the server file (the chat's name, logo,
// colours, launcher, privacy line and UI words) and checks that residents can read it.
// Not thread-safe; called while loading.
#pragma once

#include "config/config.h"
#include "config/yaml_checker.h"

namespace loket::config {

// Needs config.languages and config.municipality read first.
void read_widget(YamlChecker& c, const YAML::Node& node, Config& config);

}  // namespace loket::config
