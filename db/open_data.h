// Open data about what residents ask: questions per month, topic, language and channel from the
// conversation log, with how many were answered and how many offered a person. Counts only:
// suppressing small ones is the caller's (server/open). Blocking: call from a database thread.
#pragma once

#include <string>
#include <vector>

namespace pqxx {
class connection_base;
}

namespace loket::db {

struct QuestionCell {
  std::string month;  // YYYY-MM, in `time_zone`
  std::string topic;  // from `topics` by intent; "not-understood", or "other" for an intent
                      // not in it
  std::string lang;
  std::string channel;  // "web" for the web chat however it connected
  long long questions = 0, answered = 0, handed_to_person = 0;
};

// The cells of the last `months` calendar months (this one included), ordered by month, topic,
// language and channel. `topics_json`: {"intent id": "topic", ...}.
std::vector<QuestionCell> question_cells(pqxx::connection_base& c, const std::string& topics_json,
                                         int months, const std::string& time_zone);

}  // namespace loket::db
