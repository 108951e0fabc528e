#include "db/alert_planning.h"

#include <boost/json.hpp>
#include <pqxx/pqxx>

#include "db/area_rule.h"

namespace loket::db {
namespace {

// The fan-out's rule, on the area given as values.
constexpr const char* kCount = R"sql(
WITH n AS (SELECT NULLIF(ARRAY(SELECT jsonb_array_elements_text($2::jsonb)), '{}') AS postcodes,
                  NULLIF(ARRAY(SELECT jsonb_array_elements_text($3::jsonb)), '{}')
                    AS postcode_prefixes,
                  NULLIF($4, '')::double precision AS lat, NULLIF($5, '')::double precision AS lon,
                  NULLIF($6, '')::double precision AS radius_m)
SELECT count(*) FROM n, subscriptions s JOIN contacts c ON c.id = s.contact_id AND c.active
WHERE s.topic = $1 AND )sql" LOKET_CONTACT_IN_AREA;

constexpr const char* kRecent = R"sql(
SELECT COALESCE(jsonb_agg(x ORDER BY x.id DESC), '[]')::text FROM (
  SELECT n.id, n.topic, n.texts ->> n.default_lang AS text,
         to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
         to_char(n.send_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS send_at,
         to_char(n.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS expires_at,
         n.urgent, n.recipients,
         CASE WHEN n.cancelled_at IS NOT NULL THEN 'cancelled'
              WHEN n.send_at > now() THEN 'scheduled'
              WHEN count(*) FILTER (WHERE d.status = 'pending') > 0 OR n.fanout_after IS NOT NULL
              THEN 'sending'
              ELSE 'done' END AS status,
         jsonb_build_object(
           'pending', count(*) FILTER (WHERE d.status = 'pending'),
           'sent', count(*) FILTER (WHERE d.status = 'sent'),
           'failed', count(*) FILTER (WHERE d.status = 'failed'),
           'expired', count(*) FILTER (WHERE d.status = 'expired'),
           'cancelled', count(*) FILTER (WHERE d.status = 'cancelled')) AS counts
  FROM (SELECT * FROM notifications ORDER BY id DESC LIMIT $1) n
  LEFT JOIN deliveries d ON d.notification_id = n.id
  GROUP BY n.id, n.topic, n.texts, n.default_lang, n.created_at, n.send_at, n.expires_at,
           n.urgent, n.recipients, n.cancelled_at, n.fanout_after) x)sql";

std::string json_list(const std::vector<std::string>& items) {
  return boost::json::serialize(boost::json::value_from(items));
}

std::string number_or_empty(const std::optional<double>& v) {
  return v ? std::to_string(*v) : std::string();
}

}  // namespace

std::int64_t count_recipients(pqxx::connection_base& c, const std::string& topic,
                              const Area& area) {
  pqxx::read_transaction tx(c);
  return tx
      .exec_params1(kCount, topic, json_list(area.postcodes), json_list(area.postcode_prefixes),
                    number_or_empty(area.lat), number_or_empty(area.lon),
                    number_or_empty(area.radius_m))[0]
      .as<std::int64_t>();
}

std::string recent_notifications_json(pqxx::connection_base& c, std::int64_t limit) {
  pqxx::read_transaction tx(c);
  return tx.exec_params1(kRecent, limit)[0].as<std::string>();
}

}  // namespace loket::db
