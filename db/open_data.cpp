#include "db/open_data.h"

#include <pqxx/pqxx>

namespace loket::db {
namespace {

constexpr const char* kCells = R"sql(
WITH logged AS (
  SELECT to_char(date_trunc('month', l.at AT TIME ZONE $3), 'YYYY-MM') AS month,
         CASE WHEN l.fallback THEN 'not-understood' ELSE COALESCE(t.topic, 'other') END AS topic,
         l.lang,
         CASE WHEN l.channel IN ('websocket', 'directline') THEN 'web' ELSE l.channel END AS channel,
         l.fallback, l.handoff_offered
  FROM conversation_log l
  LEFT JOIN jsonb_each_text($1::jsonb) AS t(intent, topic) ON t.intent = l.intent
  WHERE l.at >= (date_trunc('month', now() AT TIME ZONE $3)
                 - make_interval(months => $2 - 1)) AT TIME ZONE $3)
SELECT month, topic, lang, channel, count(*), count(*) FILTER (WHERE NOT fallback),
       count(*) FILTER (WHERE handoff_offered)
FROM logged GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4)sql";

}  // namespace

std::vector<QuestionCell> question_cells(pqxx::connection_base& c, const std::string& topics_json,
                                         int months, const std::string& time_zone) {
  pqxx::nontransaction tx(c);
  const auto rows = tx.exec_params(kCells, topics_json, months, time_zone);
  std::vector<QuestionCell> out;
  out.reserve(rows.size());
  for (const auto& row : rows)
    out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                   row[3].as<std::string>(), row[4].as<long long>(), row[5].as<long long>(),
                   row[6].as<long long>()});
  return out;
}

}  // namespace loket::db
