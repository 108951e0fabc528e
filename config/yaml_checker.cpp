#include "config/yaml_checker.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <regex>
#include <set>

namespace loket::config {

void YamlChecker::error(const YAML::Mark& at, std::string message) {
  // yaml-cpp marks are 0-based and -1 for nodes without a position.
  out_.push_back(
      Diagnostic{file_, std::max(at.line, 0) + 1, std::max(at.column, 0) + 1, std::move(message)});
}

void YamlChecker::error(const YAML::Node& at, std::string message) {
  error(at.Mark(), std::move(message));
}

namespace {

std::string kind_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "'" + node.Scalar() + "'";
    case YAML::NodeType::Null:
      return "nothing";
    default:
      return "an undefined value";
  }
}

// "nl - paspoort aanvragen" where a mapping belongs: the ':' after "nl" is missing, and YAML
// read the key and the list below it as one text.
std::string missing_colon_hint(const YAML::Node& node) {
  if (!node.IsScalar()) return {};
  const std::string& text = node.Scalar();
  const std::size_t end = std::min(text.find(' '), text.size());
  // Only where the list below was folded into the text: "nl - paspoort aanvragen".
  if (end == 0 || end > 20 || text.compare(end, 3, " - ") != 0) return {};
  const bool word = std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end),
                                [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
  return word ? " (is the ':' after '" + text.substr(0, end) + "' missing?)" : std::string();
}

}  // namespace

bool YamlChecker::expect_any_map(const YAML::Node& node, std::string_view what) {
  if (!node.IsMap()) {
    error(node, std::string(what) + " must be a mapping, found " + kind_name(node) +
                    missing_colon_hint(node));
    return false;
  }
  bool ok = true;
  std::set<std::string> seen;
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) {
      error(kv.first, std::string(what) + ": keys must be plain words");
      ok = false;
      continue;
    }
    if (!seen.insert(kv.first.Scalar()).second) {
      error(kv.first, std::string(what) + ": duplicate key '" + kv.first.Scalar() + "'");
      ok = false;
    }
  }
  return ok;
}

bool YamlChecker::expect_map(const YAML::Node& node, std::string_view what,
                             std::initializer_list<std::string_view> allowed) {
  if (!expect_any_map(node, what)) return false;
  bool ok = true;
  for (const auto& kv : node) {
    const std::string& key = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string known;
      for (auto k : allowed) known += (known.empty() ? "" : ", ") + std::string(k);
      // "    en: Dog tax" under "      nl: Hondenbelasting": a language that slipped out of its
      // block reads as a key of the block's owner.
      const std::string slipped =
          is_supported_language(key)
              ? "; '" + key +
                    "' is a language: if it belongs under title, examples or answer, indent it "
                    "like the other languages there"
              : std::string();
      // "exampels": the key meant, first, before the list of all.
      const std::string meant =
          slipped.empty() ? did_you_mean(key, {allowed.begin(), allowed.end()}) : std::string();
      error(kv.first, "unknown key '" + key + "' in " + std::string(what) + meant +
                          " (known: " + known + ")" + slipped);
      ok = false;
    }
  }
  return ok;
}

bool YamlChecker::expect_sequence(const YAML::Node& node, std::string_view what) {
  if (node.IsSequence()) return true;
  error(node, std::string(what) + " must be a list, found " + kind_name(node));
  return false;
}

std::optional<std::string> YamlChecker::string(const YAML::Node& node, std::string_view what) {
  if (!node.IsScalar()) {
    error(node, std::string(what) + " must be text, found " + kind_name(node));
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<bool> YamlChecker::boolean(const YAML::Node& node, std::string_view what) {
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    if (s == "true" || s == "yes") return true;
    if (s == "false" || s == "no") return false;
  }
  error(node, std::string(what) + " must be true or false");
  return std::nullopt;
}

std::optional<std::string> YamlChecker::non_empty_string(const YAML::Node& node,
                                                         std::string_view what) {
  auto s = string(node, what);
  if (s && s->find_first_not_of(" \t\r\n") == std::string::npos) {
    error(node, std::string(what) + " must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<long long> YamlChecker::integer(const YAML::Node& node, std::string_view what,
                                              long long min, long long max) {
  auto s = string(node, what);
  if (!s) return std::nullopt;
  long long value = 0;
  auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), value);
  if (ec != std::errc{} || end != s->data() + s->size()) {
    error(node, std::string(what) + " must be a whole number, found '" + *s + "'");
    return std::nullopt;
  }
  if (value < min || value > max) {
    error(node, std::string(what) + " must be between " + std::to_string(min) + " and " +
                    std::to_string(max) + ", found " + *s);
    return std::nullopt;
  }
  return value;
}

std::optional<double> YamlChecker::number(const YAML::Node& node, std::string_view what, double min,
                                          double max) {
  auto s = string(node, what);
  if (!s) return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), value);
  if (ec != std::errc{} || end != s->data() + s->size() || !std::isfinite(value)) {
    error(node, std::string(what) + " must be a number, found '" + *s + "'");
    return std::nullopt;
  }
  if (value < min || value > max) {
    error(node, std::string(what) + " must be between " + std::to_string(min) + " and " +
                    std::to_string(max) + ", found " + *s);
    return std::nullopt;
  }
  return value;
}

