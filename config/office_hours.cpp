#include "config/office_hours.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace loket::config {
namespace {

constexpr int kMinutesPerDay = 24 * 60;
constexpr int kLookAheadDays = 14;

const date::time_zone* find_zone(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    return nullptr;
  }
}

std::string iso_date(date::year_month_day ymd) {
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return out;
}

std::string clock_time(int minutes) {
  std::string out = "00:00";
  out[0] = static_cast<char>('0' + minutes / 600);
  out[1] = static_cast<char>('0' + minutes / 60 % 10);
  out[3] = static_cast<char>('0' + minutes % 60 / 10);
  out[4] = static_cast<char>('0' + minutes % 10);
  return out;
}

// Monday 0 .. Sunday 6.
int weekday_index(date::local_days day) {
  return static_cast<int>((date::weekday(day).c_encoding() + 6) % 7);
}

bool is_holiday(const OfficeHours& hours, const std::string& day) {
  return std::find(hours.holidays.begin(), hours.holidays.end(), day) != hours.holidays.end();
}

std::optional<int> clock_minutes(std::string_view hhmm) {
  if (hhmm.size() != 5 || hhmm[2] != ':') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u})
    if (hhmm[i] < '0' || hhmm[i] > '9') return std::nullopt;
  const int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
  const int m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

}  // namespace

std::optional<OfficeHours::Interval> parse_interval(std::string_view text) {
  if (text.size() != 11 || text[5] != '-') return std::nullopt;
  auto start = clock_minutes(text.substr(0, 5));
  auto end = clock_minutes(text.substr(6));
  if (!start || !end || *start >= *end || *start >= kMinutesPerDay) return std::nullopt;
  return OfficeHours::Interval{*start, *end};
}

bool is_time_zone(std::string_view name) {
  return !name.empty() && find_zone(name) != nullptr;
}

StaffPresence staff_presence(const OfficeHours& hours, std::chrono::system_clock::time_point now) {
  const date::time_zone* zone = find_zone(hours.time_zone);
  if (zone == nullptr) throw std::logic_error("office hours in an unchecked time zone");
  const auto local = zone->to_local(std::chrono::floor<std::chrono::minutes>(now));
  const auto today = date::floor<date::days>(local);
  const int minute =
      static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(local - today).count());
  StaffPresence presence;
  const auto& intervals = hours.days[weekday_index(today)];
  if (!is_holiday(hours, iso_date(date::year_month_day(today))))
    presence.open = std::any_of(intervals.begin(), intervals.end(),
                                [&](const auto& i) { return minute >= i.start && minute < i.end; });
  if (presence.open) return presence;
  for (int d = 0; d <= kLookAheadDays; ++d) {
    const date::local_days day = today + date::days(d);
    const std::string iso = iso_date(date::year_month_day(day));
    if (is_holiday(hours, iso)) continue;
    for (const auto& interval : hours.days[weekday_index(day)]) {
      if (d == 0 && interval.start <= minute) continue;
      const auto opens = day + std::chrono::minutes(interval.start);
      // An opening inside a daylight-saving gap is when the clocks land after it.
      const auto at = zone->to_sys(opens, date::choose::latest);
      presence.next = Opening{at, weekday_index(day), iso, clock_time(interval.start)};
      return presence;
    }
  }
  return presence;
}

}  // namespace loket::config
