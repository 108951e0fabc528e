#include "config/yaml_text.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <optional>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

namespace loket::config {
namespace {

// Where the quoted scalar opening at `at` closes in `text` (npos: it never does).
std::size_t closing_quote(std::string_view text, std::size_t at) {
  const char quote = text[at];
  for (std::size_t i = at + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;  // an escape: the next character is never the closing quote
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;  // '' is a quote inside single quotes
        continue;
      }
      return i;
    }
  }
  return std::string_view::npos;
}

bool closes(std::string_view text, std::size_t at) {
  return closing_quote(text, at) != std::string_view::npos;
}

// Where each line of a text starts: the marks of many positions without counting lines again.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts_.push_back(i + 1);
  }
  // The mark of byte `at`; its column counted in bytes, as yaml-cpp counts them.
  YAML::Mark mark(std::size_t at) const {
    const auto line = std::upper_bound(starts_.begin(), starts_.end(), at) - 1;
    YAML::Mark out;
    out.pos = static_cast<int>(at);
    out.line = static_cast<int>(line - starts_.begin());
    out.column = static_cast<int>(at - *line);
    return out;
  }
  std::size_t lines() const { return starts_.size(); }
  // Line `n` (0-based) without its line break.
  std::string_view line(std::string_view text, std::size_t n) const {
    const std::size_t end = n + 1 < starts_.size() ? starts_[n + 1] - 1 : text.size();
    std::string_view out = text.substr(starts_[n], end - starts_[n]);
    if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
    return out;
  }
  std::size_t start(std::size_t n) const { return starts_[n]; }

 private:
  std::vector<std::size_t> starts_;
};

// Whether a line (without its indentation) opens a block scalar: "answer: |", "- >-".
bool opens_block(std::string_view content) {
  if (const auto hash = content.find(" #"); hash != std::string_view::npos)
    content = content.substr(0, hash);
  while (!content.empty() && (content.back() == ' ' || content.back() == '\r'))
    content.remove_suffix(1);
  while (!content.empty() && (content.back() == '-' || content.back() == '+' ||
                              (content.back() >= '1' && content.back() <= '9')))
    content.remove_suffix(1);
  if (content.empty() || (content.back() != '|' && content.back() != '>')) return false;
  content.remove_suffix(1);
  return content.empty() || content.ends_with(": ") || content.ends_with("- ") || content == "-" ||
         content.ends_with(":");
}

// A value's opening quote on a line before `error` that the line does not close, and whose
// closing quote (if any) is on the line where yaml-cpp gave up: a quote left open in the middle
// of a file is closed by the next text's opening quote, and yaml-cpp then fails there with a
// message about indentation. A quote that spans lines on purpose closes before the error; text
// in a block scalar (`|`, `>`) holds quotes as it likes.
std::optional<std::size_t> quote_left_open_before(std::string_view text, const YAML::Mark& error,
                                                  const std::string& message,
                                                  const LineIndex& lines) {
  if (!message.starts_with("end of map not found") &&
      !message.starts_with("end of sequence not found") &&
      !message.starts_with("illegal map value"))
    return std::nullopt;
  std::optional<std::size_t> found;
  std::optional<std::size_t> block_indent;  // set while inside a block scalar
  std::size_t line_start = 0;
  for (int line = 0; line < error.line && line_start < text.size(); ++line) {
    const std::size_t end = std::min(text.find('\n', line_start), text.size());
    const std::string_view whole = text.substr(line_start, end - line_start);
    const std::size_t indent = std::min(whole.find_first_not_of(' '), whole.size());
    const bool blank = whole.find_first_not_of(" \r") == std::string_view::npos;
    line_start = end + 1;
    if (block_indent && (blank || indent > *block_indent)) continue;
    block_indent.reset();
    if (opens_block(whole.substr(indent))) {
      block_indent = indent;
      continue;
    }
    const std::size_t from = end - whole.size();
    for (std::size_t i = from + indent; i < end; ++i) {
      if (text[i] == '#' && text[i - 1] == ' ') break;  // a comment
      if (text[i] != '"' && text[i] != '\'') continue;
      // Only a quote that opens a value: after "key: ", "- ", "[", "{" or ", ".
      const std::string_view before = text.substr(from, i - from);
      const auto last = before.find_last_not_of(' ');
      const bool opens = last != std::string_view::npos &&
                         std::string_view(":-[{,").find(before[last]) != std::string_view::npos &&
                         (last + 1 < before.size() || before[last] == '[' || before[last] == '{');
      if (!opens) continue;
      const std::size_t close = closing_quote(text, i);
      if (close != std::string_view::npos && close < end) {
        i = close;
        continue;
      }
      if (close == std::string_view::npos || lines.mark(close).line == error.line) found = i;
      break;
    }
  }
  return found;
}

