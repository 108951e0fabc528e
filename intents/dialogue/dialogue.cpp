#include "intents/dialogue/dialogue.h"

#include <algorithm>
#include <utility>

#include "intents/dialogue/training_data.h"
#include "intents/dialogue/yes_no.h"
#include "intents/entities.h"
#include "intents/intent_matcher.h"
#include "intents/language_detector.h"
#include "intents/text_normalizer.h"

namespace loket::dialogue {
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
// What the platforms' "stop" command means: the same word in the chat.
constexpr const char* kStopWord = "stop";

// Lower case, accents and punctuation gone, single spaces: how keywords are compared.
std::string folded(const std::vector<intents::Token>& tokens) {
  std::string out;
  out.reserve(64);
  for (const auto& token : tokens) {
    if (!out.empty()) out += ' ';
    out += token.folded;
  }
  return out;
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

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
}

const std::vector<std::string>* find_row(const config::Lookup& lookup, std::string key) {
  for (auto& c : key) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::erase(key, ' ');
  const auto& rows = lookup.table.rows;
  if (auto it = rows.find(key); it != rows.end()) return &it->second;
  if (lookup.prefix)
    for (auto n = key.size(); n-- > 1;)
      if (auto it = rows.find(key.substr(0, n)); it != rows.end()) return &it->second;
  return nullptr;
}

}  // namespace

bool valid_session_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxSessionIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':';
  });
}

// One resident message being answered: the message, its tokens (made once, for every step),
// the session's memory and the reply under construction.
struct Dialogue::Turn {
  const Message& message;
  std::string_view text;  // what is read: the message's, or the command's word
  std::string chosen_intent;
  std::vector<intents::Token> tokens;
  SessionState& state;
  Reply& reply;
};

Dialogue::Dialogue(config::Config config, std::shared_ptr<SessionStore> sessions)
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
      for (const auto& word : words) keywords_[folded(intents::tokenize(word))] = &intent;
  }
  threshold_ = config_.matcher.threshold.value_or(matcher_->threshold());
}

Dialogue::~Dialogue() = default;

std::optional<std::string> Dialogue::refusal(const Message& message) const {
  if (!valid_session_id(message.session))
    return "'session' must be 1 to 128 letters, digits or '-', '_', '.', ':'";
  if (!message.lang.empty() && !config_.has_language(message.lang))
    return "'lang' '" + message.lang.substr(0, 16) +
           "' is not one of this municipality's languages";
  if (!message.chosen_intent.empty() && config_.find_intent(message.chosen_intent) == nullptr)
    return "'intent' is not a known intent";
  if (message.kind == Message::Kind::text && message.chosen_intent.empty() &&
      is_blank(message.text))
    return "'text' is missing or empty";
  if (intents::count_code_points(message.text) > config_.limits.max_text_chars)
    return "'text' is longer than " + std::to_string(config_.limits.max_text_chars) + " characters";
  return std::nullopt;
}

std::string Dialogue::pick_lang(const std::string& hint) const {
  return config_.has_language(hint) ? hint : config_.default_language;
}

std::string Dialogue::detect_lang(std::string_view text, const std::vector<intents::Token>& tokens,
                                  const std::string& previous) const {
  // A few letters ("9701 AB", "ja") say nothing about the language: the conversation's stays.
  // Non-ASCII letters count once: by their UTF-8 lead byte, not each byte.
  const auto letters = std::count_if(text.begin(), text.end(),
                                     [](unsigned char c) { return std::isalpha(c) || c >= 0xC0; });
  if (letters < kMinLettersForLanguage && !previous.empty()) return previous;
  auto guess = detector_->detect(tokens);
  return guess.margin < kConfidentLanguageMargin && !previous.empty() ? previous : guess.lang;
}

Reply Dialogue::answer(const Message& message) {
  SessionState state = sessions_->get(message.session).value_or(SessionState{});
  Reply reply;
  reply.suggestions.reserve(std::max<std::size_t>(config_.matcher.max_suggestions, 3));
  Turn turn{message, message.text, message.chosen_intent, {}, state, reply};
  if (message.kind == Message::Kind::stop) turn.text = kStopWord;
  if (message.buttons_by_label && turn.chosen_intent.empty() && !state.offered.empty())
    if (auto tapped = state.offered.find(message.text);
        tapped != state.offered.end() && config_.find_intent(tapped->second) != nullptr) {
      turn.chosen_intent = tapped->second;  // in the language the buttons were offered in
      turn.text = {};                       // the label is no information of the resident's
    }
  if (message.kind == Message::Kind::start) {
    reply.lang = pick_lang(message.lang_hint);
  } else if (!message.lang.empty() || (!turn.chosen_intent.empty() && !state.lang.empty())) {
    reply.lang = message.lang.empty() ? state.lang : message.lang;
  } else {
    turn.tokens = intents::tokenize(turn.text);
    reply.lang = detect_lang(turn.text, turn.tokens, state.lang);
  }
  state.lang = reply.lang;
  if (message.kind == Message::Kind::start) {
    welcome(turn);
  } else {
    if (turn.tokens.empty() && turn.chosen_intent.empty())
      turn.tokens = intents::tokenize(turn.text);
    answer_turn(turn);
  }
  if (message.buttons_by_label) {
    state.offered.clear();
    for (const auto& s : reply.suggestions) state.offered.emplace(s.title, s.intent);
  }
  sessions_->put(message.session, std::move(state));
  return reply;
}

