// YAML text to nodes, as yaml-cpp parses it but stricter where yaml-cpp is lenient: a quoted
// scalar that never closes is an error at its opening quote, not the rest of the file taken as
// its text (yaml-cpp 0.7 accepts it). Its errors say what to do about them, for staff who write
// content and are no programmers. Stateless; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/config.h"

namespace loket::config {

// The first byte of `text` that is not part of a UTF-8 character: where (line and column from 0,
// the column in bytes, as yaml-cpp counts) and what ("0xE9"). Nullopt when it is all UTF-8.
struct ByteNotUtf8 {
  std::size_t offset = 0;
  int line = 0;
  int column = 0;
  std::string hex;
};
std::optional<ByteNotUtf8> first_byte_not_utf8(std::string_view text);

// Throws YAML::ParserException (with the mark of the problem) where the text is not YAML.
YAML::Node parse_yaml(const std::string& text);

// Texts for residents (the value of one of `languages`: `nl: ...`) written without quotes and
// followed on their last line by " #...": YAML reads that part as a comment, so it never reaches
// residents. One warning for each, at its '#'. `text` and `root` as given to and returned by
// parse_yaml.
std::vector<Diagnostic> comments_cutting_texts(const std::string& text, const YAML::Node& root,
                                               const std::string& file,
                                               const std::vector<std::string>& languages);

// A plain text (no quotes) with a line starting "- " inside it: a list item indented one space
// too far, which YAML adds to the item above ("zwemvergunning aanvragen - vergunning voor een
// wedstrijd"). One warning for each, at that "- ".
std::vector<Diagnostic> list_items_read_as_text(const std::string& text, const YAML::Node& root,
                                                const std::string& file);

// A language's key indented into the text above it ("en: |" under an "nl: |" text, two spaces
// too far): YAML reads it, and the text after it, as more of that text, so residents of the one
// language get the other's. One warning for each, at that key. `languages`: those of the content.
std::vector<Diagnostic> languages_read_as_text(const std::string& text, const YAML::Node& root,
                                               const std::string& file,
                                               const std::vector<std::string>& languages);

}  // namespace loket::config