// A quoted value on the line where yaml-cpp gave up that closes before its text ends: "Kom naar
// het "Stadskantoor"", 'voor z'n kind'. yaml-cpp then fails just after the quote, with a message
// about indentation or a brace. Where that quote is, and which quote it is.
std::optional<std::size_t> quote_closed_inside_its_text(std::string_view text,
                                                        const YAML::Mark& error,
                                                        const std::string& message,
                                                        const LineIndex& lines) {
  if (!message.starts_with("end of map") && !message.starts_with("end of sequence") &&
      !message.starts_with("illegal map value"))
    return std::nullopt;
  if (error.line < 0 || static_cast<std::size_t>(error.line) >= lines.lines()) return std::nullopt;
  const std::string_view line = lines.line(text, static_cast<std::size_t>(error.line));
  const std::size_t from = lines.start(static_cast<std::size_t>(error.line));
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && i > 0 && line[i - 1] == ' ') break;  // a comment
    if (line[i] != '"' && line[i] != '\'') continue;
    const std::string_view before = line.substr(0, i);
    const auto last = before.find_last_not_of(' ');
    const bool opens = last != std::string_view::npos &&
                       std::string_view(":-[{,").find(before[last]) != std::string_view::npos &&
                       (last + 1 < before.size() || before[last] == '[' || before[last] == '{');
    if (!opens) continue;
    const std::size_t close = closing_quote(text, from + i);
    if (close == std::string_view::npos || close >= from + line.size()) return std::nullopt;
    // What may follow a closed value: the end, a comment, or the next item of a flow.
    const std::size_t next = line.find_first_not_of(' ', close - from + 1);
    if (next == std::string_view::npos ||
        std::string_view("#,}]").find(line[next]) != std::string_view::npos) {
      i = close - from;
      continue;
    }
    // A word right after the quote, where yaml-cpp stopped: the quote ended the text too soon.
    if (static_cast<std::size_t>(error.column) < close - from) return std::nullopt;
    return close;
  }
  return std::nullopt;
}

// "review_by: 2027-01-01", "- id: paspoort", "examples:": a line that starts with a key.
bool is_key_line(std::string_view content) {
  if (content.starts_with("- ")) content.remove_prefix(2);
  const std::size_t colon = content.find(':');
  if (colon == 0 || colon == std::string_view::npos) return false;
  if (colon + 1 < content.size() && content[colon + 1] != ' ') return false;
  return std::all_of(content.begin(), content.begin() + static_cast<std::ptrdiff_t>(colon),
                     [](char c) {
                       return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') || c == '_' || c == '-';
                     });
}

// How far above the line yaml-cpp stopped at a key without its colon is looked for: it notices
// one a line or a few later ("review_by 2027-01-01" is taken as text that runs on).
constexpr int kMaxLinesBackForAColon = 12;

