// Chatwoot, the open-source contact-centre inbox, as loket hands residents to it: its
// application API (a contact and a conversation in an API inbox, the resident's messages, notes
// for the agents, resolving) and what its webhooks say back (an agent's reply, a conversation
// resolved). Thread-safe; calls may run concurrently on any executors.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <string>
#include <string_view>

#include "config/config.h"
#include "connectors/http_client.h"

namespace loket::connectors {

// How a call went: `error` empty when done; `value` what it made (a conversation's id).
struct ChatwootCall {
  std::string error;
  std::string value;
};

class ChatwootClient {
 public:
  explicit ChatwootClient(std::chrono::milliseconds timeout) : client_(timeout) {}

  // A contact (`identifier` unique per handoff, so Chatwoot never merges two residents) and an
  // open conversation for it in the configured inbox; `value` is the conversation's id.
  boost::asio::awaitable<ChatwootCall> open_conversation(const config::ContactCentre& chatwoot,
                                                         std::string contact_name,
                                                         std::string identifier);
  // The resident's message (incoming), or a private note only the agents see.
  enum class Author { resident, note };
  boost::asio::awaitable<ChatwootCall> post_message(const config::ContactCentre& chatwoot,
                                                    std::string conversation_id, std::string text,
                                                    Author author);
  boost::asio::awaitable<ChatwootCall> resolve(const config::ContactCentre& chatwoot,
                                               std::string conversation_id);

 private:
  boost::asio::awaitable<ChatwootCall> call(const config::ContactCentre& chatwoot, std::string path,
                                            std::string body);
  HttpClient client_;
};

// What one webhook call from Chatwoot means for loket.
struct ChatwootEvent {
  enum class Kind { ignored, agent_message, resolved, invalid };
  Kind kind = Kind::ignored;
  std::string conversation_id;
  std::string message_id, text, agent;  // agent_message
};
// `message_created` with an agent's public outgoing message; `conversation_status_changed` (or
// the older `conversation_resolved`) to resolved. Everything else, loket's own messages coming
// back among them, is ignored; a body that is not a JSON object is invalid.
ChatwootEvent parse_chatwoot_event(std::string_view body);

}  // namespace loket::connectors
