#include "config/yaml_text.h"

#include <cstddef>
#include <set>
#include <string_view>

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

// `seen`: the nodes visited, by where they start; an alias is the node it names, visited once
// (a chain of aliases would otherwise be walked exponentially often).
void check_quotes(const YAML::Node& node, const std::string& text, std::set<int>& seen) {
  if (node.Mark().pos >= 0 && !seen.insert(node.Mark().pos).second) return;
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
      check_quotes(entry.first, text, seen);
      check_quotes(entry.second, text, seen);
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node) check_quotes(item, text, seen);
  }
}

}  // namespace

YAML::Node parse_yaml(const std::string& text) {
  // yaml-cpp counts positions after a byte-order mark, and in UTF-8 after transcoding UTF-16 or
  // UTF-32: without the mark the positions are the text's own; other encodings go unchecked.
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  const std::string_view utf8 =
      std::string_view(text).starts_with(kBom) ? std::string_view(text).substr(kBom.size()) : text;
  const std::string body(utf8);
  YAML::Node root = YAML::Load(body);
  const bool wide = body.substr(0, 4).find('\0') != std::string::npos ||
                    body.starts_with("\xFE\xFF") || body.starts_with("\xFF\xFE");
  std::set<int> seen;
  if (!wide) check_quotes(root, body, seen);
  return root;
}

}  // namespace loket::config
