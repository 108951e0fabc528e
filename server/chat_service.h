// Answers residents' chat messages: picks the language, matches the intent, and replies with the
// staff-written answer, or with the fallback and the nearest topics when it is not sure.
// Built once from a loaded configuration; `handle_json` is safe to call from many threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "config/config.h"
#include "server/session_store.h"

namespace loket::intents {
class IntentMatcher;
class LanguageDetector;
}  // namespace loket::intents

namespace loket::server {

struct ChatOutcome {
  unsigned status = 200;  // HTTP status: 200, or 400 for a bad request
  std::string body;       // JSON
  // For logs and metrics; never the resident's text.
  std::string lang;
  std::string intent;  // empty on fallback or error
  double confidence = 0;
};

class ChatService {
 public:
  explicit ChatService(config::Config config);
  ~ChatService();

  // One exchange of the chat API: a JSON request body in, a JSON reply out.
  ChatOutcome handle_json(std::string_view body);

  const config::Config& config() const { return config_; }
  double threshold() const { return threshold_; }

 private:
  struct Reply;
  struct Turn;
  Reply answer(const std::string& session, const std::string& text, std::string lang,
               const std::string& chosen_intent);
  void answer_turn(Turn& turn, const std::string& text, const std::string& chosen_intent) const;
  // Answers `intent`, or asks for a slot it still lacks.
  void complete(Turn& turn, const config::Intent& intent, double confidence) const;
  void say(Turn& turn, const config::LangText& text,
           const std::map<std::string, std::string>& values = {}) const;
  void suggest(Turn& turn, const config::Intent& intent) const;
  const std::vector<std::string>* find_row(const config::Lookup& lookup, std::string key) const;

  config::Config config_;
  std::unique_ptr<intents::IntentMatcher> matcher_;
  std::unique_ptr<intents::LanguageDetector> detector_;
  std::vector<const config::Intent*> intent_by_index_;  // matcher index -> intent
  SessionStore sessions_;
  double threshold_ = 0;  // the configured one, else the matcher's own
  bool has_slots_ = false;
};

}  // namespace loket::server
