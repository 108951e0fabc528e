// Hands residents to the contact centre's own system instead of the built-in inbox: Chatwoot
// through its application API, or any other system through a webhook signed both ways
// (Standard Webhooks; docs/handoff.md). Opens the conversation there with the transcript, passes
// on what the resident writes meanwhile, and ends it when the resident does. Thread-safe; call
// from any I/O thread.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "config/config.h"
#include "connectors/chatwoot_client.h"
#include "connectors/http_client.h"
#include "db/handoff_store.h"

namespace loket::server {

class ContactCentre {
 public:
  explicit ContactCentre(std::chrono::milliseconds timeout) : chatwoot_(timeout), http_(timeout) {}

  // `ref`: the system's id of the new conversation (for the webhook, loket's handoff id); `error`
  // set when the system could not take it.
  struct Opened {
    std::string error;
    std::string ref;
  };
  boost::asio::awaitable<Opened> open(const config::ContactCentre& system,
                                      const db::Handoff& handoff,
                                      std::vector<db::HandoffLine> transcript);
  // The resident's message `message_id` (already redacted). An error, or empty when passed on.
  boost::asio::awaitable<std::string> relay(const config::ContactCentre& system,
                                            const db::Handoff& handoff, std::int64_t message_id,
                                            std::string text);
  // The resident ended the conversation, or left it: resolved there too.
  boost::asio::awaitable<std::string> end(const config::ContactCentre& system,
                                          const db::Handoff& handoff, std::string reason);

 private:
  // One signed event to the webhook system; `id` stays the same when it is sent again.
  boost::asio::awaitable<std::string> post_event(const config::ContactCentre& system,
                                                 std::string id, std::string body);

  connectors::ChatwootClient chatwoot_;
  connectors::HttpClient http_;
};

// The Standard Webhooks headers for `body` signed with `secret` now.
std::vector<std::pair<std::string, std::string>> signed_webhook_headers(const std::string& secret,
                                                                        const std::string& id,
                                                                        const std::string& body);

}  // namespace loket::server
