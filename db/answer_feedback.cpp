#include "db/answer_feedback.h"

#include <pqxx/pqxx>

namespace loket::db {

std::int64_t record_answer_feedback(pqxx::connection_base& c, const AnswerFeedback& feedback) {
  pqxx::work tx(c);
  const auto id = tx.exec_params1(
                        "INSERT INTO answer_feedback (session, intent, lang, helpful) "
                        "VALUES ($1, $2, $3, $4) RETURNING id",
                        feedback.session, feedback.intent, feedback.lang, feedback.helpful)[0]
                      .as<std::int64_t>();
  tx.commit();
  return id;
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
