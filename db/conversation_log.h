// The conversation log in PostgreSQL (redacted texts, for statistics) and the statistics the
// staff dashboard shows. Blocking: call from a database thread.
#pragma once

#include <string>
#include <vector>

namespace pqxx {
class connection_base;
}

namespace loket::db {

struct LoggedMessage {
  std::string channel, lang, intent;  // intent empty: fallback
  double confidence = 0;
  double response_ms = 0;
  std::string text_redacted;
  bool handoff_offered = false;
  std::string session_key;  // derived from the session; empty: none
  std::string nearest;      // a fallback's nearest intent; empty: none
};

void log_messages(pqxx::connection_base& c, const std::vector<LoggedMessage>& messages);
// As log_messages, but when the database refuses the batch (an entry it cannot store), each
// entry alone, so a bad one costs only itself; returns how many were refused. A lost connection
// is not a refusal: it throws.
std::size_t log_messages_keeping_the_good(pqxx::connection_base& c,
                                          const std::vector<LoggedMessage>& messages);
struct LoggedQuestion {
  std::string text_redacted, lang;
};
// What residents asked last (redacted, as logged), newest first, each text once; at most
// `limit`. For replaying through a content change before it goes live.
std::vector<LoggedQuestion> recent_questions(pqxx::connection_base& c, std::size_t limit);
// Deletes what is older than `days` (set-aside questions too); returns how many log entries.
std::size_t purge_messages(pqxx::connection_base& c, int days);

// Sets these unanswered questions (in `lang`) aside: the statistics leave them out.
void ignore_questions(pqxx::connection_base& c, const std::string& lang,
                      const std::vector<std::string>& texts, const std::string& by);
// Takes them back (an "undo"): the statistics list them again.
void unignore_questions(pqxx::connection_base& c, const std::string& lang,
                        const std::vector<std::string>& texts);
// One JSON object: questions per day and channel, top intents, fallback rate per day, the most
// frequent unanswered questions, deliveries per channel, topic and status, and the answers'
// thumbs per intent (worst first, with the latest comments), and the handoffs to a person
// (offered, started, taken, abandoned, callbacks, waits, handled per staff member); and per
// intent its questions answered, missed (not understood with it nearest) and its thumbs.
// Over the days `from` to `to` (YYYY-MM-DD, both included, days as lived in `timezone`); an
// empty `from` is `days` days up to `to`, an empty `to` today. The answer names the range.
struct StatisticsRange {
  std::string from, to;
  int days = 30;
  std::string timezone = "Europe/Amsterdam";
};
std::string statistics_json(pqxx::connection_base& c, const StatisticsRange& range);

}  // namespace loket::db
