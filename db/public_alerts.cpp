#include "db/public_alerts.h"

#include <boost/json.hpp>
#include <pqxx/pqxx>

#include <cstdio>

namespace loket::db {
namespace {

constexpr const char* kCurrent = R"sql(
SELECT id, topic, texts::text, default_lang,
       to_char(send_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       COALESCE(to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), ''),
       to_char(send_at AT TIME ZONE $7, 'YYYY-MM-DD'),
       COALESCE(to_char(expires_at AT TIME ZONE $7, 'YYYY-MM-DD'), '')
FROM notifications
WHERE topic = ANY (ARRAY(SELECT jsonb_array_elements_text($2::jsonb))) AND cancelled_at IS NULL AND send_at <= now()
  AND (expires_at > now()
       OR (expires_at IS NULL AND send_at > now() - make_interval(days => $3)))
  AND ((postcodes IS NULL AND postcode_prefixes IS NULL AND lat IS NULL)
       OR $1 = ANY (postcodes)
       OR EXISTS (SELECT 1 FROM unnest(postcode_prefixes) AS p WHERE starts_with($1, p))
       OR (lat IS NOT NULL AND $5::float8 IS NOT NULL AND
           2 * 6371008.8 * asin(sqrt(
             power(sin(radians($5::float8 - lat) / 2), 2) +
             cos(radians(lat)) * cos(radians($5::float8)) *
             power(sin(radians($6::float8 - lon) / 2), 2))) <= radius_m))
ORDER BY send_at DESC, id DESC
LIMIT $4)sql";

}  // namespace

std::vector<PublicAlert> public_alerts(pqxx::connection_base& c, const std::string& postcode,
                                       const std::optional<Location>& location,
                                       const std::vector<std::string>& topics, int recent_days,
                                       std::size_t limit, const std::string& time_zone) {
  boost::json::array topic_list;
  for (const auto& t : topics) topic_list.emplace_back(t);
  pqxx::nontransaction tx(c);
  // Null when the postcode's place is unknown: text, cast in SQL, as libpqxx 6 takes no optional.
  std::string lat, lon;
  if (location) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", location->lat);
    lat = buf;
    std::snprintf(buf, sizeof buf, "%.9g", location->lon);
    lon = buf;
  }
  const auto rows =
      tx.exec_params(kCurrent, postcode, boost::json::serialize(topic_list), recent_days,
                     static_cast<long long>(limit), location ? lat.c_str() : nullptr,
                     location ? lon.c_str() : nullptr, time_zone);
  std::vector<PublicAlert> out;
  out.reserve(rows.size());
  for (const auto& row : rows)
    out.push_back({row[0].as<long long>(), row[1].as<std::string>(), row[2].as<std::string>(),
                   row[3].as<std::string>(), row[4].as<std::string>(), row[5].as<std::string>(),
                   row[6].as<std::string>(), row[7].as<std::string>()});
  return out;
}

}  // namespace loket::db
