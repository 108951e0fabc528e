#include "server/chat_service.h"

#include <boost/json.hpp>

#include <algorithm>
#include <random>

#include "intents/intent_matcher.h"
#include "intents/language_detector.h"
#include "intents/text_normalizer.h"
#include "server/training_data.h"

namespace loket::server {
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxSessionIdLength = 128;
// Below this language-detection margin a short message ("ok", "paspoort") keeps the language
// the resident used before in the session.
constexpr double kConfidentLanguageMargin = 0.15;
// Fallback suggestions must be at least this share of the threshold, or they are noise.
constexpr double kSuggestionFloor = 0.5;

std::vector<intents::LanguageDetector::Sample> language_samples(const config::Config& config) {
  std::vector<intents::LanguageDetector::Sample> out;
  for (const auto& intent : config.intents) {
    for (const auto& [lang, examples] : intent.examples)
      for (const auto& text : examples) out.push_back({text, lang});
    for (const auto& [lang, text] : intent.answer) out.push_back({text, lang});
    for (const auto& [lang, text] : intent.title) out.push_back({text, lang});
  }
  return out;
}

bool valid_session_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxSessionIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':';
  });
}

std::string new_session_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 2; ++i) {
    auto r = rng();
    for (int k = 0; k < 16; ++k, r >>= 4) id += kHex[r & 0xF];
  }
  return id;
}

ChatOutcome bad_request(std::string message) {
  ChatOutcome out;
  out.status = 400;
  out.body = json::serialize(json::object{{"error", std::move(message)}});
  return out;
}

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
}

}  // namespace

struct ChatService::Reply {
  std::string lang;
  const config::Intent* intent = nullptr;
  double confidence = 0;
  json::array messages;
  json::array suggestions;
};

ChatService::ChatService(config::Config config)
    : config_(std::move(config)),
      sessions_(config_.limits.max_sessions, config_.limits.session_ttl) {
  intents::MatcherOptions options;
  options.threshold = config_.matcher.threshold;
  matcher_ = std::make_unique<intents::IntentMatcher>(training_examples(config_), options);
  detector_ = std::make_unique<intents::LanguageDetector>(language_samples(config_),
                                                          config_.languages);
  for (const auto& id : matcher_->intents()) intent_by_index_.push_back(config_.find_intent(id));
  threshold_ = config_.matcher.threshold.value_or(matcher_->threshold());
}

ChatService::~ChatService() = default;

ChatOutcome ChatService::handle_json(std::string_view body) {
  boost::system::error_code ec;
  json::value request = json::parse(body, ec);
  if (ec) return bad_request("body is not valid JSON: " + ec.message());
  const json::object* obj = request.if_object();
  if (obj == nullptr) return bad_request("body must be a JSON object");

  std::string session;
  if (auto* v = obj->if_contains("session"); v != nullptr && !v->is_null()) {
    if (!v->is_string()) return bad_request("'session' must be a string");
    session = std::string(v->get_string());
    if (!valid_session_id(session))
      return bad_request("'session' must be 1 to 128 letters, digits or '-', '_', '.', ':'");
  } else {
    session = new_session_id();
  }

  std::string lang;
  if (auto* v = obj->if_contains("lang"); v != nullptr && !v->is_null()) {
    if (!v->is_string()) return bad_request("'lang' must be a string");
    lang = std::string(v->get_string());
    if (std::find(config_.languages.begin(), config_.languages.end(), lang) ==
        config_.languages.end())
      return bad_request("'lang' '" + lang.substr(0, 16) + "' is not one of this municipality's languages");
  }

  std::string chosen;
  if (auto* v = obj->if_contains("intent"); v != nullptr && !v->is_null()) {
    if (!v->is_string()) return bad_request("'intent' must be a string");
    chosen = std::string(v->get_string());
    if (config_.find_intent(chosen) == nullptr) return bad_request("'intent' is not a known intent");
  }

  std::string text;
  if (auto* v = obj->if_contains("text"); v != nullptr && !v->is_null()) {
    if (!v->is_string()) return bad_request("'text' must be a string");
    text = std::string(v->get_string());
  }
  if (chosen.empty()) {
    if (text.empty() || is_blank(text)) return bad_request("'text' is missing or empty");
  }
  if (intents::count_code_points(text) > config_.limits.max_text_chars)
    return bad_request("'text' is longer than " + std::to_string(config_.limits.max_text_chars) +
                       " characters");

  Reply reply = answer(session, text, lang, chosen);
  ChatOutcome out;
  out.lang = reply.lang;
  out.confidence = reply.confidence;
  if (reply.intent != nullptr) out.intent = reply.intent->id;
  json::object response{
      {"session", session},
      {"lang", reply.lang},
      {"intent", reply.intent != nullptr ? json::value(reply.intent->id) : json::value(nullptr)},
      {"confidence", std::round(reply.confidence * 1000) / 1000},
      {"messages", std::move(reply.messages)},
      {"suggestions", std::move(reply.suggestions)},
  };
  out.body = json::serialize(response);
  return out;
}

