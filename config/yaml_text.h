// YAML text to nodes, as yaml-cpp parses it but stricter where yaml-cpp is lenient: a quoted
// scalar that never closes is an error at its opening quote, not the rest of the file taken as
// its text (yaml-cpp 0.7 accepts it). Its errors say what to do about them, for staff who write
// content and are no programmers. Stateless; safe from any thread.
#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

namespace loket::config {

// Throws YAML::ParserException (with the mark of the problem) where the text is not YAML.
YAML::Node parse_yaml(const std::string& text);

}  // namespace loket::config
