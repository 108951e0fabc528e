#include "intents/dialogue/what_if.h"

#include <algorithm>
#include <map>

#include "intents/dialogue/small_talk.h"

namespace loket::dialogue {

namespace {

bool same_answer(const config::Intent* a, const config::Intent* b) {
  if (a == nullptr || b == nullptr) return a == b;
  return a->answer == b->answer && std::equal(a->links.begin(), a->links.end(), b->links.begin(),
                                              b->links.end(), [](const auto& x, const auto& y) {
                                                return x.url == y.url && x.title == y.title;
                                              });
}

}  // namespace

WhatIf compare_content(const Dialogue& before, const Dialogue& after,
                       const std::vector<Replay>& replays) {
  WhatIf out;
  std::map<std::string, std::size_t> reworded;
  for (const auto& replay : replays) {
    // Each version keeps its own conversation: a turn's answer may depend on the one before.
    SessionState state_before, state_after;
    Message message;
    message.session = "what-if";
    message.lang = replay.lang;
    for (const auto& text : replay.messages) {
      message.text = text;
      if (before.refusal(message) || after.refusal(message)) continue;
      ++out.questions;
      const Reply old_reply = before.answer(message, state_before);
      const Reply new_reply = after.answer(message, state_after);
      if (old_reply.intent != new_reply.intent) {
        out.changed.push_back({replay.where, text, old_reply.intent, new_reply.intent,
                               old_reply.confidence, new_reply.confidence});
      } else if (!new_reply.intent.empty() &&
                 !same_answer(before.config().find_intent(old_reply.intent),
                              after.config().find_intent(new_reply.intent))) {
        ++reworded[new_reply.intent];
      }
    }
  }
  out.reworded.assign(reworded.begin(), reworded.end());
  return out;
}

std::vector<Replay> replays_of(const std::vector<config::ConversationTest>& tests) {
  std::vector<Replay> out;
  for (const auto& test : tests) {
    Replay replay{test.file + ":" + std::to_string(test.line), test.lang, {}};
    for (const auto& turn : test.turns)
      if (!turn.platform_stop) replay.messages.push_back(turn.say);
    out.push_back(std::move(replay));
  }
  return out;
}

std::vector<config::ConversationTest> conversation_tests_of(
    const config::Config& config, std::vector<config::Diagnostic>& errors) {
  const auto& builtin = small_talk_ids();
  const auto is_intent = [&](const std::string& id) {
    return config.find_intent(id) != nullptr ||
           std::find(builtin.begin(), builtin.end(), id) != builtin.end();
  };
  return config::read_conversation_tests(config, is_intent, errors);
}

}  // namespace loket::dialogue