// A line that stands where a key would ("review_by 2027-01-01", "nl" above a list), without the
// colon that would make it one: its first word and where it starts. yaml-cpp reports such a line
// lines later, as a value it did not expect. Only a word that can be a key counts, on a line
// with no ':' at all that lines up with a key above it: text running on from a value is indented
// deeper than its key, so it is never taken for one.
std::optional<std::pair<std::size_t, std::string>> key_without_colon_before(
    std::string_view text, const YAML::Mark& error, const std::string& message,
    const LineIndex& lines) {
  if (!message.starts_with("end of map not found") &&
      !message.starts_with("end of sequence not found") &&
      !message.starts_with("illegal map value"))
    return std::nullopt;
  const auto indent_of = [](std::string_view line) {
    return std::min(line.find_first_not_of(' '), line.size());
  };
  const auto meaningful = [&](std::string_view line) {
    const std::size_t at = indent_of(line);
    return at < line.size() && line[at] != '#';
  };
  // Whether the '- ' items in the column `dash` around line `n` are maps ("- id: a"): then an
  // item "- id b" lost its colon; in a list of texts ("- paspoort aanvragen") it did not.
  const auto items_are_maps = [&](int n, std::size_t dash) {
    for (const int step : {-1, 1}) {
      for (int m = n + step; m >= 0 && m < static_cast<int>(lines.lines()); m += step) {
        const std::string_view other = lines.line(text, static_cast<std::size_t>(m));
        if (!meaningful(other) || indent_of(other) > dash) continue;
        const std::string_view content = other.substr(indent_of(other));
        if (indent_of(other) < dash || !content.starts_with("- ")) break;
        return is_key_line(content);
      }
    }
    return false;
  };
  const int last = std::min(error.line, static_cast<int>(lines.lines()) - 1);
  for (int n = last; n >= 1 && n >= error.line - kMaxLinesBackForAColon; --n) {
    const std::string_view line = lines.line(text, static_cast<std::size_t>(n));
    if (!meaningful(line) || line.find(':') != std::string_view::npos) continue;
    std::size_t indent = indent_of(line);
    std::string_view content = line.substr(indent);
    if (content.starts_with("- ")) {
      if (!items_are_maps(n, indent)) continue;
      const std::size_t key = content.find_first_not_of(' ', 2);
      if (key == std::string_view::npos) continue;
      const std::string_view word = content.substr(key, content.find(' ', key) - key);
      if (word.empty() || !std::all_of(word.begin(), word.end(),
                                       [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; }))
        continue;
      return std::pair(lines.start(static_cast<std::size_t>(n)) + indent + key, std::string(word));
    }
    const std::size_t word_end = std::min(content.find(' '), content.size());
    const std::string_view word = content.substr(0, word_end);
    const bool key_like = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || c == '_';
    });
    if (!key_like) continue;
    // The nearest line above at this indentation or less (deeper ones belong to the keys
    // before): a key at this indentation, or one that opens a block ("examples:", "- id: ...")
    // this line would be the first key of.
    int above = n - 1;
    while (above >= 0 && (!meaningful(lines.line(text, static_cast<std::size_t>(above))) ||
                          indent_of(lines.line(text, static_cast<std::size_t>(above))) > indent))
      --above;
    if (above < 0) continue;
    const std::string_view prior = lines.line(text, static_cast<std::size_t>(above));
    const std::size_t prior_indent = indent_of(prior);
    const std::string_view prior_content = prior.substr(prior_indent);
    // Text in a block (`nl: |`) is no key, however it looks: the nearest line above it that is
    // less indented opens the block.
    int opener = n - 1;
    while (opener >= 0 && (!meaningful(lines.line(text, static_cast<std::size_t>(opener))) ||
                           indent_of(lines.line(text, static_cast<std::size_t>(opener))) >= indent))
      --opener;
    if (opener >= 0) {
      const std::string_view line_above = lines.line(text, static_cast<std::size_t>(opener));
      if (opens_block(line_above.substr(indent_of(line_above)))) continue;
    }
    const bool sibling =
        prior_indent == indent && is_key_line(prior_content) && !prior_content.starts_with("- ");
    const bool first_of_item =
        prior_content.starts_with("- ") && indent == prior_indent + 2 && is_key_line(prior_content);
    const bool first_of_block =
        prior_indent < indent && prior_content.ends_with(":") && is_key_line(prior_content);
    if (sibling || first_of_item || first_of_block)
      return std::pair(lines.start(static_cast<std::size_t>(n)) + indent, std::string(word));
    return std::nullopt;  // the nearest such line is text, not a key: look no further
  }
  return std::nullopt;
}

