#include "db/answer_feedback.h"

#include <pqxx/pqxx>

namespace loket::db {

RecordedFeedback record_answer_feedback(pqxx::connection_base& c, const AnswerFeedback& feedback) {
  // One thumb per session and answer a day: another click changes it, and a script sending
  // thumbs in one session counts once.
  pqxx::work tx(c);
  // Two clicks at the same moment take turns, so the second finds the first's thumb.
  tx.exec_params("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))", feedback.session,
                 feedback.intent);
  const auto row =
      tx.exec_params1(R"sql(
WITH changed AS (
  UPDATE answer_feedback SET helpful = $4, lang = $3
  WHERE id = (SELECT max(id) FROM answer_feedback
              WHERE session = $1 AND intent = $2 AND at > now() - interval '1 day')
  RETURNING id),
added AS (
  INSERT INTO answer_feedback (session, intent, lang, helpful)
  SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM changed)
  RETURNING id)
SELECT id, false FROM changed UNION ALL SELECT id, true FROM added)sql",
                      feedback.session, feedback.intent, feedback.lang, feedback.helpful);
  tx.commit();
  return {row[0].as<std::int64_t>(), row[1].as<bool>()};
}

bool comment_answer_feedback(pqxx::connection_base& c, std::int64_t id, const std::string& session,
                             const std::string& comment_redacted) {
  pqxx::work tx(c);
  const auto r = tx.exec_params(
      "UPDATE answer_feedback SET comment_redacted = $3 WHERE id = $1 AND session = $2 "
      "AND comment_redacted IS NULL AND at > now() - interval '1 day'",
      id, session, comment_redacted);
  tx.commit();
  return r.affected_rows() == 1;
}

std::size_t purge_answer_feedback(pqxx::connection_base& c, int days) {
  pqxx::work tx(c);
  const auto r = tx.exec_params(
      "DELETE FROM answer_feedback WHERE at < now() - make_interval(days => $1)", days);
  tx.commit();
  return r.affected_rows();
}

}  // namespace loket::db
