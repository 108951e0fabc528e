#include "db/conversation_log.h"

#include <boost/json.hpp>
#include <pqxx/pqxx>

namespace loket::db {
namespace {

namespace json = boost::json;

constexpr const char* kLog = R"sql(
INSERT INTO conversation_log (channel, lang, intent, confidence, fallback, response_ms, text_redacted,
                              handoff_offered, session_key, nearest)
SELECT channel, lang, NULLIF(intent, ''), confidence, intent = '', response_ms, text, offered,
       NULLIF(session, ''), NULLIF(nearest, '')
FROM jsonb_to_recordset($1::jsonb)
  AS x(channel text, lang text, intent text, confidence real, response_ms real, text text,
       offered boolean, session text, nearest text))sql";

// The newest rows by the time index, then each text once: no scan of the whole log.
constexpr const char* kRecent = R"sql(
SELECT text, lang FROM (
  SELECT text_redacted AS text, lang, at FROM conversation_log
  WHERE text_redacted <> '' ORDER BY at DESC LIMIT $1 * 3) x
GROUP BY text, lang ORDER BY max(at) DESC LIMIT $1)sql";

constexpr const char* kPurge =
    "DELETE FROM conversation_log WHERE at < now() - make_interval(days => $1)";
constexpr const char* kPurgeIgnored =
    "DELETE FROM ignored_questions WHERE at < now() - make_interval(days => $1)";

constexpr const char* kIgnore = R"sql(
INSERT INTO ignored_questions (lang, text, ignored_by)
SELECT $1, lower(t), $2 FROM jsonb_array_elements_text($3::jsonb) AS t
ON CONFLICT (lang, text) DO NOTHING)sql";

constexpr const char* kUnignore = R"sql(
DELETE FROM ignored_questions
WHERE lang = $1 AND text IN (SELECT lower(t) FROM jsonb_array_elements_text($2::jsonb) AS t))sql";

constexpr const char* kStatistics = R"sql(
WITH bounds AS (
  SELECT to_day - COALESCE(NULLIF($1, '')::date, to_day - ($3::int - 1)) + 1 AS days,
         COALESCE(NULLIF($1, '')::date, to_day - ($3::int - 1)) AS from_day, to_day
  FROM (SELECT COALESCE(NULLIF($2, '')::date, (now() AT TIME ZONE $4)::date) AS to_day) t),
span AS (SELECT from_day::timestamp AT TIME ZONE $4 AS since,
                (to_day + 1)::timestamp AT TIME ZONE $4 AS until FROM bounds),
recent AS (SELECT l.* FROM conversation_log l, span WHERE l.at >= span.since AND l.at < span.until),
feedback AS (SELECT f.* FROM answer_feedback f, span WHERE f.at >= span.since AND f.at < span.until),
handed AS (SELECT h.* FROM handoffs h, span WHERE h.created_at >= span.since AND h.created_at < span.until)
SELECT jsonb_build_object(
  'days', (SELECT days FROM bounds),
  'from', (SELECT to_char(from_day, 'YYYY-MM-DD') FROM bounds),
  'to', (SELECT to_char(to_day, 'YYYY-MM-DD') FROM bounds),
  'questions_per_day', (SELECT COALESCE(jsonb_agg(x ORDER BY x.day, x.channel), '[]') FROM (
      SELECT to_char(at AT TIME ZONE $4, 'YYYY-MM-DD') AS day, channel, count(*) AS questions,
             count(*) FILTER (WHERE fallback) AS fallbacks
      FROM recent GROUP BY 1, 2) x),
  'top_intents', (SELECT COALESCE(jsonb_agg(x), '[]') FROM (
      SELECT intent, count(*) AS questions FROM recent WHERE intent IS NOT NULL
      GROUP BY intent ORDER BY 2 DESC, 1 LIMIT 20) x),
  'per_intent', (SELECT COALESCE(jsonb_agg(x ORDER BY x.answered + x.missed DESC, x.intent), '[]') FROM (
      SELECT COALESCE(q.intent, f.intent) AS intent, COALESCE(q.answered, 0) AS answered,
             COALESCE(q.missed, 0) AS missed, COALESCE(f.helpful, 0) AS helpful,
             COALESCE(f.unhelpful, 0) AS unhelpful
      FROM (SELECT COALESCE(intent, nearest) AS intent, count(*) FILTER (WHERE NOT fallback) AS answered,
                   count(*) FILTER (WHERE fallback) AS missed
            FROM recent WHERE intent IS NOT NULL OR nearest IS NOT NULL GROUP BY 1) q
      FULL JOIN (SELECT intent, count(*) FILTER (WHERE helpful) AS helpful,
                        count(*) FILTER (WHERE NOT helpful) AS unhelpful
                 FROM feedback GROUP BY intent) f ON f.intent = q.intent
      ORDER BY COALESCE(q.answered, 0) + COALESCE(q.missed, 0) DESC LIMIT 500) x),
  'unanswered', (SELECT COALESCE(jsonb_agg(x), '[]') FROM (
      SELECT lower(text_redacted) AS text, lang, count(*) AS times,
             mode() WITHIN GROUP (ORDER BY nearest) AS nearest
      FROM recent r WHERE fallback AND text_redacted <> ''
        AND NOT EXISTS (SELECT 1 FROM ignored_questions i
                        WHERE i.lang = r.lang AND i.text = lower(r.text_redacted))
      GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT 500) x),
  'deliveries', (SELECT COALESCE(jsonb_agg(x), '[]') FROM (
      SELECT c.channel, n.topic, d.status, count(*) AS deliveries
      FROM deliveries d JOIN notifications n ON n.id = d.notification_id
      LEFT JOIN contacts c ON c.id = d.contact_id, span
      WHERE n.created_at >= span.since AND n.created_at < span.until
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3) x),
  'feedback', (SELECT COALESCE(jsonb_agg(x ORDER BY x.unhelpful::real / (x.helpful + x.unhelpful)
                                        DESC, x.unhelpful DESC, x.intent), '[]') FROM (
      SELECT intent, count(*) FILTER (WHERE helpful) AS helpful,
             count(*) FILTER (WHERE NOT helpful) AS unhelpful,
             COALESCE((array_agg(comment_redacted ORDER BY at DESC)
                       FILTER (WHERE comment_redacted IS NOT NULL))[1:5], '{}') AS comments
      FROM feedback GROUP BY intent) x),
  'handoffs', (SELECT jsonb_build_object(
      'offered', (SELECT count(*) FROM recent WHERE handoff_offered),
      'started', count(*) FILTER (WHERE question IS NULL),
      'taken', count(*) FILTER (WHERE taken_at IS NOT NULL AND question IS NULL),
      'abandoned', count(*) FILTER (WHERE question IS NULL AND taken_at IS NULL
                                    AND (closed_by = 'resident' OR close_reason = 'abandoned')),
      'callbacks', count(*) FILTER (WHERE question IS NOT NULL),
      'waiting_now', count(*) FILTER (WHERE status = 'waiting'),
      'wait_p50_s', percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM taken_at - created_at))
                    FILTER (WHERE taken_at IS NOT NULL AND question IS NULL),
      'wait_p90_s', percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM taken_at - created_at))
                    FILTER (WHERE taken_at IS NOT NULL AND question IS NULL),
      'waits', jsonb_build_array(
          count(*) FILTER (WHERE question IS NULL AND taken_at - created_at < interval '1 minute'),
          count(*) FILTER (WHERE question IS NULL AND taken_at - created_at >= interval '1 minute'
                                 AND taken_at - created_at < interval '5 minutes'),
          count(*) FILTER (WHERE question IS NULL AND taken_at - created_at >= interval '5 minutes'
                                 AND taken_at - created_at < interval '15 minutes'),
          count(*) FILTER (WHERE question IS NULL AND taken_at - created_at >= interval '15 minutes')),
      'per_agent', (SELECT COALESCE(jsonb_agg(x ORDER BY x.handled DESC, x.agent), '[]') FROM (
          SELECT agent, count(*) AS handled FROM handed WHERE agent IS NOT NULL
          GROUP BY agent) x))
    FROM handed)
)::text)sql";

}  // namespace