// "      nl: Hondenbelasting" and below it "        en: Dog tax": a key indented under one that
// already has its value. yaml-cpp says "illegal map value" there, where quotes are no help: the
// column is. Where the key starts, the key and the one above, when that is the mistake.
struct KeyUnderAValue {
  std::size_t at;
  std::string key, above;
  // The line above is the one out of place: indented less than this one and the key before it
  // ("nl:" at 6, "en:" at 4, "de:" at 6), whose column it belongs in.
  bool above_slipped_left = false;
};
std::optional<KeyUnderAValue> key_indented_under_a_value(std::string_view text,
                                                         const YAML::Mark& error,
                                                         const std::string& message,
                                                         const LineIndex& lines) {
  if (!message.starts_with("illegal map value") || error.line < 1 ||
      static_cast<std::size_t>(error.line) >= lines.lines())
    return std::nullopt;
  const auto indent_of = [](std::string_view line) {
    return std::min(line.find_first_not_of(' '), line.size());
  };
  const std::string_view line = lines.line(text, static_cast<std::size_t>(error.line));
  const std::size_t indent = indent_of(line);
  const std::string_view content = line.substr(indent);
  if (!is_key_line(content) || content.starts_with("- ")) return std::nullopt;
  const auto meaningful_above = [&](int n) {
    for (--n; n >= 0; --n) {
      const std::string_view prior = lines.line(text, static_cast<std::size_t>(n));
      const std::size_t at = indent_of(prior);
      if (at < prior.size() && prior[at] != '#') break;
    }
    return n;
  };
  const int above = meaningful_above(error.line);
  if (above < 0) return std::nullopt;
  const std::string_view prior = lines.line(text, static_cast<std::size_t>(above));
  const std::size_t prior_indent = indent_of(prior);
  std::string_view prior_content = prior.substr(prior_indent);
  if (prior_indent >= indent || !is_key_line(prior_content) || opens_block(prior_content))
    return std::nullopt;
  if (prior_content.starts_with("- ")) prior_content.remove_prefix(2);
  const std::string_view value = prior_content.substr(prior_content.find(':') + 1);
  const std::size_t first = value.find_first_not_of(' ');
  if (first == std::string_view::npos || value[first] == '#') return std::nullopt;
  KeyUnderAValue out{lines.start(static_cast<std::size_t>(error.line)) + indent,
                     std::string(content.substr(0, content.find(':'))),
                     std::string(prior_content.substr(0, prior_content.find(':')))};
  if (const int before = meaningful_above(above); before >= 0) {
    const std::string_view line_before = lines.line(text, static_cast<std::size_t>(before));
    const std::string_view before_content = line_before.substr(indent_of(line_before));
    if (indent_of(line_before) == indent && is_key_line(before_content) &&
        !before_content.starts_with("- ")) {
      out.at = lines.start(static_cast<std::size_t>(above)) + prior_indent;
      out.above_slipped_left = true;
      out.key = std::string(before_content.substr(0, before_content.find(':')));
    }
  }
  return out;
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
  if (const auto bad = first_byte_not_utf8(text)) {
    YAML::Mark mark;
    mark.pos = static_cast<int>(bad->offset);
    mark.line = bad->line;
    mark.column = bad->column;
    throw YAML::ParserException(
        mark, "the file is not UTF-8 text (the byte " + bad->hex +
                  " here): save it as UTF-8, for example in Notepad with 'Save as' and "
                  "Encoding 'UTF-8'");
  }
}

// yaml-cpp counts positions after a byte-order mark, and in UTF-8 after transcoding UTF-16 or
// UTF-32: without the mark the positions are the text's own; other encodings go unchecked.
std::string_view without_byte_order_mark(std::string_view text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  return text.starts_with(kBom) ? text.substr(kBom.size()) : text;
}
bool is_wide(std::string_view body) {
  return body.substr(0, 4).find('\0') != std::string_view::npos || body.starts_with("\xFE\xFF") ||
         body.starts_with("\xFF\xFE");
}

// More comment warnings than this in one file say the same thing again.
constexpr std::size_t kMaxCommentWarnings = 100;

// Where the plain scalar `value`, starting at `at`, ends in `text`: each of its words in turn
// (folding joins its lines with single spaces, and a plain scalar cannot hold " #").
std::optional<std::size_t> plain_scalar_end(std::string_view text, std::size_t at,
                                            std::string_view value) {
  std::size_t pos = at;
  for (std::size_t i = 0; i < value.size();) {
    const std::size_t start = value.find_first_not_of(" \t\n", i);
    if (start == std::string_view::npos) break;
    const std::size_t stop = std::min(value.find_first_of(" \t\n", start), value.size());
    const std::string_view word = value.substr(start, stop - start);
    pos = text.find(word, pos);
    if (pos == std::string_view::npos) return std::nullopt;
    pos += word.size();
    i = stop;
  }
  return pos;
}

// Each node under `root` once (an alias is the node it names), until `visit` returns false.
template <typename Visit>
void visit_nodes_once(const YAML::Node& root, Visit visit) {
  std::set<int> seen;
  std::vector<YAML::Node> todo{root};
  while (!todo.empty()) {
    const YAML::Node node = todo.back();
    todo.pop_back();
    if (node.Mark().pos >= 0 && !seen.insert(node.Mark().pos).second) continue;
    if (!visit(node)) return;
    if (node.IsSequence())
      for (const auto& item : node) todo.push_back(item);
    else if (node.IsMap())
      for (const auto& entry : node) todo.push_back(entry.second);
  }
}

