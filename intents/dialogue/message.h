// What a resident said, as every edge (REST, WebSocket, the messaging channels' webhooks) hands it
// to the dialogue: no JSON, no platform formats. A plain value; not shared between threads.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace loket::dialogue {

struct Message {
  enum class Kind {
    text,   // a question, an answer to the bot's question, or a button's label
    start,  // the platform's "start" command: a first contact
    stop,   // the platform's "stop" command: means what "stop" means in the chat
  };
  Kind kind = Kind::text;
  std::string session;  // the conversation: a chat session id, or channel_session(channel, address)
  std::string text;
  std::string lang;           // the language asked for; empty: detected from the text
  std::string lang_hint;      // the resident's app language, when the platform says
  std::string chosen_intent;  // a suggestion chosen by its intent id instead of text
  // Where buttons come back as the text of their label (messaging channels): the dialogue
  // remembers the labels it offered and takes a tap on one as its intent.
  bool buttons_by_label = false;
  // Whether a subscription change can be carried out now (the store is on and reachable): when
  // not, the dialogue says so at once instead of asking for a postcode and a yes first.
  bool actions_available = true;
  // The session was issued for this message: there is no conversation to look up yet.
  bool new_session = false;
  // When it was sent, for the office hours; unset: now.
  std::optional<std::chrono::system_clock::time_point> at;
};

}  // namespace loket::dialogue
