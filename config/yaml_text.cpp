#include "config/yaml_text.h"

#include <cstddef>

namespace loket::config {
namespace {

// Whether the quoted scalar opening at `at` closes before the end of `text`.
bool closes(const std::string& text, std::size_t at) {
  const char quote = text[at];
  for (std::size_t i = at + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;  // an escape: the next character is never the closing quote
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;  // '' is a quote inside single quotes
        continue;
      }
      return true;
    }
  }
  return false;
}

void check_quotes(const YAML::Node& node, const std::string& text) {
  if (node.IsScalar()) {
    const YAML::Mark mark = node.Mark();
    // Only a quoted scalar's mark is at a quote (a plain or block one's is not).
    if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text.size()) return;
    const char c = text[static_cast<std::size_t>(mark.pos)];
    if ((c == '"' || c == '\'') && !closes(text, static_cast<std::size_t>(mark.pos)))
      throw YAML::ParserException(
          mark, std::string("this quoted text has no closing ") + (c == '"' ? "\"" : "'") +
                    " (without one, the rest of the file would be taken as its text)");
  } else if (node.IsMap()) {
    for (const auto& entry : node) {
      check_quotes(entry.first, text);
      check_quotes(entry.second, text);
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node) check_quotes(item, text);
  }
}

}  // namespace

YAML::Node parse_yaml(const std::string& text) {
  YAML::Node root = YAML::Load(text);
  check_quotes(root, text);
  return root;
}

}  // namespace loket::config
