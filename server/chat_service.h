// Answers residents' chat messages: picks the language, matches the intent, and replies with the
// staff-written answer, or with the fallback and the nearest topics when it is not sure.
// Built once from a loaded configuration; `handle_json` is safe to call from many threads.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <vector>
#include <string>
#include <string_view>

#include "config/config.h"
#include "server/session_store.h"

namespace loket::intents {
class IntentMatcher;
class LanguageDetector;
}  // namespace loket::intents

namespace loket::server {

// A subscription change the resident asked for in the chat. The chat service decides it; the
// caller carries it out against the store (asynchronously) and hands the result back through
// finish_action().
struct ChatAction {
  config::Action::Kind kind = config::Action::Kind::subscribe;
  std::string topic;  // empty for "all" (unsubscribe) and for listing
  std::string session;
  std::string lang;
  std::optional<std::string> postcode;
};

struct ActionResult {
  bool ok = false;                  // false: the store could not be reached
  std::vector<std::string> topics;  // the resident's topics afterwards
};

struct ChatOutcome {
  unsigned status = 200;  // HTTP status: 200, or 400 for a bad request
  std::string body;       // JSON; when `action` is set, finish_action() completes it
  // For logs and metrics; never the resident's text.
  std::string lang;
  std::string intent;  // empty on fallback or error
  double confidence = 0;
  std::string session;  // the chat session answered (empty for a bad request)
  std::string text;     // what the resident wrote: for the (redacted) conversation log only
  std::optional<ChatAction> action;
};

class ChatService {
 public:
  // `sessions` may be shared with the ChatService this one replaces on a reload, so that
  // conversations carry on; null: a store of its own.
  explicit ChatService(config::Config config, std::shared_ptr<SessionStore> sessions = nullptr);
  ~ChatService();

  // One exchange of the chat API: a JSON request body in, a JSON reply out.
  ChatOutcome handle_json(std::string_view body);
  // Puts the message about a carried-out (or failed) action into the reply.
  void finish_action(ChatOutcome& outcome, const ActionResult& result) const;

  const config::Config& config() const { return config_; }
  const std::shared_ptr<SessionStore>& sessions() const { return sessions_; }
  double threshold() const { return threshold_; }

 private:
  struct Reply;
  struct Turn;
  Reply answer(const std::string& session, const std::string& text, std::string lang,
               const std::string& chosen_intent);
  void answer_turn(Turn& turn, const std::string& text, const std::string& chosen_intent) const;
  // Answers `intent`, or asks for a slot it still lacks.
  void complete(Turn& turn, const config::Intent& intent, double confidence,
                bool confirmed = false) const;
  void say(Turn& turn, const config::LangText& text,
           const std::map<std::string, std::string>& values = {}) const;
  void suggest(Turn& turn, const config::Intent& intent) const;
  const std::vector<std::string>* find_row(const config::Lookup& lookup, std::string key) const;

  config::Config config_;
  std::unique_ptr<intents::IntentMatcher> matcher_;
  std::unique_ptr<intents::LanguageDetector> detector_;
  std::vector<const config::Intent*> intent_by_index_;  // matcher index -> intent
  std::shared_ptr<SessionStore> sessions_;
  double threshold_ = 0;  // the configured one, else the matcher's own
  bool has_slots_ = false;
  std::map<std::string, const config::Intent*> keywords_;  // normalised keyword -> intent
};

}  // namespace loket::server