void Dialogue::welcome(Turn& turn) const {
  const auto& welcome =
      config::pick_language(config_.messages.welcome, turn.reply.lang, config_.default_language);
  turn.reply.messages.push_back({welcome.empty() ? config_.municipality : welcome, {}});
  for (const auto& id : config_.messages.fallback_suggestions)
    if (const auto* intent = config_.find_intent(id))
      turn.reply.suggestions.push_back(
          {id, config::pick_language(intent->title, turn.reply.lang, config_.default_language)});
}

Reply Dialogue::not_understood(const Message& message) const {
  Reply reply;
  reply.lang = pick_lang(message.lang_hint);
  say(reply, config_.messages.fallback);
  return reply;
}

void Dialogue::remember_offer(const std::string& session, const std::string& lang,
                              std::map<std::string, std::string> buttons) {
  SessionState state = sessions_->get(session).value_or(SessionState{});
  state.lang = lang;
  state.offered = std::move(buttons);
  sessions_->put(session, std::move(state));
}

void Dialogue::suggest(Reply& reply, const config::Intent& intent) const {
  auto& suggestions = reply.suggestions;
  if (suggestions.size() >= config_.matcher.max_suggestions) return;
  for (const auto& s : suggestions)
    if (s.intent == intent.id) return;
  suggestions.push_back(
      {intent.id, config::pick_language(intent.title, reply.lang, config_.default_language)});
}

void Dialogue::say(Reply& reply, const config::LangText& text,
                   const std::map<std::string, std::string>& values) const {
  const auto& chosen = config::pick_language(text, reply.lang, config_.default_language);
  reply.messages.push_back(
      {values.empty() ? chosen : config::fill_placeholders(chosen, values), {}});
}

void Dialogue::complete(Turn& turn, const config::Intent& intent, double confidence,
                        bool confirmed) const {
  auto& state = turn.state;
  auto& reply = turn.reply;
  reply.intent = intent.id;
  reply.confidence = confidence;
  std::map<std::string, std::string> values;
  if (!fill_slots(turn, intent, values)) return;
  state.pending_intent.clear();
  state.asked = 0;
  state.awaiting_confirmation = false;
  if (!intent.action) {
    answer_with(turn, intent, values);
    return;
  }
  const auto& action = *intent.action;
  if (const auto* topic = config_.find_topic(action.topic))
    values["topic"] = config::pick_language(topic->name, reply.lang, config_.default_language);
  if (!intent.confirm.empty() && !confirmed) {
    state.pending_intent = intent.id;
    state.awaiting_confirmation = true;
    reply.expecting = "confirmation";
    say(reply, intent.confirm, values);
    return;
  }
  Action a{action.kind, action.topic, reply.lang, {}};
  if (auto p = state.known.find("postcode"); p != state.known.end()) a.postcode = p->second;
  reply.action = std::move(a);  // the message follows in finish_action()
}

// The slots' values (and the lookup table's columns for them) into `values`; false when the
// resident is asked for one instead.
bool Dialogue::fill_slots(Turn& turn, const config::Intent& intent,
                          std::map<std::string, std::string>& values) const {
  auto& state = turn.state;
  const auto ask = [&](const std::string& slot, const config::LangText& prompt) {
    // Asked now; finished when the resident replies (within the session's lifetime).
    state.pending_intent = intent.id;
    ++state.asked;
    turn.reply.expecting = slot;
    say(turn.reply, prompt);
    return false;
  };
  for (const auto& slot : intent.slots) {
    auto known = state.known.find(slot.entity);
    if (known == state.known.end()) return ask(slot.name, slot.prompt);
    values[slot.name] = known->second;
  }
  if (!intent.lookup) return true;
  const auto& lookup = *intent.lookup;
  const auto* row = find_row(lookup, values[lookup.key]);
  if (row == nullptr) {
    // Wrong or foreign value: forget it and ask again.
    for (const auto& slot : intent.slots)
      if (slot.name == lookup.key) state.known.erase(slot.entity);
    return ask(lookup.key, lookup.not_found);
  }
  for (std::size_t c = 1; c < lookup.table.columns.size(); ++c)
    values[lookup.table.columns[c]] = (*row)[c - 1];
  return true;
}

