// Residents' thumbs up or down on answers in PostgreSQL, for the dashboard (worst answers first)
// and purged with the conversation log. Blocking: call from a database thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace pqxx {
class connection_base;
}

namespace loket::db {

struct AnswerFeedback {
  std::string session, intent, lang;
  bool helpful = false;
};

// Stores a thumb; returns its id (for the comment that may follow).
std::int64_t record_answer_feedback(pqxx::connection_base& c, const AnswerFeedback& feedback);

// Adds `comment_redacted` to thumb `id` of `session`, once, within a day of the thumb; false when
// there is no such thumb (another session's, too old, or commented already).
bool comment_answer_feedback(pqxx::connection_base& c, std::int64_t id, const std::string& session,
                             const std::string& comment_redacted);

// Deletes feedback older than `days`; returns how many.
std::size_t purge_answer_feedback(pqxx::connection_base& c, int days);

}  // namespace loket::db
