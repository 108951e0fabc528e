// `loket content diff`: the residents' questions (from the conversation log) and the staff's test
// conversations through the content in service and a changed one; what would be answered
// differently. Runs on the calling thread (training both versions uses the other cores).
#pragma once

#include <ostream>
#include <vector>

#include "config/config.h"
#include "db/conversation_log.h"

namespace loket::server {

// Prints the report; the exit code is 0 (a difference is information, not a failure) unless a
// test conversation file has problems.
int run_content_diff(const config::Config& next, const config::Config& current,
                     const std::vector<db::LoggedQuestion>& logged, std::ostream& out);

}  // namespace loket::server
