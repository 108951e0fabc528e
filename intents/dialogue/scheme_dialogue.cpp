// The scheme finder's turns in the conversation: started by an intent with `action:
// find_schemes`, it asks only the questions that can still decide a scheme (each skippable), then
// lists the schemes that may apply and the ones that almost do, with why. docs/schemes.md.
#include <algorithm>
#include <ctime>
#include <set>

#include "intents/dialogue/dialogue.h"
#include "intents/dialogue/dialogue_turn.h"
#include "intents/dialogue/scheme_finder.h"
#include "intents/dialogue/scheme_sentences.h"
#include "intents/dialogue/small_talk.h"

namespace loket::dialogue {
namespace {

// The place a municipality's name names, for "Do you live in ...?": "Gemeente Noorderhaven" is
// Noorderhaven in every language ("Woont u in Gemeente Noorderhaven?" reads as a form).
std::string place_name(const std::string& municipality) {
  for (std::string_view prefix : {"Gemeente ", "gemeente ", "Gemeinde ", "Stadt ", "Kommune ",
                                  "Kommun ", "Municipality of ", "City of ", "Commune de "})
    if (municipality.starts_with(prefix) && municipality.size() > prefix.size())
      return municipality.substr(prefix.size());
  return municipality;
}

// "About six" questions at most, however many fields the schemes name.
constexpr std::size_t kMaxSchemeQuestions = 6;
// An answer not understood this many times in a row skips the question.
constexpr int kMaxSchemeAsks = 2;
// Schemes that almost apply, listed after those that may.
constexpr std::size_t kMaxAlmost = 3;
// Longer than this, an answer that reads as a value is also checked for being a new question.
constexpr std::size_t kMaxAnswerTokens = 4;

void clear_schemes(SessionState& state) {
  state.scheme_intent.clear();
  state.scheme_field.clear();
  state.scheme_answers.clear();
  state.asked = 0;
}

// The local date (the social minimum changes at local midnight).
std::string today(const Message& message) {
  if (!message.at) return intents::iso_date(intents::local_today());
  const std::time_t at = std::chrono::system_clock::to_time_t(*message.at);
  std::tm local{};
  localtime_r(&at, &local);
  return intents::iso_date(
      std::chrono::year_month_day{std::chrono::year{local.tm_year + 1900},
                                  std::chrono::month{static_cast<unsigned>(local.tm_mon + 1)},
                                  std::chrono::day{static_cast<unsigned>(local.tm_mday)}});
}

// The savings limit that applies to the resident's household (the lowest when it is not known).
double savings_limit(const config::Scheme& scheme, const SchemeAnswers& answers) {
  const auto& limits = scheme.conditions.savings_max;
  if (const auto told = answers.value(SchemeField::household))
    if (const auto h = config::parse_household(*told); h && limits.count(*h)) return limits.at(*h);
  double lowest = limits.empty() ? 0 : limits.begin()->second;
  for (const auto& [h, limit] : limits) lowest = std::min(lowest, limit);
  return lowest;
}

// Words that do not tell one scheme from another ("Meedoenregeling voor kinderen").
bool filler(std::string_view word) {
  static const std::set<std::string, std::less<>> kFiller = {
      "voor", "van", "de",  "het", "een", "bij", "for", "the", "of", "a",  "für",
      "fur",  "der", "die", "das", "von", "bei", "og",  "til", "af", "ved"};
  return kFiller.contains(word);
}

// Whether a scheme that fails one condition fails it narrowly enough to be called "almost": an
// income or savings at most a fifth over its limit, an age at most two years outside its range.
// An income twice the limit is no near miss; a condition of another kind (the household, the
// home) is said as it is, since it tells what the scheme is for.
bool near_miss(SchemeField field, const config::Scheme& scheme, double limit,
               const SchemeAnswers& answers) {
  constexpr double kMoneyMargin = 1.2;
  constexpr int kAgeMargin = 2;
  const auto told = answers.value(field);
  if (!told || told->empty()) return true;
  double value = 0;
  try {
    value = std::stod(*told);
  } catch (const std::exception&) {
    return true;
  }
  switch (field) {
    case SchemeField::income:
    case SchemeField::savings:
      return value <= limit * kMoneyMargin;
    case SchemeField::age: {
      const auto& c = scheme.conditions;
      const bool young = c.age_min && value < *c.age_min;
      return young ? *c.age_min - value <= kAgeMargin
                   : !c.age_max || value - *c.age_max <= kAgeMargin;
    }
    default:
      return true;
  }
}

}  // namespace

std::vector<std::vector<std::string>> scheme_name_words(const std::string& name) {
  // "Besondere Sozialhilfe (bijzondere bijstand)": each part a name of its own.
  std::vector<std::string> parts;
  const auto open = name.find('(');
  parts.push_back(name.substr(0, open));
  if (open != std::string::npos)
    parts.push_back(name.substr(open + 1, name.find(')', open) - open - 1));
  std::vector<std::vector<std::string>> out;
  for (const auto& part : parts) {
    std::vector<std::string> words;
    for (const auto& t : intents::tokenize(part))
      if (!filler(t.folded)) words.push_back(t.folded);
    if (words.empty()) continue;
    out.push_back(std::move(words));
  }
  return out;
}

bool titled_like(const config::Intent& intent, const config::Scheme& scheme) {
  for (const auto& [lang, title] : intent.title)
    for (const auto& words : scheme_name_words(title))
      for (const auto& [name_lang, name] : scheme.name)
        for (const auto& name_words : scheme_name_words(name))
          if (words == name_words) return true;
  return false;
}

bool titled_with_a_word_of(const config::Intent& intent, const config::Scheme& scheme) {
  std::set<std::string> name_words;
  for (const auto& [lang, name] : scheme.name)
    for (const auto& words : scheme_name_words(name)) name_words.insert(words.begin(), words.end());
  for (const auto& [lang, title] : intent.title)
    for (const auto& words : scheme_name_words(title))
      for (const auto& w : words)
        if (name_words.contains(w)) return true;
  return false;
}

const config::Scheme* Dialogue::named_scheme(const Turn& turn) const {
  std::set<std::string_view> said;
  for (const auto& t : turn.tokens) said.insert(t.folded);
  const config::Scheme* found = nullptr;
  for (const auto& n : scheme_names_) {
    if (!std::all_of(n.words.begin(), n.words.end(),
                     [&](const std::string& w) { return said.contains(w); }))
      continue;
    if (found != nullptr && found != n.scheme) return nullptr;  // two schemes: the matcher's
    found = n.scheme;
  }
  return found;
}

void Dialogue::answer_scheme(Turn& turn, const config::Scheme& scheme) const {
  auto& reply = turn.reply;
  const std::string& def = config_.default_language;
  const config::Intent* finder = nullptr;
  for (const auto& intent : config_.intents)
    if (intent.finds_schemes && *intent.finds_schemes == scheme.audience) finder = &intent;
  reply.intent = finder != nullptr ? finder->id : std::string();
  reply.confidence = 1.0;
  const auto& name = config::pick_language(scheme.name, reply.lang, def);
  Said said{
      std::string(name).append(": ").append(config::pick_language(scheme.answer, reply.lang, def)),
      {}};
  if (!scheme.link.empty()) said.links.push_back({name, scheme.link});
  reply.messages.push_back(std::move(said));
  // Whether it applies: the finder asks what decides it.
  if (finder != nullptr) suggest(reply, *finder);
}

void Dialogue::start_schemes(Turn& turn, const config::Intent& intent) const {
  auto& state = turn.state;
  state.pending_intent.clear();
  state.parked_intent.clear();
  state.awaiting_confirmation = false;
  clear_schemes(state);
  state.scheme_intent = intent.id;
  say(turn.reply, intent.answer);  // the staff's introduction
  next_scheme_step(turn, intent);
}

void Dialogue::next_scheme_step(Turn& turn, const config::Intent& intent) const {
  auto& state = turn.state;
  const SchemeAnswers answers{state.scheme_answers};
  std::optional<SchemeField> next;
  if (answers.told.size() < kMaxSchemeQuestions)
    next =
        next_scheme_question(config_.schemes, *intent.finds_schemes, answers, today(turn.message));
  if (!next) {
    finish_schemes(turn, intent, answers);
    return;
  }
  state.scheme_field = std::string(scheme_field_name(*next));
  ask_scheme_question(turn, intent, *next);
}

void Dialogue::ask_scheme_question(Turn& turn, const config::Intent& intent,
                                   SchemeField field) const {
  auto& reply = turn.reply;
  const std::string& lang = reply.lang;
  reply.intent = intent.id;
  reply.expecting = std::string(scheme_field_name(field));
  const auto own = config_.schemes.questions.find(std::string(scheme_field_name(field)));
  const std::string& question =
      own != config_.schemes.questions.end()
          ? config::pick_language(own->second, lang, config_.default_language)
          : scheme_question(field, *intent.finds_schemes, lang);
  say(reply, config::fill_placeholders(question, {{"municipality", config_.municipality},
                                                  {"place", place_name(config_.municipality)}}));
  // Buttons that send their label as the answer: no intent.
  const auto button = [&](const std::string& label) { reply.suggestions.push_back({"", label}); };
  switch (field) {
    case SchemeField::business_type:
      for (const auto& type : config_.schemes.business_types)
        button(config::pick_language(type.name, lang, config_.default_language));
      break;
    case SchemeField::lives_here:
      button(scheme_sentence(SchemeSentence::yes_button, lang));
      button(scheme_sentence(SchemeSentence::no_button, lang));
      break;
    case SchemeField::household:
      for (std::size_t h = 0; h < config::kHouseholdNames.size(); ++h)
        button(household_label(static_cast<config::Household>(h), lang));
      break;
    case SchemeField::home:
      button(scheme_sentence(SchemeSentence::rent_button, lang));
      button(scheme_sentence(SchemeSentence::own_button, lang));
      break;
    case SchemeField::age:
    case SchemeField::income:
    case SchemeField::savings:
      break;
  }
  button(scheme_sentence(SchemeSentence::skip_button, lang));
}

bool Dialogue::at_scheme_question(Turn& turn) const {
  auto& state = turn.state;
  const config::Intent* intent = config_.find_intent(state.scheme_intent);
  const auto field = parse_scheme_field(state.scheme_field);
  // A button for something else, the platform's stop, or content reloaded without the finder:
  // the finder ends and the message is answered as any other.
  if (intent == nullptr || !intent->finds_schemes || !field || !turn.chosen_intent.empty() ||
      turn.message.kind != Message::Kind::text) {
    clear_schemes(state);
    return false;
  }
  if (is_stop_word(turn.tokens)) {
    clear_schemes(state);
    stop(turn, /*in_dialogue=*/true);
    return true;
  }
  // What the resident says here is about their circumstances: it is not logged, even when it is
  // not understood.
  turn.reply.private_text = true;
  turn.reply.confidence = 1.0;
  auto value = says_dont_know(turn.tokens)
                   ? std::optional<std::string>("")
                   : read_scheme_answer(*field, turn.text, turn.tokens, config_.schemes);
  // An answer is a few words ("34", "samen met kinderen"); a longer message that reads as a
  // value may still be a question of its own ("wanneer wordt het afval opgehaald in 9701AB?").
  if (!value || turn.tokens.size() > kMaxAnswerTokens) {
    const Ranking ranking = rank(turn, intent);
    if (ranking.confident && !ranking.candidates.empty() &&
        intent_by_index_[ranking.candidates[0].intent] != intent) {
      clear_schemes(state);  // a new question: the finder is left
      turn.reply.private_text = false;
      return false;
    }
  }
  if (!value) {
    if (++state.asked < kMaxSchemeAsks) {
      say(turn.reply, scheme_sentence(SchemeSentence::not_understood, turn.reply.lang));
      ask_scheme_question(turn, *intent, *field);
      return true;
    }
    // Said, so that the next question is not taken as what the answer meant.
    say(turn.reply, scheme_sentence(SchemeSentence::skipped, turn.reply.lang));
    value = "";
  }
  state.asked = 0;
  state.scheme_answers[state.scheme_field] = *value;
  next_scheme_step(turn, *intent);
  return true;
}

void Dialogue::finish_schemes(Turn& turn, const config::Intent& intent,
                              const SchemeAnswers& answers) const {
  auto& reply = turn.reply;
  const std::string& lang = reply.lang;
  const std::string& def = config_.default_language;
  reply.intent = intent.id;
  reply.expecting.clear();
  const auto verdicts =
      judge_schemes(config_.schemes, *intent.finds_schemes, answers, today(turn.message));
  clear_schemes(turn.state);
  std::set<SchemeField> undecided;
  bool any = false;
  for (const auto& v : verdicts) {
    if (!v.failed.empty()) continue;
    if (!any) say(reply, scheme_sentence(SchemeSentence::found, lang));
    any = true;
    const auto& name = config::pick_language(v.scheme->name, lang, def);
    Said said{
        std::string(name).append(": ").append(config::pick_language(v.scheme->answer, lang, def)),
        {}};
    if (!v.scheme->link.empty()) said.links.push_back({name, v.scheme->link});
    reply.messages.push_back(std::move(said));
    undecided.insert(v.unknown.begin(), v.unknown.end());
  }
  if (!any) say(reply, scheme_sentence(SchemeSentence::none_found, lang));
  if (!undecided.empty()) {
    std::string fields;
    for (auto f : undecided)
      fields.append(fields.empty() ? "" : ", ").append(scheme_field_label(f, lang));
    say(reply, config::fill_placeholders(scheme_sentence(SchemeSentence::unknown_note, lang),
                                         {{"fields", fields}}));
  }
  Said almost{scheme_sentence(SchemeSentence::almost, lang), {}};
  std::size_t almost_count = 0;
  for (const auto& v : verdicts) {
    if (v.failed.size() != 1 || almost_count == kMaxAlmost) continue;
    const auto field = v.failed.front();
    const double limit =
        field == SchemeField::savings ? savings_limit(*v.scheme, answers) : v.income_limit;
    if (!near_miss(field, *v.scheme, limit, answers)) continue;
    ++almost_count;
    const auto& name = config::pick_language(v.scheme->name, lang, def);
    almost.text.append("\n- ").append(name).append(": ").append(
        scheme_reason(field, *v.scheme, limit, lang));
    if (!v.scheme->link.empty()) almost.links.push_back({name, v.scheme->link});
  }
  if (almost_count > 0) reply.messages.push_back(std::move(almost));
  say(reply, scheme_sentence(SchemeSentence::disclaimer, lang));
  for (const auto& id : intent.suggestions)
    if (const auto* s = config_.find_intent(id)) suggest(reply, *s);
}

}  // namespace loket::dialogue
