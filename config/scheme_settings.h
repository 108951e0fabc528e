// Internal to config/: reads a content file's `schemes:`, `social_minimum:`, `business_types:`
// and `scheme_questions:` sections with file:line:column diagnostics, and checks them as a whole
// once every file is read (a condition no one can meet, an income condition without a social
// minimum). Not thread-safe; called while loading.
#pragma once

#include <vector>

#include "config/config.h"
#include "config/yaml_checker.h"

namespace loket::config {

void read_schemes(YamlChecker& c, const YAML::Node& node, Config& config);
void read_social_minimum(YamlChecker& c, const YAML::Node& node, Config& config);
void read_business_types(YamlChecker& c, const YAML::Node& node, Config& config);
void read_scheme_questions(YamlChecker& c, const YAML::Node& node, Config& config);
// After all files: problems that span files, appended to `errors`.
void check_schemes(Config& config, std::vector<Diagnostic>& errors);

}  // namespace loket::config