void Dialogue::answer_with(Turn& turn, const config::Intent& intent,
                           const std::map<std::string, std::string>& values) const {
  auto& reply = turn.reply;
  say(reply, intent.answer, values);
  auto& links = reply.messages.back().links;
  links.reserve(intent.links.size());
  for (const auto& link : intent.links)
    links.push_back(
        {config::pick_language(link.title, reply.lang, config_.default_language), link.url});
  for (const auto& id : intent.suggestions)
    if (const auto* s = config_.find_intent(id)) suggest(reply, *s);
}

void Dialogue::finish_action(Reply& reply, const ActionResult& result) const {
  const config::Intent* intent = config_.find_intent(reply.intent);
  const std::string& lang = reply.lang;
  const std::string& def = config_.default_language;
  std::string text;
  if (!result.ok || intent == nullptr || !reply.action) {
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
    if (const auto* topic = config_.find_topic(reply.action->topic))
      values["topic"] = config::pick_language(topic->name, lang, def);
    text = config::fill_placeholders(config::pick_language(intent->answer, lang, def), values);
  }
  reply.messages.assign(1, Said{std::move(text), {}});
  reply.action.reset();
}

void Dialogue::answer_turn(Turn& turn) const {
  auto& state = turn.state;
  if (has_slots_ && !turn.text.empty()) {
    // What the resident tells (a postcode, a date) is remembered for the session, so a later
    // question needs not ask again.
    for (const auto& e : intents::extract_entities(turn.text, intents::local_today()))
      state.known[std::string(intents::entity_type_name(e.type))] = e.value;
  }
  const config::Intent* waiting = nullptr;
  if (follow_up(turn, waiting)) return;
  match(turn, waiting);
}

// A chosen intent, a keyword, or the answer to what the bot asked: true when that answered the
// turn. Otherwise `waiting` is the intent still waiting for a slot, if any.
bool Dialogue::follow_up(Turn& turn, const config::Intent*& waiting) const {
  auto& state = turn.state;
  const std::string pending = std::exchange(state.pending_intent, {});
  const bool awaiting_confirmation = std::exchange(state.awaiting_confirmation, false);
  if (!turn.chosen_intent.empty()) {
    complete(turn, *config_.find_intent(turn.chosen_intent), 1.0);
    return true;
  }
  if (auto k = keywords_.find(folded(turn.tokens)); k != keywords_.end()) {
    complete(turn, *k->second, 1.0);
    return true;
  }
  waiting = pending.empty() ? nullptr : config_.find_intent(pending);
  if (waiting != nullptr && awaiting_confirmation) {
    switch (yes_or_no(turn.tokens)) {
      case YesNo::yes:
        complete(turn, *waiting, 1.0, /*confirmed=*/true);
        return true;
      case YesNo::no:
        turn.reply.intent = waiting->id;
        turn.reply.confidence = 1.0;
        say(turn.reply, waiting->declined);
        return true;
      case YesNo::neither:
        waiting = nullptr;  // a new question instead of an answer: drop the offer
        break;
    }
  }
  if (waiting != nullptr &&
      std::all_of(waiting->slots.begin(), waiting->slots.end(),
                  [&](const config::Slot& s) { return state.known.count(s.entity); })) {
    complete(turn, *waiting, 1.0);
    return true;
  }
  return false;
}

void Dialogue::match(Turn& turn, const config::Intent* waiting) const {
  const auto& settings = config_.matcher;
  auto ranked = matcher_->rank(turn.tokens, turn.reply.lang,
                               std::max<std::size_t>(settings.max_suggestions, 2));
  const double best = ranked.empty() ? 0 : ranked[0].score;
  const double second = ranked.size() > 1 ? ranked[1].score : 0;
  turn.reply.confidence = best;
  if (best >= threshold_ && (second < threshold_ || best - second >= settings.ambiguity_margin)) {
    complete(turn, *intent_by_index_[ranked[0].intent], best);
    return;
  }
  if (waiting != nullptr && turn.state.asked < kMaxAsks) {
    // Not a new question and not the answer we asked for: ask once more.
    complete(turn, *waiting, 1.0);
    return;
  }
  turn.state.asked = 0;
  const bool ambiguous = best >= threshold_;
  say(turn.reply, ambiguous && !config_.messages.ambiguous.empty() ? config_.messages.ambiguous
                                                                   : config_.messages.fallback);
  for (const auto& c : ranked) {
    if (c.score < threshold_ * kSuggestionFloor) break;
    suggest(turn.reply, *intent_by_index_[c.intent]);
  }
  for (const auto& id : config_.messages.fallback_suggestions)
    suggest(turn.reply, *config_.find_intent(id));
}

}  // namespace loket::dialogue
