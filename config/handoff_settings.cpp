#include "config/handoff_settings.h"

#include <regex>

#include "config/office_hours.h"

namespace loket::config {
namespace {

constexpr std::size_t kMaxIntervalsPerDay = 8;
constexpr std::size_t kMaxHolidays = 400;
constexpr std::size_t kMaxDisplayNameChars = 80;

bool read_day(YamlChecker& c, const YAML::Node& node, const std::string& what,
              std::vector<OfficeHours::Interval>& out) {
  std::vector<std::string> texts;
  if (node.IsScalar()) {
    texts.push_back(node.Scalar());
  } else if (auto list = c.string_list(node, what)) {
    texts = std::move(*list);
  } else {
    return false;
  }
  if (texts.size() > kMaxIntervalsPerDay) {
    c.error(node, what + " has more than " + std::to_string(kMaxIntervalsPerDay) + " intervals");
    return false;
  }
  for (const auto& text : texts) {
    auto interval = parse_interval(text);
    if (!interval) {
      c.error(node, what + ": '" + text +
                        "' is not a time interval; write it as \"08:30-17:00\" (\"00:00-24:00\" "
                        "for the whole day)");
      return false;
    }
    out.push_back(*interval);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  for (std::size_t i = 1; i < out.size(); ++i)
    if (out[i].start < out[i - 1].end) {
      c.error(node, what + ": its intervals overlap");
      return false;
    }
  return true;
}

void read_holidays(YamlChecker& c, const YAML::Node& node, std::vector<std::string>& out) {
  static const std::regex kDate(R"(^(20[0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$)");
  if (!c.expect_sequence(node, "handoff.office_hours.holidays")) return;
  if (node.size() > kMaxHolidays) {
    c.error(node, "handoff.office_hours.holidays has more than " + std::to_string(kMaxHolidays) +
                      " days");
    return;
  }
  for (const auto& day : node) {
    auto s = c.string(day, "handoff.office_hours.holidays");
    if (!s) continue;
    if (std::regex_match(*s, kDate))
      out.push_back(*s);
    else
      c.error(day, "handoff.office_hours.holidays: '" + *s + "' is not a date; write YYYY-MM-DD");
  }
}

void read_office_hours(YamlChecker& c, const YAML::Node& node, OfficeHours& out) {
  static constexpr const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  if (!c.expect_map(node, "handoff.office_hours",
                    {"time_zone", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "holidays"}))
    return;
  if (auto n = node["time_zone"]) {
    if (auto zone = c.non_empty_string(n, "handoff.office_hours.time_zone")) {
      if (is_time_zone(*zone))
        out.time_zone = *zone;
      else
        c.error(n, "handoff.office_hours.time_zone: '" + *zone +
                       "' is not a time zone of the system's database (for example "
                       "Europe/Amsterdam)");
    }
  } else {
    c.error(node, "handoff.office_hours.time_zone is missing (for example Europe/Amsterdam)");
  }
  bool any_day = false;
  for (std::size_t d = 0; d < 7; ++d)
    if (auto n = node[kDays[d]]) {
      any_day = true;
      read_day(c, n, std::string("handoff.office_hours.") + kDays[d], out.days[d]);
    }
  if (!any_day)
    c.error(node,
            "handoff.office_hours names no day: a day left out is closed, so staff would "
            "never be in");
  if (auto n = node["holidays"]) read_holidays(c, n, out.holidays);
}

}  // namespace

void read_handoff(YamlChecker& c, const YAML::Node& node, HandoffSettings& out) {
  if (!c.expect_map(
          node, "handoff",
          {"after_fallbacks", "office_hours", "display_name", "max_waiting", "wait_per_place_s"}))
    return;
  if (auto n = node["after_fallbacks"])
    if (auto v = c.integer(n, "handoff.after_fallbacks", 0, 10)) out.after_fallbacks = int(*v);
  if (auto n = node["office_hours"])
    read_office_hours(c, n, out.office_hours);
  else
    c.error(node, "handoff.office_hours is missing (\"00:00-24:00\" on every day: always open)");
  if (auto n = node["display_name"]) {
    if (auto name = c.non_empty_string(n, "handoff.display_name")) {
      if (name->size() > kMaxDisplayNameChars)
        c.error(n, "handoff.display_name is longer than " + std::to_string(kMaxDisplayNameChars) +
                       " characters");
      else
        out.display_name = *name;
    }
  }
  if (auto n = node["max_waiting"])
    if (auto v = c.integer(n, "handoff.max_waiting", 1, 100000))
      out.max_waiting = static_cast<std::size_t>(*v);
  if (auto n = node["wait_per_place_s"])
    if (auto v = c.integer(n, "handoff.wait_per_place_s", 1, 86400))
      out.wait_per_place = std::chrono::seconds(*v);
}

}  // namespace loket::config