void sort_by_place(std::vector<Diagnostic>& diagnostics) {
  std::sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  });
}

}  // namespace

std::vector<Diagnostic> comments_cutting_texts(const std::string& text, const YAML::Node& root,
                                               const std::string& file,
                                               const std::vector<std::string>& languages) {
  std::vector<Diagnostic> out;
  const std::string_view body = without_byte_order_mark(text);
  if (is_wide(body)) return out;
  const LineIndex lines(body);
  visit_nodes_once(root, [&](const YAML::Node& node) {
    if (!node.IsMap()) return true;
    for (const auto& entry : node) {
      const YAML::Node& value = entry.second;
      // A resident's text is a language's value; only a plain one (tag "?") can be cut short.
      if (!(entry.first.IsScalar() &&
            std::find(languages.begin(), languages.end(), entry.first.Scalar()) !=
                languages.end() &&
            value.IsScalar() && value.Tag() == "?" && value.Mark().pos >= 0))
        continue;
      const auto end =
          plain_scalar_end(body, static_cast<std::size_t>(value.Mark().pos), value.Scalar());
      if (!end) continue;
      const std::size_t hash = body.find_first_not_of(" \t", *end);
      if (hash == std::string_view::npos || hash == *end || body[hash] != '#') continue;
      const std::size_t line_end = std::min(body.find('\n', hash), body.size());
      // At most 40 bytes of what was cut, ending between two characters.
      std::size_t cut_end = std::min(line_end, hash + 40);
      while (cut_end > hash && cut_end < line_end &&
             (static_cast<unsigned char>(body[cut_end]) & 0xC0) == 0x80)
        --cut_end;
      std::string cut(body.substr(hash, cut_end - hash));
      if (!cut.empty() && cut.back() == '\r') cut.pop_back();
      const YAML::Mark mark = lines.mark(hash);
      out.push_back({file, mark.line + 1, mark.column + 1,
                     "'" + cut + "' is read as a comment and left out of the " +
                         entry.first.Scalar() +
                         " text: put the whole text in quotes, or move the comment to a line of "
                         "its own"});
    }
    return out.size() < kMaxCommentWarnings;
  });
  sort_by_place(out);
  return out;
}

std::vector<Diagnostic> languages_read_as_text(const std::string& text, const YAML::Node& root,
                                               const std::string& file,
                                               const std::vector<std::string>& languages) {
  std::vector<Diagnostic> out;
  const std::string_view body = without_byte_order_mark(text);
  if (is_wide(body)) return out;
  const LineIndex lines(body);
  const auto is_language = [&](std::string_view key) {
    return std::find(languages.begin(), languages.end(), key) != languages.end();
  };
  visit_nodes_once(root, [&](const YAML::Node& node) {
    if (!node.IsMap()) return true;
    for (const auto& entry : node) {
      const YAML::Node& value = entry.second;
      if (!entry.first.IsScalar() || !is_language(entry.first.Scalar()) || !value.IsScalar() ||
          value.Mark().pos < 0)
        continue;
      const std::string& said = value.Scalar();
      for (std::size_t start = 0; start < said.size();) {
        const std::size_t end = std::min(said.find('\n', start), said.size());
        const std::string_view line = std::string_view(said).substr(start, end - start);
        start = end + 1;
        const std::size_t first = line.find_first_not_of(' ');
        if (first == std::string_view::npos) continue;
        const std::string_view rest = line.substr(first);
        const std::size_t colon = rest.find(':');
        if (colon == std::string_view::npos || !is_language(rest.substr(0, colon)) ||
            (colon + 1 < rest.size() && rest[colon + 1] != ' '))
          continue;
        // Where it stands in the file: the first line after the text's start that begins so.
        const std::string key(rest.substr(0, colon + 1));
        std::size_t at = static_cast<std::size_t>(value.Mark().pos);
        for (at = body.find(key, at); at != std::string_view::npos; at = body.find(key, at + 1)) {
          const std::size_t line_start = body.rfind('\n', at) + 1;
          if (body.find_first_not_of(' ', line_start) == at) break;
        }
        const YAML::Mark mark = at == std::string_view::npos ? value.Mark() : lines.mark(at);
        out.push_back({file, mark.line + 1, mark.column + 1,
                       "'" + key + "' is read as part of the " + entry.first.Scalar() +
                           " text above it, not as the " + key.substr(0, key.size() - 1) +
                           " text: start it in the same column as '" + entry.first.Scalar() +
                           ":'"});
        break;
      }
    }
    return out.size() < kMaxCommentWarnings;
  });
  sort_by_place(out);
  return out;
}

