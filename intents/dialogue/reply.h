// The dialogue's answer to one Message, typed: what to say (with links), what to suggest, what
// the bot expects next, and what to carry out (a subscription change). Each edge renders it in
// its own format (the chat API's JSON, a platform's message and buttons). A plain value.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/config.h"

namespace loket::dialogue {

struct Link {
  std::string title, url;
};

struct Said {
  std::string text;
  std::vector<Link> links;
};

struct Suggestion {
  std::string intent;
  std::string title;  // in the reply's language
};

// A subscription change the resident asked for. The dialogue decides it; the caller carries it
// out against the store and hands the outcome to Dialogue::finish_action().
struct Action {
  config::Action::Kind kind = config::Action::Kind::subscribe;
  std::string topic;  // empty for "all" (unsubscribe) and for listing
  std::string lang;
  std::optional<std::string> postcode;
};

struct ActionResult {
  bool ok = false;                  // false: the store could not be reached
  std::vector<std::string> topics;  // the resident's topics afterwards
};

struct Reply {
  std::string lang;
  std::string intent;  // empty: not understood (the fallback)
  double confidence = 0;
  std::vector<Said> messages;
  std::vector<Suggestion> suggestions;
  std::string expecting;         // the slot asked for ("postcode"), "confirmation", or empty
  std::optional<Action> action;  // set: messages follow from finish_action()
};

}  // namespace loket::dialogue