ChatService::Reply ChatService::answer(const std::string& session, const std::string& text,
                                       std::string lang, const std::string& chosen_intent) {
  auto remembered = sessions_.get(session);
  if (lang.empty()) {
    auto guess = detector_->detect(text);
    if (guess.margin < kConfidentLanguageMargin && remembered)
      lang = remembered->lang;
    else
      lang = guess.lang;
  }
  sessions_.put(session, SessionState{lang});

  const auto& matcher_settings = config_.matcher;
  const std::string& def = config_.default_language;
  Reply reply;
  reply.lang = lang;
  auto suggest = [&](const config::Intent& intent) {
    for (const auto& s : reply.suggestions)
      if (s.as_object().at("intent").as_string() == intent.id) return;
    reply.suggestions.push_back(
        json::object{{"intent", intent.id}, {"title", config::pick_language(intent.title, lang, def)}});
  };
  auto answer_with = [&](const config::Intent& intent, double confidence) {
    reply.intent = &intent;
    reply.confidence = confidence;
    json::object message{{"text", config::pick_language(intent.answer, lang, def)}};
    if (!intent.links.empty()) {
      json::array links;
      for (const auto& link : intent.links)
        links.push_back(json::object{{"title", config::pick_language(link.title, lang, def)},
                                     {"url", link.url}});
      message["links"] = std::move(links);
    }
    reply.messages.push_back(std::move(message));
    for (const auto& id : intent.suggestions) {
      if (reply.suggestions.size() >= matcher_settings.max_suggestions) break;
      if (const auto* s = config_.find_intent(id)) suggest(*s);
    }
  };

  if (!chosen_intent.empty()) {
    answer_with(*config_.find_intent(chosen_intent), 1.0);
    return reply;
  }

  auto ranked = matcher_->rank(text, lang, std::max<std::size_t>(matcher_settings.max_suggestions, 2));
  const double best = ranked.empty() ? 0 : ranked[0].score;
  const double second = ranked.size() > 1 ? ranked[1].score : 0;
  reply.confidence = best;
  if (best >= threshold_ &&
      (second < threshold_ || best - second >= matcher_settings.ambiguity_margin)) {
    answer_with(*intent_by_index_[ranked[0].intent], best);
    return reply;
  }

  const bool ambiguous = best >= threshold_;
  const config::LangText& message =
      ambiguous && !config_.messages.ambiguous.empty() ? config_.messages.ambiguous
                                                       : config_.messages.fallback;
  reply.messages.push_back(json::object{{"text", config::pick_language(message, lang, def)}});
  for (const auto& c : ranked) {
    if (reply.suggestions.size() >= matcher_settings.max_suggestions) break;
    if (c.score < threshold_ * kSuggestionFloor) break;
    suggest(*intent_by_index_[c.intent]);
  }
  for (const auto& id : config_.messages.fallback_suggestions) {
    if (reply.suggestions.size() >= matcher_settings.max_suggestions) break;
    suggest(*config_.find_intent(id));
  }
  return reply;
}

}  // namespace loket::server