void log_messages(pqxx::connection_base& c, const std::vector<LoggedMessage>& messages) {
  if (messages.empty()) return;
  json::array rows;
  rows.reserve(messages.size());
  for (const auto& m : messages)
    rows.push_back(json::object{{"channel", m.channel},
                                {"lang", m.lang},
                                {"intent", m.intent},
                                {"confidence", m.confidence},
                                {"response_ms", m.response_ms},
                                {"text", m.text_redacted},
                                {"offered", m.handoff_offered},
                                {"session", m.session_key},
                                {"nearest", m.nearest}});
  pqxx::work tx(c);
  tx.exec_params(kLog, json::serialize(rows));
  tx.commit();
}

std::size_t log_messages_keeping_the_good(pqxx::connection_base& c,
                                          const std::vector<LoggedMessage>& messages) {
  try {
    log_messages(c, messages);
    return 0;
  } catch (const pqxx::broken_connection&) {
    throw;
  } catch (const pqxx::sql_error&) {
  }
  std::size_t refused = 0;
  for (const auto& message : messages) {
    try {
      log_messages(c, {message});
    } catch (const pqxx::broken_connection&) {
      throw;
    } catch (const pqxx::sql_error&) {
      ++refused;
    }
  }
  return refused;
}

std::vector<LoggedQuestion> recent_questions(pqxx::connection_base& c, std::size_t limit) {
  pqxx::read_transaction tx(c);
  std::vector<LoggedQuestion> out;
  for (const auto& row : tx.exec_params(kRecent, static_cast<long long>(limit)))
    out.push_back({row[0].as<std::string>(), row[1].is_null() ? "" : row[1].as<std::string>()});
  return out;
}

std::size_t purge_messages(pqxx::connection_base& c, int days) {
  pqxx::work tx(c);
  auto r = tx.exec_params(kPurge, days);
  tx.exec_params(kPurgeIgnored, days);
  tx.commit();
  return r.affected_rows();
}

void ignore_questions(pqxx::connection_base& c, const std::string& lang,
                      const std::vector<std::string>& texts, const std::string& by) {
  pqxx::work tx(c);
  tx.exec_params(kIgnore, lang, by, json::serialize(json::value_from(texts)));
  tx.commit();
}

void unignore_questions(pqxx::connection_base& c, const std::string& lang,
                        const std::vector<std::string>& texts) {
  pqxx::work tx(c);
  tx.exec_params(kUnignore, lang, json::serialize(json::value_from(texts)));
  tx.commit();
}

std::string statistics_json(pqxx::connection_base& c, const StatisticsRange& range) {
  pqxx::read_transaction tx(c);
  return tx.exec_params1(kStatistics, range.from, range.to, range.days, range.timezone)[0]
      .as<std::string>();
}

}  // namespace loket::db
