// `loket test-conversations`: staff-written test conversations (the resident says X; expect
// intent Y, or an answer containing Z; several turns, slots included) run against the content,
// with a report. Runs on the calling thread.
#pragma once

#include <iosfwd>

#include "config/config.h"

namespace loket::server {

// Returns the process exit code: 0 when every conversation passes, 1 otherwise (or when a test
// file has problems, reported as file:line:column).
int run_conversation_tests(const config::Config& config, std::ostream& out);

}  // namespace loket::server
