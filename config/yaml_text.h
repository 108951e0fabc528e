// YAML text to nodes, as yaml-cpp parses it but stricter where yaml-cpp is lenient: a quoted
// scalar that never closes is an error at its opening quote, not the rest of the file taken as
// its text (yaml-cpp 0.7 accepts it). Its errors say what to do about them, for staff who write
// content and are no programmers. Stateless; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/config.h"

namespace loket::config {

// Throws YAML::ParserException (with the mark of the problem) where the text is not YAML.
YAML::Node parse_yaml(const std::string& text);

// Texts for residents (the value of one of `languages`: `nl: ...`) written without quotes and
// followed on their last line by " #...": YAML reads that part as a comment, so it never reaches
// residents. One warning for each, at its '#'. `text` and `root` as given to and returned by
// parse_yaml.
std::vector<Diagnostic> comments_cutting_texts(const std::string& text, const YAML::Node& root,
                                               const std::string& file,
                                               const std::vector<std::string>& languages);

}  // namespace loket::config
