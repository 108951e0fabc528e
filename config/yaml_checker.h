// Typed reads from a yaml-cpp document that record a `file:line:column` diagnostic for every
// problem (unknown key, wrong type, out of range) instead of throwing. Internal to config/.
// Not thread-safe; one checker per file being read.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/config.h"

namespace loket::config {

class YamlChecker {
 public:
  YamlChecker(std::string file, std::vector<Diagnostic>& out) : file_(std::move(file)), out_(out) {}

  const std::string& file() const { return file_; }

  void error(const YAML::Node& at, std::string message);
  void error(const YAML::Mark& at, std::string message);

  // A mapping whose keys are all in `allowed` and appear once; reports and returns false otherwise.
  bool expect_map(const YAML::Node& node, std::string_view what,
                  std::initializer_list<std::string_view> allowed);
  // A mapping with any (unique, scalar) keys.
  bool expect_any_map(const YAML::Node& node, std::string_view what);
  bool expect_sequence(const YAML::Node& node, std::string_view what);

  std::optional<std::string> string(const YAML::Node& node, std::string_view what);
  // true or false (yes and no too, as YAML 1.1 writes them); anything else is an error
  // "<what> must be true or false".
  std::optional<bool> boolean(const YAML::Node& node, std::string_view what);
  std::optional<std::string> non_empty_string(const YAML::Node& node, std::string_view what);
  std::optional<long long> integer(const YAML::Node& node, std::string_view what, long long min,
                                   long long max);
  std::optional<double> number(const YAML::Node& node, std::string_view what, double min,
                               double max);
  std::optional<std::vector<std::string>> string_list(const YAML::Node& node,
                                                      std::string_view what);

  static int line_of(const YAML::Node& node) { return node.Mark().line + 1; }

 private:
  std::string file_;
  std::vector<Diagnostic>& out_;
};

// Whether the mapping key `key` names a language in languages.supported; reports it otherwise.
bool check_language(YamlChecker& c, const YAML::Node& key, const Config& config);
// A mapping of language -> non-empty text, every language supported.
std::optional<LangText> read_lang_text(YamlChecker& c, const YAML::Node& node,
                                       const std::string& what, const Config& config);

// "2026-07-01": a date of this century in the form YYYY-MM-DD that is on the calendar (not
// 2027-02-30).
bool is_iso_date(std::string_view text);
// What is wrong with `text` as such a date, for "<what> " before it: "must be a date,
// YYYY-MM-DD; found '1-2-2027'", or for one written so that is not on the calendar "'2027-02-31'
// is no day of the calendar (that month has 28 days)".
std::string iso_date_problem(std::string_view text);

// " (did you mean 'hondenbelasting'?)" for the one of `known` within a typo or two of `word`
// (edit distance at most a quarter of its length, and at least 1 allowed; two letters swapped
// count as one), else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& known);

// "host:port", "[v6]:port" or ":port" (every address).
bool parse_listen(const std::string& text, std::string& host, std::uint16_t& port);

}  // namespace loket::config
