#include "server/chat_service.h"

#include <openssl/rand.h>
#include <boost/json.hpp>

#include <algorithm>
#include <ctime>
#include <random>
#include <set>

#include "intents/entities.h"
#include "intents/intent_matcher.h"
#include "intents/language_detector.h"
#include "intents/text_normalizer.h"
#include "server/training_data.h"

namespace loket::server {
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxSessionIdLength = 128;
// Fewer letters than this ("9701 AB", "ja") cannot tell languages apart at all.
constexpr long kMinLettersForLanguage = 4;
// Below this language-detection margin a short message ("ok", "paspoort") keeps the language
// the resident used before in the session.
constexpr double kConfidentLanguageMargin = 0.15;
// Fallback suggestions must be at least this share of the threshold, or they are noise.
constexpr double kSuggestionFloor = 0.5;
// A slot is asked at most this often in a row before the bot gives up and falls back.
constexpr int kMaxAsks = 2;

// Lower case, accents and punctuation gone, single spaces: how keywords are compared.
std::string normalised(std::string_view text) {
  std::string out;
  for (const auto& token : intents::tokenize(text)) {
    if (!out.empty()) out += ' ';
    out += token.folded;
  }
  return out;
}

enum class YesNo { yes, no, neither };

YesNo yes_or_no(std::string_view text) {
  static const std::set<std::string> kYes = {
      "ja",    "jawel", "jazeker", "yes",   "yep",  "yeah",   "ok", "oke", "okay",
      "graag", "prima", "goed",    "zeker", "sure", "please", "j",  "y",   "akkoord"};
  static const std::set<std::string> kNo = {"nee",  "neen", "no",  "nope",
                                            "niet", "n",    "nah", "liever"};
  bool yes = false, no = false;
  for (const auto& token : intents::tokenize(text)) {
    yes = yes || kYes.count(token.folded);
    no = no || kNo.count(token.folded);
  }
  if (no) return YesNo::no;
  return yes ? YesNo::yes : YesNo::neither;
}

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
  // The session id is the chat contact's only credential: unguessable, from OpenSSL's CSPRNG.
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (unsigned char b : bytes) {
    id += kHex[b >> 4];
    id += kHex[b & 0xF];
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
  std::string expecting;  // the slot asked for, if any
  std::optional<ChatAction> action;
};

// One resident message being answered: the session's memory and the reply under construction.
struct ChatService::Turn {
  SessionState& state;
  Reply& reply;
};

ChatService::ChatService(config::Config config, std::shared_ptr<SessionStore> sessions)
    : config_(std::move(config)),
      sessions_(sessions ? std::move(sessions)
                         : std::make_shared<SessionStore>(config_.limits.max_sessions,
                                                          config_.limits.session_ttl)) {
  intents::MatcherOptions options;
  options.threshold = config_.matcher.threshold;
  matcher_ = std::make_unique<intents::IntentMatcher>(training_examples(config_), options);
  detector_ =
      std::make_unique<intents::LanguageDetector>(language_samples(config_), config_.languages);
  for (const auto& id : matcher_->intents()) intent_by_index_.push_back(config_.find_intent(id));
  for (const auto& intent : config_.intents) {
    has_slots_ = has_slots_ || !intent.slots.empty();
    for (const auto& [lang, words] : intent.keywords)
      for (const auto& word : words) keywords_[normalised(word)] = &intent;
  }
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
    if (!config_.has_language(lang))
      return bad_request("'lang' '" + lang.substr(0, 16) +
                         "' is not one of this municipality's languages");
  }

