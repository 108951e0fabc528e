// The current time as ISO 8601 in UTC to the second ("2026-12-03T19:15:00Z"), as the web chat's
// alerts and Direct Line's activities carry it. Safe from any thread.
#pragma once

#include <string>

namespace loket::connectors {

std::string utc_timestamp_now();

}  // namespace loket::connectors