std::optional<std::vector<std::string>> YamlChecker::string_list(const YAML::Node& node,
                                                                 std::string_view what) {
  if (!expect_sequence(node, what)) return std::nullopt;
  std::vector<std::string> out;
  bool ok = true;
  for (const auto& item : node) {
    auto s = non_empty_string(item, std::string("each entry of ") + std::string(what));
    if (s)
      out.push_back(*s);
    else
      ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

bool is_iso_date(std::string_view text) {
  static const std::regex kDate(R"(^(20[0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(text.begin(), text.end(), m, kDate)) return false;
  const std::chrono::year_month_day day{std::chrono::year(std::stoi(m.str(1))),
                                        std::chrono::month(std::stoul(m.str(2))),
                                        std::chrono::day(std::stoul(m.str(3)))};
  return day.ok();
}

std::string iso_date_problem(std::string_view text) {
  static const std::regex kShape(R"(^([0-9]{4})-([0-9]{2})-([0-9]{2})$)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(text.begin(), text.end(), m, kShape))
    return "must be a date, YYYY-MM-DD; found '" + std::string(text) + "'";
  const std::chrono::year year(std::stoi(m.str(1)));
  const unsigned month = std::stoul(m.str(2));
  if (month < 1 || month > 12)
    return "'" + std::string(text) + "' has no month " + m.str(2) +
           " (YYYY-MM-DD: the month second)";
  const std::chrono::year_month_day_last last{year / std::chrono::month(month) / std::chrono::last};
  if (std::stoul(m.str(3)) > static_cast<unsigned>(last.day()) || std::stoul(m.str(3)) < 1)
    return "'" + std::string(text) + "' is no day of the calendar (that month has " +
           std::to_string(static_cast<unsigned>(last.day())) + " days)";
  return "must be a date of this century; found '" + std::string(text) + "'";
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& known) {
  const std::size_t allowed = std::max<std::size_t>(1, word.size() / 4);
  std::size_t best_distance = allowed + 1;
  std::string_view best;
  // Three rows of the distance table: two letters swapped ("anwser") are one typo, not two.
  std::vector<std::size_t> before, above, row;
  for (const std::string& candidate : known) {
    const std::size_t longer = std::max(word.size(), candidate.size());
    if (longer - std::min(word.size(), candidate.size()) > allowed) continue;
    const std::size_t n = candidate.size();
    before.assign(n + 1, 0);
    above.resize(n + 1);
    row.resize(n + 1);
    for (std::size_t j = 0; j <= n; ++j) above[j] = j;
    for (std::size_t i = 1; i <= word.size(); ++i) {
      row[0] = i;
      for (std::size_t j = 1; j <= n; ++j) {
        row[j] = std::min({above[j] + 1, row[j - 1] + 1,
                           above[j - 1] + (word[i - 1] == candidate[j - 1] ? 0 : 1)});
        if (i > 1 && j > 1 && word[i - 1] == candidate[j - 2] && word[i - 2] == candidate[j - 1])
          row[j] = std::min(row[j], before[j - 2] + 1);
      }
      std::swap(before, above);
      std::swap(above, row);
    }
    if (above[n] < best_distance) {
      best_distance = above[n];
      best = candidate;
    }
  }
  return best.empty() ? std::string() : " (did you mean '" + std::string(best) + "'?)";
}

bool check_language(YamlChecker& c, const YAML::Node& key, const Config& config) {
  const auto& lang = key.Scalar();
  if (config.has_language(lang)) return true;
  std::string lower = lang;
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const std::string two(two_letter_code_of(lower));
  const std::string hint =
      config.has_language(lower) && lower != lang ? " (write it in lower case: '" + lower + "')"
      : !two.empty() && config.has_language(two)  ? " (its two-letter code is '" + two + "')"
                                                  : std::string();
  c.error(key, "language '" + lang + "' is not in languages.supported" + hint);
  return false;
}

std::optional<LangText> read_lang_text(YamlChecker& c, const YAML::Node& node,
                                       const std::string& what, const Config& config) {
  if (!c.expect_any_map(node, what)) return std::nullopt;
  LangText out;
  bool ok = true;
  for (const auto& kv : node) {
    if (!check_language(c, kv.first, config)) {
      ok = false;
      continue;
    }
    auto s = c.non_empty_string(kv.second, what + "." + kv.first.Scalar());
    if (!s) {
      ok = false;
      continue;
    }
    // Block scalars keep a trailing newline that would only show up as blank space in a chat.
    while (!s->empty() && (s->back() == '\n' || s->back() == ' ')) s->pop_back();
    out[kv.first.Scalar()] = *s;
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace loket::config
