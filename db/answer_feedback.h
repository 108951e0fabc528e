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

struct RecordedFeedback {
  std::int64_t id = 0;  // for the comment that may follow
  bool added = false;   // a new thumb, not a change of this session's earlier one
};
// Stores a thumb, or changes the one this session gave this intent in the last day.
RecordedFeedback record_answer_feedback(pqxx::connection_base& c, const AnswerFeedback& feedback);

// Adds `comment_redacted` to thumb `id` of `session`, once, within a day of the thumb; false when
// there is no such thumb (another session's, too old, or commented already).
bool comment_answer_feedback(pqxx::connection_base& c, std::int64_t id, const std::string& session,
                             const std::string& comment_redacted);

// Deletes feedback older than `days`; returns how many.
std::size_t purge_answer_feedback(pqxx::connection_base& c, int days);

}  // namespace loket::db