std::vector<Diagnostic> list_items_read_as_text(const std::string& text, const YAML::Node& root,
                                                const std::string& file) {
  std::vector<Diagnostic> out;
  const std::string_view body = without_byte_order_mark(text);
  if (is_wide(body)) return out;
  const LineIndex lines(body);
  visit_nodes_once(root, [&](const YAML::Node& node) {
    if (!node.IsScalar() || node.Tag() != "?" || node.Mark().pos < 0 ||
        node.Scalar().find(" - ") == std::string::npos)
      return true;
    const auto at = static_cast<std::size_t>(node.Mark().pos);
    const auto end = plain_scalar_end(body, at, node.Scalar());
    if (!end) return true;
    for (std::size_t nl = body.find('\n', at); nl < *end; nl = body.find('\n', nl + 1)) {
      const std::size_t first = body.find_first_not_of(' ', nl + 1);
      if (first >= *end || body.compare(first, 2, "- ") != 0) continue;
      const YAML::Mark mark = lines.mark(first);
      out.push_back({file, mark.line + 1, mark.column + 1,
                     "this '- ' line is read as part of the text above it, not as an item of "
                     "its own: start it in the same column as the '- ' of the other items"});
    }
    return out.size() < kMaxCommentWarnings;
  });
  sort_by_place(out);
  return out;
}

std::optional<ByteNotUtf8> first_byte_not_utf8(std::string_view text) {
  ByteNotUtf8 out;
  for (std::size_t at = 0; at < text.size();) {
    utf8proc_int32_t code_point = 0;
    const auto length =
        utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + at),
                         static_cast<utf8proc_ssize_t>(text.size() - at), &code_point);
    if (length < 0) {
      out.offset = at;
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[at]));
      out.hex = byte;
      return out;
    }
    if (text[at] == '\n') {
      ++out.line;
      out.column = 0;
    } else {
      out.column += static_cast<int>(length);
    }
    at += static_cast<std::size_t>(length);
  }
  return std::nullopt;
}

YAML::Node parse_yaml(const std::string& text) {
  const std::string body(without_byte_order_mark(text));
  const bool wide = is_wide(body);
  if (!wide) check_utf8(body);
  YAML::Node root;
  try {
    root = YAML::Load(body);
  } catch (const YAML::ParserException& e) {
    const LineIndex lines(body);
    if (const auto open = quote_left_open_before(body, e.mark, e.msg, lines)) {
      const char quote = body[*open];
      throw YAML::ParserException(
          lines.mark(*open),
          std::string("this quoted text is not closed on its line: add the closing ") + quote +
              " where the text ends (YAML read on to the next " + quote + ", on line " +
              std::to_string(e.mark.line + 1) + ", and could not make sense of what follows)");
    }
    if (const auto early = quote_closed_inside_its_text(body, e.mark, e.msg, lines)) {
      const bool dbl = body[*early] == '"';
      throw YAML::ParserException(
          lines.mark(*early),
          dbl ? std::string("this \" ends the quoted text, but the text goes on after it: write "
                            "a \" inside the text as \\\" (or put the whole text in single "
                            "quotes, '...')")
              : std::string("this ' ends the quoted text, but the text goes on after it: write "
                            "a ' inside the text twice, as '' (z''n), or put the whole text "
                            "in double quotes"));
    }
    if (const auto key = key_without_colon_before(body, e.mark, e.msg, lines))
      throw YAML::ParserException(
          lines.mark(key->first),
          "'" + key->second + "' has no ':' after it: write '" + key->second +
              ":' (YAML read it as text that runs on, and could not make sense of line " +
              std::to_string(e.mark.line + 1) + ")");
    const auto keys = key_indented_under_a_value(body, e.mark, e.msg, lines);
    if (keys && keys->above_slipped_left)
      throw YAML::ParserException(lines.mark(keys->at),
                                  "'" + keys->above + ":' is indented less than '" + keys->key +
                                      ":' above it and the key below it: put it in their column");
    if (keys)
      throw YAML::ParserException(
          lines.mark(keys->at),
          "'" + keys->key + ":' is indented further than '" + keys->above +
              ":' on the line above, which already has its value: put it in the same "
              "column as '" +
              keys->above + ":' (or in the column of the key it belongs to)");
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
