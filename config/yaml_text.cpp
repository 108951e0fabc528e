#include "config/yaml_text.h"

#include <utf8proc.h>

#include <cstddef>
#include <cstdio>
#include <set>
#include <string_view>
#include <utility>

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

// yaml-cpp's message for a mistake, with what staff who are no programmers can do about it. It
// often notices a wrong indentation a line or two after it: the hint says where to look.
std::string explained(const std::string& message, std::string_view line) {
  // Whatever yaml-cpp made of it, a tab in the indentation is the mistake to fix first.
  if (line.substr(0, line.find_first_not_of(" \t")).find('\t') != std::string_view::npos)
    return message + " (a tab is used for indentation: use spaces instead)";
  static const std::pair<std::string_view, std::string_view> kHints[] = {
      {"end of map not found",
       "the indentation is off here or on a line above: items at one level start in the same "
       "column, with spaces"},
      {"end of sequence not found",
       "the indentation of a list is off here or on a line above: each '- ' item of one list "
       "starts in the same column"},
      {"end of map flow not found", "a '{' is not closed with '}'"},
      {"end of sequence flow not found", "a '[' is not closed with ']'"},
      {"illegal map value", "put a value that holds ': ' in quotes, for example \"Let op: ...\""},
      {"illegal tab when looking for indentation",
       "a tab is used for indentation: use spaces instead"},
      {"block sequence entries are not allowed in this context",
       "a '- ' list item stands where a value was expected: put the list on the lines below, "
       "indented"},
      {"unknown escape character",
       "a backslash in double quotes starts an escape: write \\\\ for a backslash, or use "
       "single quotes"},
      {"unknown token", "a character YAML does not expect here: put the text in quotes"},
  };
  for (const auto& [start, hint] : kHints)
    if (message.starts_with(start)) return message + " (" + std::string(hint) + ")";
  return message;
}

// yaml-cpp takes any bytes, and a file saved as Latin-1 ("ANSI" on Windows) would reach
// residents as text that is not UTF-8: refused at its first such byte instead.
void check_utf8(std::string_view text) {
  YAML::Mark mark;
  for (std::size_t at = 0; at < text.size();) {
    utf8proc_int32_t code_point = 0;
    const auto length =
        utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + at),
                         static_cast<utf8proc_ssize_t>(text.size() - at), &code_point);
    if (length < 0) {
      mark.pos = static_cast<int>(at);
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[at]));
      throw YAML::ParserException(
          mark, std::string("the file is not UTF-8 text (the byte ") + byte +
                    " here): save it as UTF-8, for example in Notepad with 'Save as' and "
                    "Encoding 'UTF-8'");
    }
    if (text[at] == '\n') {
      ++mark.line;
      mark.column = 0;
    } else {
      ++mark.column;
    }
    at += static_cast<std::size_t>(length);
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
  const bool wide = body.substr(0, 4).find('\0') != std::string::npos ||
                    body.starts_with("\xFE\xFF") || body.starts_with("\xFF\xFE");
  if (!wide) check_utf8(body);
  YAML::Node root;
  try {
    root = YAML::Load(body);
  } catch (const YAML::ParserException& e) {
    std::string_view line;
    if (e.mark.line >= 0) {
      std::size_t start = 0;
      for (int n = 0; n < e.mark.line && start != std::string::npos; ++n) {
        start = body.find('\n', start);
        if (start != std::string::npos) ++start;
      }
      if (start != std::string::npos)
        line = std::string_view(body).substr(start, body.find('\n', start) - start);
    }
    throw YAML::ParserException(e.mark, explained(e.msg, line));
  }
  std::set<int> seen;
  if (!wide) check_quotes(root, body, seen);
  return root;
}

}  // namespace loket::config
