// Staff's test conversations (the resident says X; expect intent Y, or an answer containing Z;
// several turns, slots included) run against a dialogue: by `loket test-conversations`, and by a
// what-if before a change goes live. Runs on the calling thread; the dialogue is only read.
#pragma once

#include <chrono>
#include <iosfwd>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/conversation_tests.h"
#include "intents/dialogue/dialogue.h"

namespace loket::dialogue {

struct ConversationTestResult {
  std::string name;
  std::string where;                  // "file:line" of the conversation
  std::vector<std::string> problems;  // empty: it passed
};

// Each of `conversations` through `chat` (whose configuration is `config`), as if now were
// `now` (a conversation that says whether staff are in is moved to such a time).
std::vector<ConversationTestResult> run_conversation_tests(
    const Dialogue& chat, const config::Config& config,
    const std::vector<config::ConversationTest>& conversations,
    std::chrono::system_clock::time_point now);

// `loket test-conversations`: the report on `out`; the exit code, 0 when every conversation
// passes, 1 otherwise (or when a test file has problems, reported as file:line:column).
int report_conversation_tests(const config::Config& config, std::ostream& out);

}  // namespace loket::dialogue
