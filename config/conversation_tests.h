// Staff's test conversations (the files `conversation_tests:` names): what a resident says turn
// by turn and what staff expect, read and checked with file:line:column. Used by
// `loket test-conversations` and to replay questions through two versions of the content.
// Plain functions and data.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"

namespace loket::config {

struct ConversationTurn {
  std::string say;
  bool platform_stop = false;  // the platform's stop command (Telegram's /stop) instead of text
  std::optional<std::string> expect_intent;  // "none": the bot must not answer
  std::optional<std::string> expect_text;
  std::optional<std::string> expect_no_text;
  std::optional<std::string> expect_lang;
  std::optional<std::string> expect_expecting;      // "postcode", "confirmation"; "none"
  std::optional<std::string> expect_action;         // "subscribe afval", "unsubscribe"; "none"
  std::optional<std::string> expect_suggestion;     // an intent among the suggestions
  std::optional<std::string> expect_no_suggestion;  // an intent not among them
  int line = 0;
};

struct ConversationTest {
  std::string name;
  std::string lang;           // optional: sent with every turn
  bool notifications = true;  // false: the store is off, nothing can be subscribed
  // When it takes place: while staff are in (a person is put through) or out (a call back is
  // arranged); unset: now, by the clock.
  std::optional<bool> staff_in;
  std::vector<ConversationTurn> turns;
  std::string file;
  int line = 0;
};

// The conversations of every file `config` names; problems in `errors`. `is_intent` says whether
// an expected intent exists (content intents and the dialogue's own small talk).
std::vector<ConversationTest> read_conversation_tests(
    const Config& config, const std::function<bool(const std::string&)>& is_intent,
    std::vector<Diagnostic>& errors);

}  // namespace loket::config