  std::string chosen;
  if (auto* v = obj->if_contains("intent"); v != nullptr && !v->is_null()) {
    if (!v->is_string()) return bad_request("'intent' must be a string");
    chosen = std::string(v->get_string());
    if (config_.find_intent(chosen) == nullptr)
      return bad_request("'intent' is not a known intent");
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
  out.session = session;
  out.text = text;
  if (reply.action) {
    out.action = std::move(reply.action);
    out.action->session = session;
  }
  out.lang = reply.lang;
  out.confidence = reply.confidence;
  if (reply.intent != nullptr) out.intent = reply.intent->id;
  json::object response{
      {"session", session},
      {"lang", reply.lang},
      {"intent", reply.intent != nullptr ? json::value(reply.intent->id) : json::value(nullptr)},
      {"confidence", std::llround(reply.confidence * 1000)},  // per mille, see below
      {"messages", std::move(reply.messages)},
      {"suggestions", std::move(reply.suggestions)},
  };
  if (!reply.expecting.empty()) response["expecting"] = reply.expecting;
  out.body = json::serialize(response);
  // Boost.JSON 1.81 writes 0.716 as 7.16E-1; clients and people read plain decimals better. The
  // key comes before any resident-controlled text, and quotes inside strings are escaped.
  const std::string key = "\"confidence\":";
  if (auto at = out.body.find(key); at != std::string::npos) {
    at += key.size();
    const auto end = out.body.find_first_of(",}", at);
    const long per_mille = std::stol(out.body.substr(at, end - at));
    char decimal[48];
    std::snprintf(decimal, sizeof decimal, "%ld.%03ld", per_mille / 1000, per_mille % 1000);
    out.body.replace(at, end - at, decimal);
  }
  return out;
}

void ChatService::suggest(Turn& turn, const config::Intent& intent) const {
  auto& suggestions = turn.reply.suggestions;
  if (suggestions.size() >= config_.matcher.max_suggestions) return;
  for (const auto& s : suggestions)
    if (s.as_object().at("intent").as_string() == intent.id) return;
  suggestions.push_back(json::object{
      {"intent", intent.id},
      {"title", config::pick_language(intent.title, turn.reply.lang, config_.default_language)}});
}

void ChatService::say(Turn& turn, const config::LangText& text,
                      const std::map<std::string, std::string>& values) const {
  const auto& chosen = config::pick_language(text, turn.reply.lang, config_.default_language);
  turn.reply.messages.push_back(
      json::object{{"text", values.empty() ? chosen : config::fill_placeholders(chosen, values)}});
}

void ChatService::complete(Turn& turn, const config::Intent& intent, double confidence,
                           bool confirmed) const {
  auto& state = turn.state;
  auto& reply = turn.reply;
  reply.intent = &intent;
  reply.confidence = confidence;
  std::map<std::string, std::string> values;
  for (const auto& slot : intent.slots) {
    auto known = state.known.find(slot.entity);
    if (known == state.known.end()) {
      // Ask, and finish the answer when the resident replies (within the session's lifetime).
      state.pending_intent = intent.id;
      ++state.asked;
      reply.expecting = slot.name;
      say(turn, slot.prompt);
      return;
    }
    values[slot.name] = known->second;
  }
  if (intent.lookup) {
    const auto& lookup = *intent.lookup;
    const auto* row = find_row(lookup, values[lookup.key]);
    if (row == nullptr) {
      // Wrong or foreign value: forget it and ask again.
      for (const auto& slot : intent.slots)
        if (slot.name == lookup.key) state.known.erase(slot.entity);
      state.pending_intent = intent.id;
      ++state.asked;
      reply.expecting = lookup.key;
      say(turn, lookup.not_found);
      return;
    }
    for (std::size_t c = 1; c < lookup.table.columns.size(); ++c)
      values[lookup.table.columns[c]] = (*row)[c - 1];
  }
  state.pending_intent.clear();
  state.asked = 0;
  state.awaiting_confirmation = false;
  if (intent.action) {
    const auto& action = *intent.action;
    if (const auto* topic = config_.find_topic(action.topic))
      values["topic"] = config::pick_language(topic->name, reply.lang, config_.default_language);
    if (!intent.confirm.empty() && !confirmed) {
      state.pending_intent = intent.id;
      state.awaiting_confirmation = true;
      reply.expecting = "confirmation";
      say(turn, intent.confirm, values);
      return;
    }
    ChatAction a{action.kind, action.topic, {}, reply.lang, {}};
    if (auto p = state.known.find("postcode"); p != state.known.end()) a.postcode = p->second;
    reply.action = std::move(a);  // the message follows in finish_action()
    return;
  }
  say(turn, intent.answer, values);
  auto& message = reply.messages.back().as_object();
  if (!intent.links.empty()) {
    json::array links;
    for (const auto& link : intent.links)
      links.push_back(json::object{
          {"title", config::pick_language(link.title, reply.lang, config_.default_language)},
          {"url", link.url}});
    message["links"] = std::move(links);
  }
  for (const auto& id : intent.suggestions)
    if (const auto* s = config_.find_intent(id)) suggest(turn, *s);
}

const std::vector<std::string>* ChatService::find_row(const config::Lookup& lookup,
                                                      std::string key) const {
  for (auto& c : key) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  key.erase(std::remove(key.begin(), key.end(), ' '), key.end());
  const auto& rows = lookup.table.rows;
  if (auto it = rows.find(key); it != rows.end()) return &it->second;
  if (lookup.prefix)
    for (auto n = key.size(); n-- > 1;)
      if (auto it = rows.find(key.substr(0, n)); it != rows.end()) return &it->second;
  return nullptr;
}

void ChatService::finish_action(ChatOutcome& outcome, const ActionResult& result) const {
  const config::Intent* intent = config_.find_intent(outcome.intent);
  const std::string& lang = outcome.lang;
  const std::string& def = config_.default_language;
  std::string text;
  if (!result.ok || intent == nullptr) {
    text =
        config::pick_language(config_.messages.unavailable.empty() ? config_.messages.fallback
                                                                   : config_.messages.unavailable,
                              lang, def);
  } else if (result.topics.empty() && !intent->empty.empty() &&
             intent->action->kind == config::Action::Kind::list_subscriptions) {
    text = config::pick_language(intent->empty, lang, def);
  } else {
    std::map<std::string, std::string> values;
    std::string names;
    for (const auto& id : result.topics) {
      const auto* topic = config_.find_topic(id);
      if (!names.empty()) names += ", ";
      names += topic ? config::pick_language(topic->name, lang, def) : id;
    }
    values["topics"] = names;
    if (const auto* topic = config_.find_topic(outcome.action->topic))
      values["topic"] = config::pick_language(topic->name, lang, def);
    text = config::fill_placeholders(config::pick_language(intent->answer, lang, def), values);
  }
  // The reply was serialised with no messages; the key precedes any resident-controlled text.
  const std::string empty = "\"messages\":[]";
  if (auto at = outcome.body.find(empty); at != std::string::npos)
    outcome.body.replace(
        at, empty.size(),
        "\"messages\":" + json::serialize(json::array{json::object{{"text", text}}}));
  outcome.action.reset();
}

ChatService::Reply ChatService::answer(const std::string& session, const std::string& text,
                                       std::string lang, const std::string& chosen_intent) {
  SessionState state = sessions_->get(session).value_or(SessionState{});
  if (lang.empty()) {
    // A few letters ("9701 AB", "ja") say nothing about the language: the conversation's stays.
    // Non-ASCII letters count once: by their UTF-8 lead byte, not each byte.
    const auto letters = std::count_if(
        text.begin(), text.end(), [](unsigned char c) { return std::isalpha(c) || c >= 0xC0; });
    if (letters < kMinLettersForLanguage && !state.lang.empty()) {
      lang = state.lang;
    } else {
      auto guess = detector_->detect(text);
      lang =
          guess.margin < kConfidentLanguageMargin && !state.lang.empty() ? state.lang : guess.lang;
    }
  }
  state.lang = lang;
  Reply reply;
  reply.lang = lang;
  Turn turn{state, reply};
  answer_turn(turn, text, chosen_intent);
  sessions_->put(session, std::move(state));
  return reply;
}

void ChatService::answer_turn(Turn& turn, const std::string& text,
                              const std::string& chosen_intent) const {
  auto& state = turn.state;
  const std::string pending = std::exchange(state.pending_intent, {});
  if (has_slots_ && !text.empty()) {
    // What the resident tells (a postcode, a date) is remembered for the session, so a later
    // question needs not ask again.
    for (const auto& e : intents::extract_entities(text, intents::local_today()))
      state.known[std::string(intents::entity_type_name(e.type))] = e.value;
  }
  const bool awaiting_confirmation = std::exchange(state.awaiting_confirmation, false);
  if (!chosen_intent.empty()) {
    complete(turn, *config_.find_intent(chosen_intent), 1.0);
    return;
  }
  if (auto k = keywords_.find(normalised(text)); k != keywords_.end()) {
    complete(turn, *k->second, 1.0);
    return;
  }
  const config::Intent* waiting = pending.empty() ? nullptr : config_.find_intent(pending);
  if (waiting != nullptr && awaiting_confirmation) {
    switch (yes_or_no(text)) {
      case YesNo::yes:
        complete(turn, *waiting, 1.0, /*confirmed=*/true);
        return;
      case YesNo::no:
        turn.reply.intent = waiting;
        turn.reply.confidence = 1.0;
        say(turn, waiting->declined);
        return;
      case YesNo::neither:
        waiting = nullptr;  // a new question instead of an answer: drop the offer
        break;
    }
  }
  if (waiting != nullptr &&
      std::all_of(waiting->slots.begin(), waiting->slots.end(),
                  [&](const config::Slot& s) { return state.known.count(s.entity); })) {
    complete(turn, *waiting, 1.0);
    return;
  }

  const auto& settings = config_.matcher;
  auto ranked =
      matcher_->rank(text, turn.reply.lang, std::max<std::size_t>(settings.max_suggestions, 2));
  const double best = ranked.empty() ? 0 : ranked[0].score;
  const double second = ranked.size() > 1 ? ranked[1].score : 0;
  turn.reply.confidence = best;
  if (best >= threshold_ && (second < threshold_ || best - second >= settings.ambiguity_margin)) {
    complete(turn, *intent_by_index_[ranked[0].intent], best);
    return;
  }
  if (waiting != nullptr && state.asked < kMaxAsks) {
    // Not a new question and not the answer we asked for: ask once more.
    complete(turn, *waiting, 1.0);
    return;
  }
  state.asked = 0;
  const bool ambiguous = best >= threshold_;
  say(turn, ambiguous && !config_.messages.ambiguous.empty() ? config_.messages.ambiguous
                                                             : config_.messages.fallback);
  for (const auto& c : ranked) {
    if (c.score < threshold_ * kSuggestionFloor) break;
    suggest(turn, *intent_by_index_[c.intent]);
  }
  for (const auto& id : config_.messages.fallback_suggestions)
    suggest(turn, *config_.find_intent(id));
}

}  // namespace loket::server
