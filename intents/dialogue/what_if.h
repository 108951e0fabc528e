// What a content change does before residents see it: questions (the conversation log's, and
// staff's test conversations turn by turn) answered by the content in service and by the
// changed content, and the ones answered differently. Pure and const over both dialogues: safe
// from any thread while they serve.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "config/conversation_tests.h"
#include "intents/dialogue/dialogue.h"

namespace loket::dialogue {

// One replay: a conversation's messages in order (a logged question is a conversation of one).
struct Replay {
  std::string where;  // "log", or a test conversation's "file:line"
  std::string lang;   // sent with every message; empty: detected
  std::vector<std::string> messages;
};

struct ChangedAnswer {
  std::string where;
  std::string question;
  std::string before, after;  // intent ids; empty: not understood
  double before_confidence = 0, after_confidence = 0;
};

struct WhatIf {
  std::size_t questions = 0;           // messages replayed
  std::vector<ChangedAnswer> changed;  // answered by another intent (or now, or no longer)
  // Intents that answer the same questions with another text, and how many of the replayed
  // questions they answered.
  std::vector<std::pair<std::string, std::size_t>> reworded;
};

WhatIf compare_content(const Dialogue& before, const Dialogue& after,
                       const std::vector<Replay>& replays);

// Staff's test conversations as replays: what the resident says, turn by turn.
std::vector<Replay> replays_of(const std::vector<config::ConversationTest>& tests);

// The test conversations `config` names, checked against its intents and the dialogue's own
// small talk; problems in `errors`.
std::vector<config::ConversationTest> conversation_tests_of(
    const config::Config& config, std::vector<config::Diagnostic>& errors);

}  // namespace loket::dialogue
