// The alerts anyone may see for a postcode: those on public topics (road works) that are current
// there, for the neighbourhood page. Blocking: call from a database thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace pqxx {
class connection_base;
}

namespace loket::db {

struct PublicAlert {
  long long id = 0;
  std::string topic;
  std::string texts_json;  // {"nl": "...", "en": "..."}
  std::string default_lang;
  std::string sent_at;     // ISO 8601, UTC
  std::string expires_at;  // ISO 8601, UTC; empty: none
  std::string sent_on;     // YYYY-MM-DD in the time zone asked for
  std::string expires_on;  // YYYY-MM-DD in that time zone; empty: none
};

// Where a postcode lies, when the municipality says (area.locations).
struct Location {
  double lat = 0, lon = 0;
};

// Alerts on `topics` sent to `postcode` ("9701AB": listed, or under a listed prefix), to a point
// and radius that covers `location`, or to the whole municipality (no area), not cancelled, and
// current: not expired, and without an expiry sent in the last `recent_days`. Newest first, at
// most `limit`. Without a location, alerts for a point and radius are left out. Their days are
// those in `time_zone` (an IANA name PostgreSQL knows).
std::vector<PublicAlert> public_alerts(pqxx::connection_base& c, const std::string& postcode,
                                       const std::optional<Location>& location,
                                       const std::vector<std::string>& topics, int recent_days,
                                       std::size_t limit, const std::string& time_zone);

}  // namespace loket::db
