// When the municipality's staff are in to chat with residents: the weekly hours of the
// configuration in their own time zone (daylight saving included), closed on holidays.
// Pure functions over the configuration; safe from any thread.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.h"

namespace loket::config {

// A moment staff are in again, also as the office's local date and time, for the resident.
struct Opening {
  std::chrono::system_clock::time_point at;
  int weekday = 0;   // 0 Monday .. 6 Sunday, local
  std::string date;  // YYYY-MM-DD, local
  std::string time;  // HH:MM, local
};

struct StaffPresence {
  bool open = false;
  std::optional<Opening> next;  // when closed: the next opening within two weeks, if any
};

StaffPresence staff_presence(const OfficeHours& hours, std::chrono::system_clock::time_point now);

// Whether the system's time zone database knows `name` ("Europe/Amsterdam").
bool is_time_zone(std::string_view name);

// "08:30-17:00" -> {510, 1020}; "00:00-24:00" -> {0, 1440}; nothing when malformed or empty.
std::optional<OfficeHours::Interval> parse_interval(std::string_view text);

}  // namespace loket::config
