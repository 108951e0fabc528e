#include "intents/dialogue/dialogue.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cctype>
#include <optional>
#include <set>
#include <utility>

#include "config/office_hours.h"
#include "intents/dialogue/answer_aspects.h"
#include "intents/dialogue/answer_sentence_index.h"
#include "intents/dialogue/dialogue_turn.h"
#include "intents/dialogue/function_words.h"
#include "intents/dialogue/handoff_sentences.h"
#include "intents/dialogue/language_samples.h"
#include "intents/dialogue/required_words.h"
#include "intents/dialogue/small_talk.h"
#include "intents/dialogue/spelling.h"
#include "intents/dialogue/training_data.h"
#include "intents/dialogue/typed_choice.h"
#include "intents/dialogue/yes_no.h"
#include "intents/entities.h"
#include "intents/intent_matcher.h"
#include "intents/language_detector.h"
#include "intents/text_normalizer.h"

namespace loket::dialogue {
namespace {

// Where four digits given for a postcode question are kept (take_postcode_digits): apart from
// whole postcodes, which alerts and everything else read.
constexpr const char* kPostcodeDigits = "postcode_digits";

// Whether four digits answer `slot` of `intent`: a postcode a table is looked up by its leading
// digits with (its rows are for them), not one an alert is for.
bool takes_postcode_digits(const config::Intent& intent, const config::Slot& slot) {
  return intent.lookup && intent.lookup->prefix && intent.lookup->key == slot.name &&
         slot.entity == "postcode";
}

const std::string kEnglish = "en";

// "9701": the four digits a Dutch postcode starts with.
bool is_postcode_digits(std::string_view text) {
  return text.size() == 4 && text.front() != '0' &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The first slot of `intent` without a value in `state` (end: each has one).
std::vector<config::Slot>::const_iterator first_missing(const SessionState& state,
                                                        const config::Intent& intent) {
  return std::find_if(intent.slots.begin(), intent.slots.end(), [&](const config::Slot& slot) {
    return !state.known.count(slot.entity) &&
           !(takes_postcode_digits(intent, slot) && state.known.count(kPostcodeDigits));
  });
}

constexpr std::size_t kMaxSessionIdLength = 128;
// Fewer letters than this ("9701 AB", "ja") cannot tell languages apart at all.
constexpr long kMinLettersForLanguage = 4;
// Below this language-detection margin a short message ("ok", "paspoort") keeps the language
// the resident used before in the session.
constexpr double kConfidentLanguageMargin = 0.15;
// A single word switches a conversation under way to another language only with this lead.
constexpr double kConfidentOneWordSwitchMargin = 0.5;
// Fallback suggestions must be at least this share of the threshold, or they are noise.
constexpr double kSuggestionFloor = 0.5;
// A sensitive subject (a shelter, addiction, help in a crisis: content that offers a person with
// its answer, or urgent) is offered among the nearest topics only when the message came close to
// it, or names it ("drowning in debt"): "need some help with my bins" must not be answered with
// addiction care.
constexpr double kSensitiveSuggestionFloor = 0.8;

// A topic's name inside a sentence ("a message about waste collection"): its first letter small,
// as the name is a title elsewhere ("Waste collection"). Not in German, whose nouns are capitals,
// nor for a name that starts with an abbreviation ("WOZ", "PMD") or a letter beyond ASCII.
std::string in_a_sentence(std::string name, std::string_view lang) {
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (lang != "de" && name.size() > 1 && upper(name[0]) && !upper(name[1]))
    name[0] = static_cast<char>(name[0] - 'A' + 'a');
  return name;
}
// The message's own first few candidates: among them the question before may settle which.
constexpr std::size_t kMaxCandidatesSettled = 3;
// A value is asked at most this often in a row (the question and two more tries) before the
// bot gives up and offers the topics and a person.
constexpr int kMaxAsks = 3;
// The words on the button to a person, in office hours and out of them: typed, they take it.
constexpr std::array kOfferButtons = {HandoffSentence::talk_button,
                                      HandoffSentence::callback_button};
// "ja graag", "yes please", "oke": a clear answer is short; "ja maar wanneer komt het papier"
// is a question.
constexpr std::size_t kMaxClearAnswerTokens = 4;
// The question a follow-up is joined to is kept this long, at most.
constexpr std::size_t kMaxFollowedText = 300;
// "and paper?", "en de gft?": a follow-up this short leans on the question before it.
constexpr std::size_t kMaxEllipticalTokens = 3;
// A longer message is a matter of its own, not a question about the answer just given.
constexpr std::size_t kMaxNamedFollowUpTokens = 10;
// A message of at most this many words that names a scheme asks about that scheme.
constexpr std::size_t kMaxSchemeNameTokens = 5;
// A follow-up ranked with the question before replaces the message's own match only when it is
// this much stronger: the joined text repeats the earlier question's words, which favours it.
constexpr double kJoinedLead = 1.25;
// How far down the ranking an urgent intent (help lines in a crisis) is looked for, and how much
// of the threshold it must reach there without required words: a crisis mentioned beside debts
// ranks below the debts.
constexpr std::size_t kUrgentReach = 8;
constexpr double kUrgentFloor = 1.5;
// A message in a language the municipality does not serve is recognised only when it is this
// long and its language this clear, so a short Dutch "hallo" is never taken for German.
constexpr std::size_t kMinTokensForForeign = 3;
// A part of a message with at least this many words may be a question of its own; a message of
// more parts than this is a story, not two questions.
constexpr std::size_t kMinTokensOfAPart = 2;
constexpr std::size_t kMaxTokensOfAnAskedAgain = 3;
constexpr std::size_t kMaxParts = 4;
constexpr double kForeignMargin = 0.15;
// Without a configured sure threshold, a match this much above the threshold is answered at
// once; one below it gets "did you mean ...?" with it first. In the example municipality that
// band holds a sixth of the questions it should not answer (cross-validation) and most of the
// wrong answers testers met ("ich will mich anmelden" got the birth registration), against
// none of the 328 turns in the staff's test conversations.
constexpr double kSureMargin = 0.05;
// Without a configured action threshold, a match that would act needs this share above the
// answer threshold, and at least kMinActionConfidence.
constexpr double kActionFactor = 2.0;
constexpr double kMinActionConfidence = 0.2;
// A greeting with this many words after it is followed by a question (or a thanks, an opener).
constexpr std::size_t kMinTokensAfterAGreeting = 3;
// A button chosen by typing is a short message: a longer one is not read for one.
constexpr std::size_t kMaxTypedChoiceBytes = 120;
// What the person a resident is handed to sees of the conversation before: the last lines,
// each cut short.
constexpr std::size_t kMaxTranscriptLines = 12;
constexpr std::size_t kMaxTranscriptLineBytes = 500;

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

// `text` cut to at most `bytes`, on a character boundary.
std::string cut_short(std::string_view text, std::size_t bytes) {
  if (text.size() <= bytes) return std::string(text);
  std::size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "…";
}

// Letters of a script none of loket's languages is written in (Cyrillic, Greek, Arabic, Hebrew,
// the scripts of India, Thai, Chinese, Japanese, Korean), and no Latin letter: known by the
// lead byte of each UTF-8 character. Symbols, emoji and full-width forms do not count.
bool in_another_script(std::string_view text) {
  int letters = 0;
  for (const unsigned char c : text) {
    if (std::isalpha(c)) return false;
    if ((c >= 0xCD && c <= 0xDF) || c == 0xE0 || (c >= 0xE3 && c <= 0xED)) ++letters;
  }
  return letters >= 2;
}

// Whether `text` may hold an e-mail address or a web address: words in no language.
bool has_address(std::string_view text) {
  return text.find('@') != std::string_view::npos || text.find("://") != std::string_view::npos ||
         text.find("www.") != std::string_view::npos;
}

// `text` without its words that are e-mail or web addresses ("jan@example.nl" reads as English).
std::string without_addresses(std::string_view text) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto end = std::min(text.find_first_of(" \t\r\n", at), text.size());
    const auto word = text.substr(at, end - at);
    if (!has_address(word)) out.append(word).push_back(' ');
    at = end + 1;
  }
  return out;
}

// The first e-mail address or phone number in `text`, normalised; empty when there is none.
std::string contact_in(std::string_view text) {
  for (const auto& e : intents::extract_entities(text, intents::local_today()))
    if (e.type == intents::EntityType::email || e.type == intents::EntityType::phone)
      return e.value;
  return {};
}

// "and" in the message's language: only there a question may follow another ("en" is an article
// in Danish and Swedish, "in" in French). Empty where loket knows none.
std::string_view conjunction_in(std::string_view lang) {
  static const std::map<std::string, std::string, std::less<>> kAnd = {
      {"nl", "en"}, {"en", "and"}, {"de", "und"}, {"da", "og"},
      {"no", "og"}, {"sv", "och"}, {"fr", "et"},  {"fy", "en"}};
  const auto it = kAnd.find(lang);
  return it == kAnd.end() ? std::string_view() : std::string_view(it->second);
}

// The postcode a message gives and nothing else ("9701 AB", "mijn postcode is 9701 AB",
// "postcode 9701AB").
// `told`: the message gave a postcode, now the known one.
std::optional<std::string> postcode_alone(std::string_view text,
                                          const std::vector<intents::Token>& tokens, bool told,
                                          const std::map<std::string, std::string>& known_values) {
  if (auto whole = intents::normalise_postcode(text)) return whole;
  const auto known = known_values.find("postcode");
  if (!told || known == known_values.end()) return std::nullopt;
  static const std::set<std::string, std::less<>> kAbout = {
      "mijn",  "postcode",     "is",  "de",  "my", "postal", "code", "zip", "the",
      "meine", "postleitzahl", "ist", "plz", "pc", "hier",   "here", "dit", "this"};
  std::string digits = known->second.substr(0, 4), letters = known->second.substr(4);
  for (auto& c : letters) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool only = std::all_of(tokens.begin(), tokens.end(), [&](const auto& t) {
    return kAbout.contains(t.folded) || t.folded == digits || t.folded == letters ||
           (t.folded.size() == 1 && letters.find(t.folded) != std::string::npos);
  });
  return only ? std::optional<std::string>(known->second) : std::nullopt;
}

// Whether a part of a message opens as a question does, with a question word or a verb first
// ("wanneer is ...", "kan ik ...", "how much ...", "wo ist ...").
bool opens_a_question(std::string_view first_word) {
  static const std::set<std::string, std::less<>> kOpening = {
      // nl
      "hoe", "wat", "wanneer", "waar", "waarom", "hoeveel", "hoelang", "wie", "welke", "welk",
      "kan", "kun", "kunt", "mag", "moet", "is", "zijn", "heb", "heeft", "krijg", "wordt",
      // en
      "how", "what", "when", "where", "why", "who", "which", "can", "could", "do", "does", "are",
      "may", "should", "will",
      // de
      "wie", "was", "wann", "wo", "warum", "wieviel", "welche", "welcher", "welches", "kann",
      "darf", "muss", "ist", "sind", "gibt", "bekomme",
      // da, no, sv, fr
      "hvordan", "hvad", "hva", "hvornar", "hvor", "hvorfor", "hur", "vad", "nar", "var", "comment",
      "quand", "ou", "pourquoi", "combien", "quel", "quelle", "est"};
  return kOpening.contains(first_word);
}

// Whether a message may hold two questions at all: an "and", or a sentence end before its last
// word. Most have neither, and are not split.
bool may_hold_two(std::string_view text, const std::vector<intents::Token>& tokens,
                  std::string_view conjunction) {
  if (std::any_of(tokens.begin(), tokens.end(),
                  [&](const intents::Token& t) { return t.folded == conjunction; }))
    return true;
  const auto last_letter = text.find_last_not_of(" ?!.\t\r\n");
  if (last_letter == std::string_view::npos) return false;
  const auto end = text.substr(0, last_letter).find_first_of("?!");
  return end != std::string_view::npos ||
         text.substr(0, last_letter).find(". ") != std::string_view::npos;
}

// The parts of a message that may each be a question: split at sentence ends and at
// `conjunction` ("hoeveel kost een paspoort en een id kaart").
std::vector<std::vector<intents::Token>> parts_of(std::string_view text,
                                                  std::string_view conjunction) {
  std::vector<std::vector<intents::Token>> parts(1);
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '?' && text[i] != '!' &&
        !(text[i] == '.' && (i + 1 == text.size() || text[i + 1] == ' ')))
      continue;
    for (auto& token : intents::tokenize(text.substr(start, i - start))) {
      if (token.folded == conjunction) {
        if (!parts.back().empty()) parts.emplace_back();
      } else {
        parts.back().push_back(std::move(token));
      }
    }
    if (!parts.back().empty()) parts.emplace_back();
    start = i + 1;
  }
  if (parts.back().empty()) parts.pop_back();
  return parts;
}

// The question a follow-up may be joined to, in one allocation.
std::shared_ptr<const char[]> copy_question(std::string_view text) {
  auto copy = std::make_shared<char[]>(text.size() + 1);
  std::copy(text.begin(), text.end(), copy.get());
  copy[text.size()] = '\0';
  return copy;
}

}  // namespace

bool valid_session_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxSessionIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':';
  });
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

Dialogue::Dialogue(config::Config config, std::shared_ptr<SessionStore> sessions)
    : config_(std::move(config)),
      sessions_(sessions ? std::move(sessions)
                         : std::make_shared<SessionStore>(config_.limits.max_sessions,
                                                          config_.limits.session_ttl)) {
  intents::MatcherOptions options;
  options.threshold = config_.matcher.threshold;
  matcher_ = std::make_unique<intents::IntentMatcher>(training_examples(config_), options);
  auto samples = language_samples(config_);
  detector_ = std::make_unique<intents::LanguageDetector>(samples, config_.languages);
  // The same few sentences in every language: balanced, where the content's samples would make
  // its own languages win every close call.
  std::vector<std::string> every_language = config_.languages;
  for (const auto& sample : builtin_language_samples())
    if (std::find(every_language.begin(), every_language.end(), sample.lang) ==
        every_language.end())
      every_language.push_back(sample.lang);
  any_language_ =
      std::make_unique<intents::LanguageDetector>(builtin_language_samples(), every_language);
  spelling_ = std::make_unique<SpellingCorrector>(config_);
  answer_sentences_ = std::make_unique<AnswerSentenceIndex>(config_.intents);
  for (const auto& id : matcher_->intents()) {
    const config::Intent* intent = config_.find_intent(id);
    intent_by_index_.push_back(intent);
    required_by_index_.push_back(
        intent == nullptr || intent->required_words.empty()
            ? nullptr
            : std::make_unique<const RequiredWords>(intent->required_words));
    bool opening = false;
    if (intent != nullptr)
      for (const auto& [lang, examples] : intent->examples)
        for (const auto& example : examples)
          opening = opening || mentions_opening(intents::tokenize(example));
    has_opening_hours_.push_back(opening);
    const auto& small_talk = small_talk_ids();
    small_talk_by_index_.push_back(std::find(small_talk.begin(), small_talk.end(), id) !=
                                   small_talk.end());
    auto& words = slotted_answer_words_.emplace_back();
    if (intent != nullptr && !intent->slots.empty())
      for (const auto& [lang, answer] : intent->answer)
        for (const auto& token : intents::tokenize(answer)) words.insert(token.folded);
  }
  for (const auto& intent : config_.intents) {
    auto& title_words = title_words_[intent.id];
    for (const auto& [lang, title] : intent.title)
      for (auto& token : intents::tokenize(title)) title_words.push_back(std::move(token.folded));
    for (const auto& word : std::set<std::string>(title_words.begin(), title_words.end()))
      ++title_word_intents_[word];
    has_slots_ = has_slots_ || !intent.slots.empty();
    has_urgent_ = has_urgent_ || intent.urgent;
    for (const auto& [lang, words] : intent.keywords)
      for (const auto& word : words) keywords_[folded(intents::tokenize(word))] = &intent;
    if (!unsubscribe_all_ && intent.action &&
        intent.action->kind == config::Action::Kind::unsubscribe && intent.action->topic.empty())
      unsubscribe_all_ = &intent;
    if (intent.lookup)
      for (const auto& slot : intent.slots)
        if (slot.name == intent.lookup->key && slot.entity == "postcode")
          postcode_lookups_.push_back(&*intent.lookup);
  }
  for (const auto& scheme : config_.schemes.schemes)
    for (const auto& [lang, name] : scheme.name)
      for (auto& words : scheme_name_words(name))
        scheme_names_.push_back({&scheme, std::move(words)});
  threshold_ = config_.matcher.threshold.value_or(matcher_->threshold());
  sure_threshold_ =
      std::max(threshold_, config_.matcher.sure_threshold.value_or(threshold_ + kSureMargin));
  action_threshold_ = config_.matcher.action_threshold.value_or(
      std::max(threshold_ * kActionFactor, kMinActionConfidence));
}

Dialogue::~Dialogue() = default;

std::optional<std::string> Dialogue::refusal(const Message& message) const {
  if (!valid_session_id(message.session))
    return "'session' must be 1 to 128 letters, digits or '-', '_', '.', ':'";
  if (!message.lang.empty() && !config_.has_language(message.lang))
    return "'lang' '" + message.lang.substr(0, 16) +
           "' is not one of this municipality's languages";
  if (!message.chosen_intent.empty() && config_.find_intent(message.chosen_intent) == nullptr &&
      !is_handoff_intent(message.chosen_intent))
    return "'intent' is not a known intent";
  if (message.kind == Message::Kind::text && message.chosen_intent.empty() &&
      is_blank(message.text))
    return "'text' is missing or empty";
  if (intents::count_code_points(message.text) > config_.limits.max_text_chars)
    return "'text' is longer than " + std::to_string(config_.limits.max_text_chars) + " characters";
  // No one types it, and PostgreSQL cannot store it in text.
  if (message.text.find('\0') != std::string::npos) return "'text' contains a NUL character";
  return std::nullopt;
}

std::string Dialogue::pick_lang(const std::string& hint) const {
  return config_.has_language(hint) ? hint : config_.default_language;
}

std::string Dialogue::detect_lang(const std::vector<intents::Token>& tokens,
                                  const std::string& previous) const {
  const std::string& kept = previous.empty() ? config_.default_language : previous;
  // A few letters ("9701 AB", "nee, 9704 AB", "ja") say nothing about the language: the
  // conversation's stays. Words of one or two letters and anything with a digit do not count;
  // non-ASCII letters count once (by their UTF-8 lead byte).
  long letters = 0;
  int words = 0;
  for (const auto& token : tokens) {
    const auto& w = token.lower;
    if (w.size() <= 2 ||
        std::any_of(w.begin(), w.end(), [](unsigned char c) { return std::isdigit(c); }))
      continue;
    ++words;
    letters += std::count_if(w.begin(), w.end(),
                             [](unsigned char c) { return std::isalpha(c) || c >= 0xC0; });
  }
  if (letters < kMinLettersForLanguage) return kept;
  // Two of a language's own small words and none of another's ("Wie ist das Wetter morgen in
  // Noorderhaven?") outweigh the letter statistics, which the content's place names can tip.
  if (auto voted = language_by_function_words(tokens, config_.languages)) return *voted;
  auto guess = detector_->detect(tokens);
  // No word of it in the content nor in loket's own sentences ("asdfgh", "qwerty uiop"): letter
  // groups alone are noise.
  if (guess.known_words == 0 && any_language_->detect(tokens).known_words == 0) return kept;
  // Unsure about a short message ("paspoort", "hallo daar"): the conversation's language, or
  // the municipality's own at the start. One word in a conversation under way ("misschien")
  // shares too many letter groups with a neighbouring language to switch on a small lead.
  const double needed =
      words == 1 && !previous.empty() ? kConfidentOneWordSwitchMargin : kConfidentLanguageMargin;
  return guess.margin < needed ? kept : guess.lang;
}

// Small talk in one of the municipality's languages: the conversation's if the phrase is in it,
// else the municipality's own, else the first that has it. Empty when none of them has it.
std::string Dialogue::small_talk_lang(const SmallTalkMatch& match,
                                      const std::string& previous) const {
  const auto has = [&](const std::string& lang) {
    return std::find(match.langs.begin(), match.langs.end(), lang) != match.langs.end();
  };
  if (!previous.empty() && has(previous)) return previous;
  if (has(config_.default_language)) return config_.default_language;
  for (const auto& lang : config_.languages)
    if (has(lang)) return lang;
  return {};
}

Reply Dialogue::answer(const Message& message) {
  SessionState state = sessions_->get(message.session).value_or(SessionState{});
  Reply reply = answer(message, state);
  sessions_->put(message.session, std::move(state));
  return reply;
}

Reply Dialogue::answer(const Message& message, SessionState& state) const {
  Reply reply;
  reply.suggestions.reserve(std::max<std::size_t>(config_.matcher.max_suggestions, 3));
  // Read as NFKC: the entities, the stop words and the matcher see "é" however it was typed,
  // and full-width digits as digits.
  const std::string normalized =
      intents::is_ascii(message.text) ? std::string() : intents::normalize_unicode(message.text);
  Turn turn{message,
            normalized.empty() ? std::string_view(message.text) : std::string_view(normalized),
            message.chosen_intent,
            {},
            state,
            reply,
            {},
            {},
            false,
            std::nullopt,
            std::nullopt};
  // Made once, for every step (a button typed, the language, the rules, the matcher).
  if (message.kind != Message::Kind::start && turn.chosen_intent.empty()) {
    turn.tokens = intents::tokenize(turn.text);
    spelling_->respell_ij(turn.tokens);
    if (const auto* chosen = chosen_button(turn);
        chosen != nullptr &&
        (config_.find_intent(chosen->intent) != nullptr || is_handoff_intent(chosen->intent))) {
      turn.chosen_intent = chosen->intent;  // in the language the buttons were offered in
      turn.text = {};                       // the label is no information of the resident's
      turn.tokens.clear();
    }
  }
  if (message.kind == Message::Kind::start || message.kind == Message::Kind::stop) {
    reply.lang = state.lang.empty() ? pick_lang(message.lang_hint) : state.lang;
  } else if (!message.lang.empty() || (!turn.chosen_intent.empty() && !state.lang.empty())) {
    reply.lang = message.lang.empty() ? state.lang : message.lang;
  } else if (state.handoff == SessionState::Handoff::callback_contact && !state.lang.empty()) {
    reply.lang = state.lang;  // "jan@example.org" is in no language
  } else {
    reply.lang = has_address(turn.text)
                     ? detect_lang(intents::tokenize(without_addresses(turn.text)), state.lang)
                     : detect_lang(turn.tokens, state.lang);
  }
  if (message.kind == Message::Kind::start) {
    welcome(turn);
  } else {
    if (state.handoff_offered && config_.handoff && turn.chosen_intent.empty() &&
        takes_the_offered_person(turn))
      turn.chosen_intent = std::string(kHandoffIntent);
    if (state.handoff == SessionState::Handoff::callback_question ||
        state.handoff == SessionState::Handoff::callback_contact)
      at_callback(turn);
    else
      answer_turn(turn);
  }
  state.fallbacks = reply.intent.empty() ? state.fallbacks + 1 : 0;
  // Offered with an answer (a fallback's person button stands beside topics, which a "ja" may
  // as well mean), or again with the help after a crisis, where "ja" means the person.
  state.handoff_offered =
      (!reply.intent.empty() || !state.crisis_intent.empty()) && reply.handoff &&
      reply.handoff->phase == HandoffStatus::Phase::offered &&
      std::any_of(reply.suggestions.begin(), reply.suggestions.end(),
                  [](const Suggestion& s) { return s.intent == kHandoffIntent; });
  remember_turn(message, reply, state);
  // A reply in a language the municipality does not serve leaves the conversation's alone.
  if (config_.has_language(reply.lang)) state.lang = reply.lang;
  state.offered.clear();
  for (const auto& s : reply.suggestions) state.offered.push_back({s.title, s.intent});
  state.offered_in_order = true;
  return reply;
}

// A button tapped where the tap comes back as its label; else one chosen by typing its label or
// its place ("de tweede"), unless the message answers a question loket asked.
const SessionState::OfferedButton* Dialogue::chosen_button(const Turn& turn) const {
  const auto& state = turn.state;
  if (state.offered.empty()) return nullptr;
  if (turn.message.buttons_by_label) {
    const auto tapped =
        std::find_if(state.offered.begin(), state.offered.end(),
                     [&](const SessionState::OfferedButton& b) { return b.label == turn.text; });
    if (tapped != state.offered.end()) return &*tapped;
  }
  if (!state.pending_intent.empty() || !state.scheme_field.empty() ||
      state.handoff != SessionState::Handoff::none || turn.text.size() > kMaxTypedChoiceBytes)
    return nullptr;
  return typed_choice(turn.tokens, state.offered, state.offered_in_order);
}

// After a person was offered: a short yes ("ja graag", "yes please") or the button's words
// typed instead of tapped.
bool Dialogue::takes_the_offered_person(const Turn& turn) const {
  // Only a yes that can mean nothing else: "ok", "prima" and "ok bedankt" close an answer.
  static const std::set<std::string, std::less<>> kYes = {"ja",  "yes",  "jawel", "jazeker",
                                                          "yep", "yeah", "gerne", "graag"};
  static const std::set<std::string, std::less<>> kWith = {"graag", "please", "gerne",
                                                           "bitte", "ja",     "yes"};
  if (!turn.tokens.empty() && turn.tokens.size() <= 3 && kYes.contains(turn.tokens[0].folded) &&
      std::all_of(turn.tokens.begin() + 1, turn.tokens.end(),
                  [](const intents::Token& t) { return kWith.contains(t.folded); }))
    return true;
  const auto words = folded(turn.tokens);
  return std::any_of(kOfferButtons.begin(), kOfferButtons.end(), [&](HandoffSentence button) {
    return words == folded(intents::tokenize(handoff_sentence(button, turn.reply.lang)));
  });
}

void Dialogue::welcome(Turn& turn) const {
  // A first contact (again) starts afresh: no finder question stands.
  turn.state.crisis_intent.clear();
  turn.state.scheme_intent.clear();
  turn.state.scheme_field.clear();
  turn.state.scheme_answers.clear();
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

void Dialogue::remember_offer(SessionState& state, const std::string& lang,
                              std::vector<SessionState::OfferedButton> buttons) {
  state.lang = lang;
  state.offered = std::move(buttons);
  state.offered_in_order = true;
}

void Dialogue::suggest(Reply& reply, const config::Intent& intent) const {
  auto& suggestions = reply.suggestions;
  if (suggestions.size() >= config_.matcher.max_suggestions) return;
  for (const auto& s : suggestions)
    if (s.intent == intent.id) return;
  // A reply in a language not served (Danish, told which ones are): its buttons in English where
  // the municipality serves it, which such a resident reads more often than Dutch.
  const std::string& fallback = !config_.has_language(reply.lang) && config_.has_language("en")
                                    ? kEnglish
                                    : config_.default_language;
  const std::string& title = config::pick_language(intent.title, reply.lang, fallback);
  // An intent without a title (check-config warns) still gets a button that can be read.
  suggestions.push_back({intent.id, title.empty() ? intent.id : title});
}

// What the resident asked besides the crisis answered first: the first button after a person,
// ahead of the answer's own suggestions.
void Dialogue::suggest_next(Reply& reply, const config::Intent& intent) const {
  auto& suggestions = reply.suggestions;
  std::erase_if(suggestions, [&](const Suggestion& s) { return s.intent == intent.id; });
  const bool person_first = !suggestions.empty() && suggestions.front().intent == kHandoffIntent;
  const std::string& title =
      config::pick_language(intent.title, reply.lang, config_.default_language);
  suggestions.insert(suggestions.begin() + (person_first ? 1 : 0),
                     {intent.id, title.empty() ? intent.id : title});
  suggestions.resize(
      std::min(suggestions.size(), std::max<std::size_t>(config_.matcher.max_suggestions, 1)));
}

// The ways on when the bot cannot help: the staff's fallback suggestions (a person among them).
void Dialogue::suggest_ways_on(Reply& reply) const {
  for (const auto& id : config_.messages.fallback_suggestions)
    if (const auto* intent = config_.find_intent(id)) suggest(reply, *intent);
}

void Dialogue::say(Reply& reply, const config::LangText& text,
                   const std::map<std::string, std::string>& values) const {
  const auto& chosen = config::pick_language(text, reply.lang, config_.default_language);
  reply.messages.push_back(
      {values.empty() ? chosen : config::fill_placeholders(chosen, values), {}});
}

void Dialogue::say(Reply& reply, std::string text) const {
  reply.messages.push_back({std::move(text), {}});
}

bool Dialogue::in_area(const std::string& postcode) const {
  if (!config_.area_postcodes.empty()) {
    const int number = std::atoi(postcode.substr(0, 4).c_str());
    return std::any_of(
        config_.area_postcodes.begin(), config_.area_postcodes.end(),
        [&](const auto& range) { return number >= range.first && number <= range.second; });
  }
  if (postcode_lookups_.empty()) return true;  // nothing says where the municipality lies
  return std::any_of(postcode_lookups_.begin(), postcode_lookups_.end(),
                     [&](const config::Lookup* lookup) { return find_row(*lookup, postcode); });
}

bool Dialogue::area_has_prefix(const std::string& prefix) const {
  std::size_t digits = 0;
  while (digits < prefix.size() && digits < 4 &&
         std::isdigit(static_cast<unsigned char>(prefix[digits])))
    ++digits;
  if (digits == 0) return false;
  if (!config_.area_postcodes.empty()) {
    int low = std::atoi(prefix.substr(0, digits).c_str()), span = 1;
    for (std::size_t i = digits; i < 4; ++i) low *= 10, span *= 10;
    return std::any_of(
        config_.area_postcodes.begin(), config_.area_postcodes.end(),
        [&](const auto& range) { return low <= range.second && low + span - 1 >= range.first; });
  }
  if (postcode_lookups_.empty()) return true;
  return std::any_of(postcode_lookups_.begin(), postcode_lookups_.end(),
                     [&](const config::Lookup* lookup) {
                       const auto& rows = lookup->table.rows;
                       const auto within = rows.lower_bound(prefix);
                       return (within != rows.end() && within->first.starts_with(prefix)) ||
                              find_row(*lookup, prefix) != nullptr;
                     });
}

void Dialogue::complete(Turn& turn, const config::Intent& intent, double confidence,
                        bool confirmed) const {
  auto& state = turn.state;
  auto& reply = turn.reply;
  reply.intent = intent.id;
  reply.confidence = confidence;
  if (intent.finds_schemes) {
    start_schemes(turn, intent);
    return;
  }
  if (intent.action && !turn.message.actions_available) {
    // No store now: say so before asking for a postcode and a yes that lead nowhere.
    state.pending_intent.clear();
    state.awaiting_confirmation = false;
    say(reply, config_.messages.unavailable.empty() ? config_.messages.fallback
                                                    : config_.messages.unavailable);
    return;
  }
  std::map<std::string, std::string> values;
  if (!fill_slots(turn, intent, values)) return;
  state.pending_intent.clear();
  state.parked_intent.clear();
  state.asked = 0;
  state.awaiting_confirmation = false;
  if (!intent.action) {
    answer_with(turn, intent, values);
    return;
  }
  const auto& action = *intent.action;
  if (const auto* topic = config_.find_topic(action.topic))
    values["topic"] = in_a_sentence(
        config::pick_language(topic->name, reply.lang, config_.default_language), reply.lang);
  if (!intent.confirm.empty() && !confirmed) {
    state.pending_intent = intent.id;
    state.awaiting_confirmation = true;
    reply.expecting = "confirmation";
    say(reply, intent.confirm, values);
    return;
  }
  Action a{action.kind, action.topic, reply.lang, {}, values};
  if (auto p = state.known.find("postcode"); p != state.known.end()) a.postcode = p->second;
  reply.action = std::move(a);  // the message follows in finish_action()
}

// Asks for `slot` (after `why`, when a value was refused), or gives up after kMaxAsks asks in a
// row and offers the ways on. Always false: the intent is not complete.
bool Dialogue::ask(Turn& turn, const config::Intent& intent, const std::string& slot,
                   const config::LangText& prompt, const std::string* why,
                   const std::map<std::string, std::string>& values) const {
  auto& state = turn.state;
  if (state.asked >= kMaxAsks) {
    state.pending_intent.clear();
    state.asked = 0;
    turn.reply.intent.clear();  // not answered: the resident is offered the ways on
    turn.reply.confidence = 0;
    say(turn.reply, sentence(Sentence::gave_up, turn.reply.lang));
    suggest_ways_on(turn.reply);
    return false;
  }
  // Asked now; finished when the resident replies (within the session's lifetime).
  state.pending_intent = intent.id;
  ++state.asked;
  turn.reply.expecting = slot;
  if (why != nullptr) say(turn.reply, *why);
  say(turn.reply, prompt, values);
  return false;
}

// The slots' values (and the lookup table's columns for them) into `values`; false when the
// resident is asked for one instead.
bool Dialogue::fill_slots(Turn& turn, const config::Intent& intent,
                          std::map<std::string, std::string>& values) const {
  auto& state = turn.state;
  for (const auto& slot : intent.slots) {
    // Only when the table has them: "2026" in a question is a year, not an area.
    if (takes_postcode_digits(intent, slot) && !turn.postcode_digits.empty() &&
        find_row(*intent.lookup, turn.postcode_digits) != nullptr) {
      values[slot.name] = turn.postcode_digits;
      continue;
    }
    auto known = state.known.find(slot.entity);
    if (known == state.known.end() && takes_postcode_digits(intent, slot))
      known = state.known.find(kPostcodeDigits);
    if (known == state.known.end()) return ask(turn, intent, slot.name, slot.prompt);
    // A postcode for something the municipality does (its alerts) must lie in it; a lookup
    // says so itself, with its own words.
    if (slot.entity == "postcode" && !intent.lookup && !in_area(known->second)) {
      state.known.erase(known);
      const std::string why = sentence(Sentence::not_in_area, turn.reply.lang);
      return ask(turn, intent, slot.name, slot.prompt, &why);
    }
    values[slot.name] = known->second;
  }
  if (!intent.lookup) return true;
  const auto& lookup = *intent.lookup;
  const auto* row = find_row(lookup, values[lookup.key]);
  if (row == nullptr) {
    // Wrong or foreign value: forget it and ask again, saying which ({postcode}).
    for (const auto& slot : intent.slots)
      if (slot.name == lookup.key) state.known.erase(slot.entity);
    state.known.erase(kPostcodeDigits);
    return ask(turn, intent, lookup.key, lookup.not_found, nullptr,
               {{lookup.key, values[lookup.key]}});
  }
  for (std::size_t c = 1; c < lookup.table.columns.size(); ++c)
    values[lookup.table.columns[c]] = (*row)[c - 1];
  return true;
}

void Dialogue::answer_with(Turn& turn, const config::Intent& intent,
                           const std::map<std::string, std::string>& values) const {
  auto& reply = turn.reply;
  // Help in a crisis that staff stand behind (a person offered with it), unlike an emergency's
  // "call 112", stays with the conversation until another topic is answered: then the resident
  // has moved on, and the help is not shown again to whoever reads the screen next.
  if (intent.urgent && intent.handoff != config::Intent::Handoff::none)
    turn.state.crisis_intent = intent.id;
  else
    turn.state.crisis_intent.clear();
  say(reply, intent.answer, values);
  const std::size_t answer = reply.messages.size() - 1;
  const bool in_part = answer_in_part(turn, intent, reply.messages[answer].text);
  auto& links = reply.messages.back().links;
  links.reserve(intent.links.size());
  for (const auto& link : intent.links)
    links.push_back(
        {config::pick_language(link.title, reply.lang, config_.default_language), link.url});
  // A value from earlier in the conversation is named, so the resident can correct it.
  for (const auto& slot : intent.slots) {
    const auto found = values.find(slot.name);
    if (found == values.end()) continue;
    const std::string& value = found->second;
    if (!turn.told(slot.entity) && reply.messages[answer].text.find(value) == std::string::npos)
      say(reply, config::fill_placeholders(sentence(Sentence::reused_value, reply.lang),
                                           {{"value", value}}));
  }
  // The rest of the answer a tap away, before the topics it leads on to.
  if (in_part && reply.suggestions.size() < config_.matcher.max_suggestions)
    reply.suggestions.push_back({intent.id, sentence(Sentence::whole_answer, reply.lang)});
  for (const auto& id : intent.suggestions)
    if (const auto* s = config_.find_intent(id)) suggest(reply, *s);
  if (intent.handoff != config::Intent::Handoff::none) offer_handoff(reply, turn.message);
}

// "wat kost het?" after the passport, "hoe lang duurt het?": the answer's sentences about what
// was asked, rather than all of it again. Not for help in a crisis (every line of it matters),
// an answer made from a table or with values, or an intent whose staff want it whole; nor for a
// tapped button, which asks for the topic itself. Whether `text` was cut to that part.
bool Dialogue::answer_in_part(const Turn& turn, const config::Intent& intent,
                              std::string& text) const {
  if (turn.named_part) {
    if (turn.named_part->empty()) return false;
    text = *turn.named_part;
    return true;
  }
  if (turn.tokens.empty() || intent.urgent || intent.whole_answer || !intent.slots.empty())
    return false;
  const bool follows_up = turn.joined || is_follow_up(turn.tokens);
  const auto asked = asked_aspects(turn.tokens, turn.reply.lang, follows_up, title_words(intent));
  if (asked.none()) {
    // "geldt die ook voor een tweede auto?" after the parking permit: the sentences its own
    // words name, when the answer has them.
    if (!turn.joined || turn.tokens.size() > kMaxNamedFollowUpTokens) return false;
    auto named = answer_sentences_->sentences_naming(intent, turn.reply.lang, turn.tokens);
    if (!named || named->empty()) return false;
    text = std::move(*named);
    return true;
  }
  // The question is read in the resident's language, the answer in the one it is written in: an
  // intent without a German answer answers a German question in Dutch.
  const std::string& written_in =
      intent.answer.contains(turn.reply.lang) ? turn.reply.lang : config_.default_language;
  auto part = sentences_about(text, asked, written_in);
  if (part.empty()) return false;
  // "mijn hond is overleden, moet ik dan nog hondenbelasting betalen?": a question that names a
  // matter the answer does not speak of asks more than the part (here, when the tax stops), and
  // gets the whole answer.
  if (answer_sentences_->names_another_matter(
          intent, written_in, turn.tokens,
          [&](std::string_view w) { return asks_with(w, turn.reply.lang); }))
    return false;
  text = std::move(part);
  return true;
}

bool Dialogue::names_title_subject(const config::Intent& intent, std::string_view lang,
                                   const std::vector<intents::Token>& tokens) const {
  constexpr std::size_t kMinLetters = 4;
  constexpr int kMaxTitles = 2;
  // Asking for help names no subject: "need some help with my bins" is not "Help with addiction".
  static const std::set<std::string, std::less<>> kHelp = {"help",  "hulp",  "hilfe", "hjælp",
                                                           "hjalp", "hjelp", "aide"};
  const auto& words = title_words(intent);
  return std::any_of(tokens.begin(), tokens.end(), [&](const intents::Token& t) {
    if (t.folded.size() < kMinLetters || kHelp.contains(t.folded) ||
        says_nothing_of_the_subject(lang, t.folded) ||
        std::find(words.begin(), words.end(), t.folded) == words.end())
      return false;
    const auto count = title_word_intents_.find(t.folded);
    return count != title_word_intents_.end() && count->second <= kMaxTitles;
  });
}

const std::vector<std::string>& Dialogue::title_words(const config::Intent& intent) const {
  static const std::vector<std::string> kNoTitle;
  const auto found = title_words_.find(intent.id);
  return found == title_words_.end() ? kNoTitle : found->second;
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
    std::map<std::string, std::string> values = reply.action->values;  // "rond {postcode}"
    std::string names, others;
    for (const auto& id : result.topics) {
      const auto* topic = config_.find_topic(id);
      const auto name =
          in_a_sentence(topic ? config::pick_language(topic->name, lang, def) : id, lang);
      names.append(names.empty() ? "" : ", ").append(name);
      if (id != reply.action->topic) others.append(others.empty() ? "" : ", ").append(name);
    }
    values["topics"] = names;
    // A sentence naming the other topics, or nothing: "{topic}. {topics}" repeats a lone topic.
    values["also"] = others.empty()
                         ? std::string()
                         : config::fill_placeholders(sentence(Sentence::also_subscribed, lang),
                                                     {{"topics", others}});
    if (const auto* topic = config_.find_topic(reply.action->topic))
      values["topic"] = in_a_sentence(config::pick_language(topic->name, lang, def), lang);
    text = config::fill_placeholders(config::pick_language(intent->answer, lang, def), values);
  }
  reply.messages.assign(1, Said{std::move(text), {}});
  reply.action.reset();
}

void Dialogue::answer_turn(Turn& turn) const {
  auto& state = turn.state;
  // Before the entities: an age or an income is not a house number to remember.
  if (!state.scheme_field.empty() && at_scheme_question(turn)) return;
  if (has_slots_ && !turn.text.empty()) {
    // What the resident tells (a postcode, a date) is remembered for the session, so a later
    // question needs not ask again.
    std::string without_postcode;
    for (const auto& e : intents::extract_entities(turn.text, intents::local_today())) {
      state.known[std::string(intents::entity_type_name(e.type))] = e.value;
      turn.told_types.set(static_cast<std::size_t>(e.type));
      if (e.type == intents::EntityType::postcode) {
        if (without_postcode.empty()) without_postcode = turn.text;
        std::fill(without_postcode.begin() + static_cast<std::ptrdiff_t>(e.begin),
                  without_postcode.begin() + static_cast<std::ptrdiff_t>(e.end), ' ');
      }
    }
    // Its digits and letters ("9701 ab") are no words of the question: matched without them
    // ("wanneer komt het papier 9701 ab" is the waste calendar).
    if (!without_postcode.empty()) {
      turn.tokens = intents::tokenize(without_postcode);
      spelling_->respell_ij(turn.tokens);
    }
    take_postcode_digits(turn);
    if (!turn.told_types.test(static_cast<std::size_t>(intents::EntityType::postcode)))
      for (const auto& t : turn.tokens)
        if (is_postcode_digits(t.folded)) {
          turn.postcode_digits = t.folded;
          break;
        }
  }
  // "Hallo, ich möchte wissen, wie ich einen Parkausweis bekomme": the greeting is no part of
  // the question, and would only draw the matcher to the greeting. Nor of "Servus, kurze
  // Frage", which says a question comes.
  if (const std::size_t greeting = leading_greeting(turn.tokens);
      greeting > 0 && greeting < turn.tokens.size()) {
    const auto rest = turn.tokens.begin() + static_cast<std::ptrdiff_t>(greeting);
    const auto talk = turn.tokens.size() < greeting + kMinTokensAfterAGreeting
                          ? recognise_small_talk({rest, turn.tokens.end()})
                          : std::nullopt;
    if (turn.tokens.size() >= greeting + kMinTokensAfterAGreeting ||
        (talk && talk->kind == SmallTalk::opener))
      turn.tokens.erase(turn.tokens.begin(), rest);
  }
  const config::Intent* waiting = nullptr;
  if (follow_up(turn, waiting)) return;
  match(turn, waiting);
}

// "9701" as the answer to such a postcode question: kept apart from whole postcodes (which
// alerts and everything else read), for the tables alone.
void Dialogue::take_postcode_digits(Turn& turn) const {
  auto& state = turn.state;
  if (state.pending_intent.empty() ||
      turn.told_types.test(static_cast<std::size_t>(intents::EntityType::postcode)))
    return;
  const config::Intent* intent = config_.find_intent(state.pending_intent);
  if (intent == nullptr) return;
  const auto asked = first_missing(state, *intent);  // the question being asked
  if (asked == intent->slots.end() || !takes_postcode_digits(*intent, *asked)) return;
  std::string_view text = turn.text;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  if (!is_postcode_digits(text)) return;
  state.known[kPostcodeDigits] = std::string(text);
  turn.told_types.set(static_cast<std::size_t>(intents::EntityType::postcode));
}

// "stop": the platform's command and "afmelden" stop every alert at once; the bare word ends the
// question under way, or asks whether to stop every alert.
void Dialogue::stop(Turn& turn, bool in_dialogue) const {
  auto& state = turn.state;
  state.crisis_intent.clear();
  state.pending_intent.clear();
  state.parked_intent.clear();
  state.asked = 0;
  state.awaiting_confirmation = false;
  const bool command = turn.message.kind == Message::Kind::stop;
  if ((in_dialogue && !command) || unsubscribe_all_ == nullptr) {
    turn.reply.intent = std::string(kEndDialogue);
    turn.reply.confidence = 1.0;
    say(turn.reply, sentence(Sentence::end_dialogue, turn.reply.lang));
    return;
  }
  if (!command && unsubscribe_all_->confirm.empty()) {
    // The content does not say how to ask: loket asks in its own words.
    turn.reply.intent = unsubscribe_all_->id;
    turn.reply.confidence = 1.0;
    turn.reply.expecting = "confirmation";
    state.pending_intent = unsubscribe_all_->id;
    state.awaiting_confirmation = true;
    say(turn.reply, sentence(Sentence::confirm_stop_all, turn.reply.lang));
    return;
  }
  complete(turn, *unsubscribe_all_, 1.0, /*confirmed=*/command);
}

// A chosen intent, "stop", a keyword, the answer to what the bot asked, or small talk: true when
// that answered the turn. Otherwise `waiting` is the intent still waiting for a slot, if any.
bool Dialogue::follow_up(Turn& turn, const config::Intent*& waiting) const {
  auto& state = turn.state;
  const std::string pending = std::exchange(state.pending_intent, {});
  const bool awaiting_confirmation = std::exchange(state.awaiting_confirmation, false);
  waiting = pending.empty() ? nullptr : config_.find_intent(pending);
  if (turn.chosen_intent == kHandoffIntent) {
    start_handoff(turn);
    return true;
  }
  if (turn.chosen_intent == kEndHandoffIntent) {  // a button left from a handoff that is over
    turn.reply.intent = std::string(kEndHandoffIntent);
    turn.reply.confidence = 1.0;
    say(turn.reply, handoff_sentence(HandoffSentence::callback_dropped, turn.reply.lang));
    return true;
  }
  if (!turn.chosen_intent.empty()) {
    complete(turn, *config_.find_intent(turn.chosen_intent), 1.0);
    return true;
  }
  if (turn.message.kind == Message::Kind::stop || is_stop_word(turn.tokens)) {
    stop(turn, waiting != nullptr);
    return true;
  }
  if (auto k = keywords_.find(folded(turn.tokens)); k != keywords_.end()) {
    // Said in so many words ("afmelden"): no need to ask again.
    complete(turn, *k->second, 1.0, /*confirmed=*/k->second == unsubscribe_all_);
    return true;
  }
  // "Sprechen Sie Deutsch?" asks which languages loket speaks (small talk, below); "und auf
  // Deutsch?" asks for the answer in one.
  const auto talk = recognise_small_talk(turn.tokens);
  const auto lang =
      talk && talk->kind == SmallTalk::languages ? std::nullopt : asked_language(turn.tokens);
  if (lang) {
    answer_in(turn, *lang, waiting, awaiting_confirmation);
    return true;
  }
  if (waiting != nullptr && awaiting_confirmation) {
    if (at_confirmation(turn, *waiting)) return true;
    waiting = nullptr;  // a new question: the offer to act is dropped, not kept for later
    return false;
  }
  if (waiting != nullptr && calls_off_the_question(turn.tokens)) {
    stop(turn, /*in_dialogue=*/true);
    return true;
  }
  // "nee, dat bedoel ik niet" at "Wat is uw postcode?": the question asked was the wrong one, and
  // asking it again would trap the resident; the topics to choose from follow instead.
  if (waiting != nullptr && rejects_the_answer(turn.tokens)) {
    waiting = nullptr;
    return false;
  }
  if (waiting != nullptr && at_slot_prompt(turn, *waiting)) return true;
  if (const config::Intent* parked = config_.find_intent(state.parked_intent);
      parked != nullptr && std::any_of(parked->slots.begin(), parked->slots.end(),
                                       [&](const auto& s) { return turn.told(s.entity); })) {
    complete(turn, *parked, 1.0);  // the value for the question the resident set aside
    return true;
  }
  if (talk) {
    // An angry question is still a question ("die kut container is wéér niet geleegd"): what
    // it asks is answered when loket is sure of it without the swearing.
    if (talk->kind == SmallTalk::abuse) {
      auto words = without_swearing(turn.tokens);
      std::swap(turn.tokens, words);
      if (!turn.tokens.empty() && rank(turn, waiting).confident) return false;
      std::swap(turn.tokens, words);
    }
    if (waiting == nullptr &&
        (talk->kind == SmallTalk::acknowledgement || talk->kind == SmallTalk::unsure) &&
        stays_with_the_crisis(turn))
      return true;
    small_talk(turn, *talk);
    if (waiting != nullptr) state.pending_intent = waiting->id;  // the question still stands
    return true;
  }
  return false;
}

// "in English, please": the conversation goes on in that language, and what was asked last (the
// yes/no question or the value asked for, still standing; else the question before) is said
// again in it.
void Dialogue::answer_in(Turn& turn, const std::string& lang, const config::Intent* waiting,
                         bool confirming) const {
  auto& reply = turn.reply;
  auto& state = turn.state;
  const std::string before = state.lang.empty() ? config_.default_language : state.lang;
  reply.lang = lang;
  if (!config_.has_language(lang)) {
    if (waiting != nullptr) {  // the question still stands
      state.pending_intent = waiting->id;
      state.awaiting_confirmation = confirming;
    }
    if (!not_spoken(turn)) say(reply, config_.messages.fallback);
    return;
  }
  if (waiting != nullptr && confirming) {
    // Its yes/no question again: loket's own words for stopping every alert, else the content's.
    if (waiting == unsubscribe_all_)
      stop(turn, /*in_dialogue=*/false);
    else
      complete(turn, *waiting, 1.0);
    return;
  }
  if (waiting != nullptr) {
    if (const auto missing = first_missing(state, *waiting); missing != waiting->slots.end()) {
      // The same question again, in other words: not one of the resident's tries.
      state.pending_intent = waiting->id;
      reply.intent = waiting->id;
      reply.confidence = 1.0;
      reply.expecting = missing->name;
      say(reply, missing->prompt);
      return;
    }
  }
  if (state.last_question) {
    // Ranked in the language it was asked in.
    const std::size_t k = std::max<std::size_t>(config_.matcher.max_suggestions, 2);
    Ranking again{
        candidates(intents::tokenize(state.last_question.get()), before, k), 0, false, {}, true};
    judge(again);
    if (again.confident) {
      const config::Intent* intent = intent_by_index_[again.candidates[0].intent];
      if (!intent->action) {
        complete(turn, *intent, again.best);
        return;
      }
    }
  }
  small_talk(turn, SmallTalkMatch{SmallTalk::opener, {lang}});
}

// At "shall I ...? (yes/no)": a corrected value asks again with it; only a clear yes acts; a no
// declines; a new question is answered and the offer dropped; a yes with more after it asks
// again (up to kMaxAsks times); anything else declines.
bool Dialogue::at_confirmation(Turn& turn, const config::Intent& waiting) const {
  if (std::any_of(waiting.slots.begin(), waiting.slots.end(),
                  [&](const config::Slot& s) { return turn.told(s.entity); })) {
    complete(turn, waiting, 1.0);
    return true;
  }
  const YesNo answer = yes_or_no(turn.tokens);
  const bool short_answer = turn.tokens.size() <= kMaxClearAnswerTokens;
  if (answer == YesNo::yes && short_answer) {
    complete(turn, waiting, 1.0, /*confirmed=*/true);
    return true;
  }
  if (answer == YesNo::neither || !short_answer) {
    const Ranking ranking = rank(turn, &waiting);
    if (ranking.confident) return false;  // a new question: answered by match()
  }
  // "ja, en wanneer komt het papier?": a yes, but not a plain one; acting needs one, and saying
  // no to a "ja" would be wrong too. The question again.
  if (answer == YesNo::yes && turn.state.asked < kMaxAsks) {
    const int asked = turn.state.asked + 1;
    say(turn.reply, sentence(Sentence::confirm_again, turn.reply.lang));
    if (!waiting.confirm.empty()) {
      complete(turn, waiting, 1.0);
      turn.state.asked = asked;
      return true;
    }
    // Only "stop" asks without the content's words: it asks in loket's own.
    turn.reply.intent = waiting.id;
    turn.reply.confidence = 1.0;
    turn.reply.expecting = "confirmation";
    turn.state.pending_intent = waiting.id;
    turn.state.awaiting_confirmation = true;
    turn.state.asked = asked;
    say(turn.reply, sentence(Sentence::confirm_stop_all, turn.reply.lang));
    return true;
  }
  turn.reply.intent = waiting.id;
  turn.reply.confidence = 1.0;
  if (waiting.declined.empty())
    say(turn.reply, sentence(Sentence::declined, turn.reply.lang));
  else
    say(turn.reply, waiting.declined);
  return true;
}

// At a slot's question: "I don't know" gets help and the question again; a complete set of
// values finishes the intent. False: the message is something else (matched next).
bool Dialogue::at_slot_prompt(Turn& turn, const config::Intent& waiting) const {
  auto& state = turn.state;
  const auto missing = first_missing(state, waiting);
  if (missing != waiting.slots.end() && says_dont_know(turn.tokens)) {
    state.pending_intent = waiting.id;
    turn.reply.intent = waiting.id;
    turn.reply.confidence = 1.0;
    turn.reply.expecting = missing->name;
    say(turn.reply,
        config::fill_placeholders(sentence(Sentence::dont_know, turn.reply.lang),
                                  {{"help", where_to_find(missing->entity, turn.reply.lang)}}));
    say(turn.reply, missing->prompt);
    return true;
  }
  if (missing == waiting.slots.end() && turn.told_types.any()) {
    complete(turn, waiting, 1.0);
    return true;
  }
  return false;
}

void Dialogue::small_talk(Turn& turn, const SmallTalkMatch& match) const {
  auto& reply = turn.reply;
  // A language the client named ('lang', the page's, already the reply's) wins: "hallo" on
  // the English page is greeted in English.
  const std::string lang =
      turn.message.lang.empty() ? small_talk_lang(match, turn.state.lang) : turn.reply.lang;
  const bool foreign = lang.empty() && !match.langs.empty();
  if (foreign && match.kind != SmallTalk::languages) {
    reply.lang = match.langs.front();
    if (!not_spoken(turn)) say(reply, config_.messages.fallback);
    return;
  }
  reply.lang = foreign ? match.langs.front() : lang.empty() ? reply.lang : lang;
  const std::string id(small_talk_id(match.kind));
  reply.intent = id;
  reply.confidence = 1.0;
  const std::map<std::string, std::string> values = {
      {"municipality", config_.municipality},
      {"languages", language_list(config_.languages, reply.lang)}};
  // The staff's own answer when the content has this intent, in a language it serves.
  if (const auto* own = config_.find_intent(id); own != nullptr && config_.has_language(reply.lang))
    answer_with(turn, *own, values);
  else
    say(reply, config::fill_placeholders(small_talk_answer(match.kind, reply.lang), values));
  if (match.kind == SmallTalk::abuse || match.kind == SmallTalk::acknowledgement ||
      match.kind == SmallTalk::unsure || match.kind == SmallTalk::opener ||
      match.kind == SmallTalk::who_are_you)
    suggest_ways_on(reply);
}

void Dialogue::judge(Ranking& r) const {
  const double second = r.candidates.size() > 1 ? r.candidates[1].score : 0;
  r.best = r.candidates.empty() ? 0 : r.candidates[0].score;
  r.confident = r.best >= sure_threshold_ &&
                (second < threshold_ || r.best - second >= config_.matcher.ambiguity_margin);
}

std::vector<intents::Candidate> Dialogue::candidates(const std::vector<intents::Token>& tokens,
                                                     const std::string& lang, std::size_t k) const {
  auto ranked = matcher_->rank(tokens, lang, k);
  // Below the suggestion floor a candidate is neither answered nor offered: one with required
  // words goes without stemming the message to look for them, which most messages would cost.
  MessageStems stems(tokens);
  std::erase_if(ranked, [&](const intents::Candidate& c) {
    const auto& required = required_by_index_[c.intent];
    return required && (c.score < threshold_ * kSuggestionFloor || !required->found_in(stems));
  });
  return ranked;
}

// The matcher's view of the turn. "nee, dat bedoel ik niet, ik ben niet gehandicapt": a message
// that says the answer just given was wrong never gets that answer again, however long it is
// (its other words may well lead back to it); what else it names may be answered.
Dialogue::Ranking Dialogue::rank(Turn& turn, const config::Intent* waiting) const {
  Ranking ranking = rank_words(turn, waiting);
  if (!says_the_answer_was_wrong(turn.tokens)) return ranking;
  const auto rejected = answered_before(turn);
  // Help in a crisis stays within reach, whatever was said of it.
  if (!rejected || intent_by_index_[*rejected] == nullptr || intent_by_index_[*rejected]->urgent ||
      std::none_of(ranking.candidates.begin(), ranking.candidates.end(),
                   [&](const intents::Candidate& c) { return c.intent == *rejected; }))
    return ranking;
  std::erase_if(ranking.candidates,
                [&](const intents::Candidate& c) { return c.intent == *rejected; });
  // Only the short "dat is het niet" asks nothing: a longer one may name what was meant.
  const bool may_answer = !rejects_the_answer(turn.tokens);
  judge(ranking);
  ranking.confident = ranking.confident && may_answer;
  return ranking;
}

// The matcher's view of the turn's words; a follow-up ("en hoe lang duurt dat?") is ranked
// together with the question before it.
Dialogue::Ranking Dialogue::rank_words(Turn& turn, const config::Intent* waiting) const {
  // Deeper where an urgent intent may be further down than the topics offered.
  const std::size_t k =
      std::max<std::size_t>({config_.matcher.max_suggestions, 2, has_urgent_ ? kUrgentReach : 0});
  Ranking ranking{candidates(turn.tokens, turn.reply.lang, k), 0, false, {}, false};
  judge(ranking);
  // "afvalkalnder": a message loket hesitates over between topics, with a word no example has
  // but one typo from one that does, is read as corrected when that makes loket sure of the
  // topic it already put first. A correction never brings a topic of its own: "think" is one
  // typo from "thank". Nor does it push help in a crisis out of the ranking.
  const auto near_urgent = [&] {
    return std::any_of(ranking.candidates.begin(), ranking.candidates.end(),
                       [&](const intents::Candidate& c) { return comes_near_as_urgent(c); });
  };
  if (!ranking.confident && !ranking.candidates.empty() && ranking.best >= threshold_ &&
      !near_urgent()) {
    if (auto corrected = spelling_->correct(turn.tokens, true)) {
      Ranking again{
          candidates(intents::tokenize(*corrected), turn.reply.lang, k), 0, false, {}, false};
      judge(again);
      if (again.confident && again.candidates[0].intent == ranking.candidates[0].intent)
        ranking = std::move(again);
    }
  }
  const auto& state = turn.state;
  // "dat is het niet": the answer before was wrong, and this is no question to answer; "kosten?"
  // with no question before asks about nothing yet. Both get the topics to choose from.
  if (rejects_the_answer(turn.tokens) ||
      (!state.last_question && asks_only_about_an_aspect(turn.tokens))) {
    ranking.confident = false;
    return ranking;
  }
  if (!state.last_question) return ranking;
  // Only a message that reads as a follow-up is joined to the question before it, and two
  // others: a postcode alone after an answer that used one ("9702 AA" after the waste calendar
  // for 9701 AB) is that question again for it; a message loket is not sure of that comes near
  // the topic asked about before ("moet ik zelf aangifte doen?" after a death) is about that one
  // (not while loket waits for an answer, which that would take for the question asked again).
  // Anything else the bot did not understand stays not understood.
  const bool follows = is_follow_up(turn.tokens);
  const bool new_postcode =
      !follows && turn.told("postcode") && intents::normalise_postcode(turn.text).has_value();
  const bool unsure = waiting == nullptr && !follows && !new_postcode && !ranking.confident &&
                      ranking.best >= threshold_;
  if (!follows && !new_postcode && !unsure) return ranking;
  // However it points back ("how hot is it?", "will it rain this weekend?" after the passport), a
  // message naming what no answer speaks of asks about something the content knows nothing of,
  // not about the topic before.
  const auto topic_before = answered_before(turn);
  const config::Intent* answered = topic_before ? intent_by_index_[*topic_before] : nullptr;
  if (follows && turn.told_types.none() && answered != nullptr &&
      answer_sentences_->names_what_no_answer_has(
          *answered, turn.reply.lang, turn.tokens,
          [this](std::string_view word) { return spelling_->knows(word); }))
    return ranking;
  Ranking together{{}, 0, false, std::string(state.last_question.get()), true};
  // A postcode adds nothing to what was asked, and its letters ("AB") would only blur it.
  if (!new_postcode) together.joined.append(" ").append(turn.text);
  together.candidates = candidates(intents::tokenize(together.joined), turn.reply.lang, k);
  judge(together);
  // A follow-up's own words thin the question out ("I want to get married, where do I go?"):
  // when together they still lead to the topic just answered, that answer stands.
  if (!together.confident && follows && together.best >= threshold_ &&
      answered_before(turn) == together.candidates[0].intent)
    together.confident = true;
  if (!together.confident) return ranking;
  if (unsure) {
    // Among the message's own first few, and near enough to be offered.
    const auto near =
        ranking.candidates.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(
                                         ranking.candidates.size(), kMaxCandidatesSettled));
    const bool came_near =
        std::any_of(ranking.candidates.begin(), near, [&](const intents::Candidate& c) {
          return c.intent == together.candidates[0].intent &&
                 c.score >= threshold_ * kSuggestionFloor;
        });
    return came_near && answered_before(turn) == together.candidates[0].intent ? together : ranking;
  }
  if (new_postcode) {
    const auto& slots = intent_by_index_[together.candidates[0].intent]->slots;
    if (std::none_of(slots.begin(), slots.end(),
                     [](const auto& slot) { return slot.entity == "postcode"; }))
      return ranking;  // a postcode means nothing to the question before
  }
  // "nee ik bedoel het zwembad, niet het stadhuis" names no new value and leads back to the
  // answer just given: that answer was not it, and saying it again would not help.
  // One understood on its own as something else ("nee ik bedoel de bibliotheek") is that.
  if (is_correction(turn.tokens) && turn.told_types.none() &&
      answered_before(turn) == together.candidates[0].intent &&
      (!ranking.confident || ranking.candidates[0].intent == together.candidates[0].intent)) {
    ranking.confident = false;
    return ranking;
  }
  // A follow-up that is a question of its own ("en hoe vraag ik een paspoort aan?") stays one;
  // a word or two ("and paper?") means the question before, and so does a longer one that
  // alone matches something else clearly less well than with the question before ("waar doe ik
  // dat?" is no goodbye).
  // "openingstijden?" after the passport: the Stadswinkel's hours. After a topic with opening
  // hours of its own ("open op zaterdag?" after the recycling centre), its hours.
  if (asks_only_when_open(turn.tokens) && ranking.confident &&
      !has_opening_hours_[together.candidates[0].intent])
    return ranking;
  const bool elliptical = turn.tokens.size() <= kMaxEllipticalTokens;
  const bool elsewhere = intent_by_index_[together.candidates[0].intent] !=
                         intent_by_index_[ranking.candidates[0].intent];
  // One that with the question before stays on the topic just answered is about that topic,
  // unless alone it is clearly about another ("moet ik zelf aangifte doen?" after a death is not
  // the birth, which it matches as well on its own).
  if (ranking.confident && !elliptical && together.best < ranking.best * kJoinedLead && elsewhere &&
      !(follows && ranking.best < together.best * kJoinedLead &&
        answered_before(turn) == together.candidates[0].intent))
    return ranking;
  // "en een bezoekerskaart?" after the residents' permit names a topic of its own, which the
  // question before only drowns out: understood alone as another topic, and not an aspect of
  // the one before ("en de kosten?"), it is that one. After a topic that asks for values (the
  // waste calendar's postcode), a word or two its answer speaks of asks it again ("and
  // paper?"); one it does not ("en glas?": no one collects glass at the door) is that other.
  if (ranking.confident && elliptical && elsewhere && turn.told_types.none() &&
      !asks_only_about_an_aspect(turn.tokens) && !asks_only_when_open(turn.tokens) &&
      answered_before(turn) == together.candidates[0].intent &&
      !answer_speaks_of(together.candidates[0].intent, turn.tokens))
    return ranking;
  return together;
}

void Dialogue::match(Turn& turn, const config::Intent* waiting) const {
  auto& state = turn.state;
  const Ranking ranking = rank(turn, waiting);
  turn.reply.confidence = ranking.best;
  const config::Intent* best =
      ranking.candidates.empty() ? nullptr : intent_by_index_[ranking.candidates[0].intent];
  // Acting on a resident's behalf (a subscription) needs a clearer match than an answer does.
  const bool may_act = best == nullptr || !best->action || ranking.best >= action_threshold_;
  // Help in a crisis comes first, whatever else the message is about; the rest is a tap away.
  if (waiting == nullptr) {
    for (const auto& c : ranking.candidates) {
      const config::Intent* urgent = intent_by_index_[c.intent];
      if (!comes_near_as_urgent(c) || (urgent == best && ranking.confident)) continue;
      complete(turn, *urgent, c.score);
      if (best != nullptr && best != urgent && ranking.confident) suggest_next(turn.reply, *best);
      return;
    }
  }
  // A scheme asked about by name, unless an intent of that name answers it (the energy
  // allowance has its own). A short message is about the scheme itself ("bijzondere bijstand
  // aanvragen"); a longer one the matcher understood is about something else that names it
  // ("mijn aanvraag voor bijzondere bijstand is afgewezen: bezwaar maken"), unless the matcher
  // was drawn to its intent by the name's own words ("ik heb bijzondere bijstand nodig voor
  // een wasmachine" is not the bijstand benefit).
  if (waiting == nullptr && !ranking.is_joined) {
    if (const auto* scheme = named_scheme(turn);
        scheme != nullptr &&
        !(ranking.confident && best != nullptr && titled_like(*best, *scheme)) &&
        (!ranking.confident || turn.tokens.size() <= kMaxSchemeNameTokens ||
         (best != nullptr && titled_with_a_word_of(*best, *scheme)))) {
      answer_scheme(turn, *scheme);
      return;
    }
  }
  if (ranking.confident && may_act && best == unsubscribe_all_) {
    // Every alert off on a sentence the matcher read ("ich möchte meinen Hund abmelden") would
    // cost a resident more than the one "yes" that asking first costs.
    stop(turn, /*in_dialogue=*/false);
    turn.reply.confidence = ranking.best;
    // What else the sentence may have meant (the dog tax), a tap away beside the yes and no.
    for (std::size_t i = 1; i < ranking.candidates.size(); ++i) {
      if (ranking.candidates[i].score < threshold_ * kSuggestionFloor) break;
      if (!small_talk_by_index_[ranking.candidates[i].intent])
        suggest(turn.reply, *intent_by_index_[ranking.candidates[i].intent]);
    }
    return;
  }
  if (ranking.confident && may_act) {
    turn.joined = ranking.is_joined;
    complete(turn, *best, ranking.best);
    if (!ranking.is_joined) answer_second_question(turn, *best);
    if (waiting != nullptr && waiting != best) state.parked_intent = waiting->id;  // kept
    // The question itself, not a follow-up joined to it: the next follow-up joins it too. A
    // follow-up that moved to another topic ("en een rijbewijs?" after the passport's fee) is
    // what the next one is about ("hoe lang is die geldig?"): then the two together.
    if (!best->action && !ranking.is_joined) {
      state.last_question = copy_question(turn.text.substr(0, kMaxFollowedText));
      turn.topic_before.reset();
    } else if (!best->action && state.last_question) {
      const auto before = answered_before(turn);
      if (!before || intent_by_index_[*before] != best) {
        state.last_question =
            copy_question(std::string_view(ranking.joined).substr(0, kMaxFollowedText));
        turn.topic_before.reset();
      }
    }
    return;
  }
  if (waiting != nullptr) {
    // Not a new question and not the answer we asked for: ask again, saying what is wanted
    // (or give up after the last try).
    turn.reply.intent = waiting->id;
    turn.reply.confidence = 1.0;
    const auto missing = first_missing(state, *waiting);
    if (missing == waiting->slots.end()) {
      complete(turn, *waiting, 1.0);
      return;
    }
    // "9701" where an alert needs the whole postcode: the resident knows it, only the letters
    // are missing.
    const bool digits_only =
        missing->entity == "postcode" &&
        std::any_of(turn.tokens.begin(), turn.tokens.end(),
                    [](const intents::Token& t) { return is_postcode_digits(t.folded); });
    const std::string why = digits_only
                                ? sentence(Sentence::postcode_letters, turn.reply.lang)
                                : config::fill_placeholders(
                                      sentence(Sentence::not_recognised, turn.reply.lang),
                                      {{"help", where_to_find(missing->entity, turn.reply.lang)}});
    ask(turn, *waiting, missing->name, missing->prompt, &why);
    return;
  }
  state.asked = 0;
  // "9701 AB" alone, with nothing asked: the postcode is kept (above) for what needs one.
  if (const auto postcode =
          postcode_alone(turn.text, turn.tokens, turn.told("postcode"), state.known);
      postcode && !ranking.confident) {
    if (!in_area(*postcode)) {
      say(turn.reply, sentence(Sentence::not_in_area, turn.reply.lang));
      suggest_ways_on(turn.reply);
      return;
    }
    say(turn.reply, config::fill_placeholders(
                        sentence(Sentence::postcode_noted, turn.reply.lang),
                        {{"postcode", postcode->substr(0, 4) + " " + postcode->substr(4)}}));
    for (const auto& intent : config_.intents)
      if (std::any_of(intent.slots.begin(), intent.slots.end(),
                      [](const config::Slot& slot) { return slot.entity == "postcode"; }))
        suggest(turn.reply, intent);
    return;
  }
  if (answer_from_before(turn, ranking)) return;
  fall_back(turn, ranking);
}

std::optional<std::size_t> Dialogue::answered_before(const Turn& turn) const {
  if (turn.topic_before) return *turn.topic_before;
  const auto& state = turn.state;
  if (!state.last_question) return std::nullopt;
  const auto before = candidates(intents::tokenize(state.last_question.get()),
                                 state.lang.empty() ? turn.reply.lang : state.lang, 3);
  turn.topic_before = before.empty() ? std::optional<std::size_t>() : before[0].intent;
  return *turn.topic_before;
}

// "kan ik het laten bezorgen?" after the passport: a short question loket did not understand,
// whose own words the answer just given all speak of, gets the sentences that do (with the whole
// answer a tap away). Not after help in a crisis, nor for a topic that asks for values, acts, or
// must be answered whole.
bool Dialogue::answer_from_before(Turn& turn, const Ranking& ranking) const {
  if (ranking.confident || turn.tokens.size() > kMaxNamedFollowUpTokens ||
      !turn.state.crisis_intent.empty())
    return false;
  const auto before = answered_before(turn);
  if (!before || small_talk_by_index_[*before]) return false;
  const config::Intent* intent = intent_by_index_[*before];
  if (intent == nullptr || intent->urgent || intent->whole_answer || intent->action ||
      !intent->slots.empty() || intent->finds_schemes)
    return false;
  // What it asks about may be a part ("hoe lang moet ik wachten?") or words of the answer. A
  // part the answer does not give for what is asked ("hoe lang duurt een schuldregeling?") is not
  // answered with its words either. Only a phrase that asks counts: "free" alone is no question
  // about the cost.
  std::optional<std::string> part;
  const std::string& lang = turn.reply.lang;
  if (const auto asked = asked_aspects(turn.tokens, lang, false, title_words(*intent));
      asked.any()) {
    if (!intent->answer.contains(lang)) return false;
    auto about = sentences_about(intent->answer.at(lang), asked, lang);
    if (about.empty() || !answer_sentences_->part_speaks_of_the_rest(
                             *intent, lang, turn.tokens,
                             [&](std::string_view w) { return asks_with(w, lang); }, about))
      return false;
    part = std::move(about);
  } else {
    part = answer_sentences_->sentences_naming(*intent, lang, turn.tokens);
  }
  if (!part) return false;
  turn.named_part = std::move(part);
  turn.joined = true;
  complete(turn, *intent, ranking.best);
  return true;
}

// "hoeveel kost een paspoort en een id kaart", "ik ben verhuisd en mijn paspoort is verlopen":
// a part of the message that is clearly a question of its own about another topic is answered
// too (before a value the first asks for), when its answer needs nothing more; else it is
// offered first among the buttons.
void Dialogue::answer_second_question(Turn& turn, const config::Intent& first) const {
  // A crisis answer stands alone (the rest is a tap away), and an action's reply is made later.
  if (first.urgent || turn.reply.action) return;
  const std::string_view conjunction = conjunction_in(turn.reply.lang);
  if (conjunction.empty() || turn.tokens.size() < 2 * kMinTokensOfAPart ||
      !may_hold_two(turn.text, turn.tokens, conjunction))
    return;
  const auto parts = parts_of(turn.text, conjunction);
  if (parts.size() < 2 || parts.size() > kMaxParts) return;
  const config::Intent* second = nullptr;
  bool asked = false;  // whether its part is put as a question ("wanneer is de milieustraat open")
  for (const auto& part : parts) {
    if (part.size() < kMinTokensOfAPart) continue;
    Ranking ranking{candidates(part, turn.reply.lang, 2), 0, false, {}, false};
    judge(ranking);
    if (!ranking.confident) continue;
    const config::Intent* intent = intent_by_index_[ranking.candidates[0].intent];
    if (intent == nullptr || intent == &first || intent->urgent || intent->action ||
        intent->finds_schemes || intent->handoff == config::Intent::Handoff::requested)
      continue;
    second = intent;
    // "hoeveel kost een id kaart en een paspoort": a few words after a question ask it again.
    asked = opens_a_question(part.front().folded) ||
            (&part != &parts.front() && part.size() <= kMaxTokensOfAnAskedAgain &&
             opens_a_question(parts.front().front().folded));
    break;
  }
  if (second == nullptr) return;
  auto& reply = turn.reply;
  // Only a part put as a question is answered: "ik ga op vakantie" in "ik ga op vakantie en mijn
  // ID-kaart is verlopen" asks nothing about school holidays. The rest is offered.
  if (!second->slots.empty() || !asked) {
    std::erase_if(reply.suggestions, [&](const Suggestion& s) { return s.intent == second->id; });
    reply.suggestions.insert(
        reply.suggestions.begin(),
        {second->id, config::pick_language(second->title, reply.lang, config_.default_language)});
    if (reply.suggestions.size() > config_.matcher.max_suggestions) reply.suggestions.pop_back();
    return;
  }
  if (reply.expecting.empty()) {
    answer_with(turn, *second, {});
  } else {
    // The first asks for a value: the other answer comes before that question.
    auto asked = std::move(reply.messages);
    reply.messages.clear();
    answer_with(turn, *second, {});
    for (auto& m : asked) reply.messages.push_back(std::move(m));
  }
  // Both are answered: neither is a button any more.
  std::erase_if(reply.suggestions, [&](const Suggestion& s) {
    return s.intent == second->id || s.intent == first.id;
  });
}

// A message in a language the municipality does not serve: say so in it, with the languages it
// does serve. False when the message is not clearly in such a language.
bool Dialogue::not_spoken(Turn& turn) const {
  if (config_.has_language(turn.reply.lang)) {
    // Another script ("Привет", "مرحبا") is no language of ours, however short.
    if (turn.tokens.size() < kMinTokensForForeign && !in_another_script(turn.text)) return false;
    // Clearly none of ours, however close two others are to each other (Danish, Norwegian).
    // An e-mail or web address is in no language.
    const auto tokens =
        has_address(turn.text) ? intents::tokenize(without_addresses(turn.text)) : turn.tokens;
    const auto guess = any_language_->detect_outside(tokens, config_.languages);
    // Or by the small words only another language has ("Hvor kan jeg ...": Danish "hvor" and
    // "jeg"), when the letter statistics are not sure.
    const auto voted = foreign_by_function_words(tokens, config_.languages);
    if (!voted && (guess.lang.empty() || guess.margin < kForeignMargin)) return false;
    turn.reply.lang = !guess.lang.empty() && guess.margin >= kForeignMargin ? guess.lang : *voted;
  }
  if (!has_own_words(turn.reply.lang)) {
    // Recognised, but loket has no words in it: said in a language of the municipality's that
    // more people read (English where it is served).
    turn.reply.lang = config_.has_language(kEnglish) ? kEnglish : config_.default_language;
    say(turn.reply,
        config::fill_placeholders(sentence(Sentence::not_spoken_other, turn.reply.lang),
                                  {{"languages", language_list(config_.languages, turn.reply.lang,
                                                               /*either=*/true)}}));
    return true;
  }
  say(turn.reply,
      config::fill_placeholders(sentence(Sentence::not_spoken, turn.reply.lang),
                                {{"languages", language_list(config_.languages, turn.reply.lang,
                                                             /*either=*/true)}}));
  return true;
}

void Dialogue::fall_back(Turn& turn, const Ranking& ranking) const {
  auto& reply = turn.reply;
  // Not one of our languages: no topics to read in it, but a way on (a person, the phone).
  const bool spoken = !not_spoken(turn);
  if (spoken && stays_with_the_crisis(turn)) return;
  if (spoken) {
    const bool ambiguous = ranking.best >= threshold_;
    say(reply, ambiguous && !config_.messages.ambiguous.empty() ? config_.messages.ambiguous
                                                                : config_.messages.fallback);
    const bool wrong = says_the_answer_was_wrong(turn.tokens);
    const auto before = answered_before(turn);
    const bool topic_before =
        before && !small_talk_by_index_[*before] && intent_by_index_[*before] != nullptr;
    // "is er een spoedprocedure?" after the ID card: not understood, but likely still about the
    // topic just answered, which comes first among the topics offered (not after "dat is het
    // niet", which says it was not that).
    if (!ambiguous && turn.tokens.size() <= kMaxNamedFollowUpTokens && !wrong &&
        !is_correction(turn.tokens) && topic_before)
      suggest(reply, *intent_by_index_[*before]);
    // After "dat is het niet", what staff linked to the answer that was not it comes first (the
    // residents' permit after the disabled parking card), with room left for the message's own
    // nearest; that answer itself is not offered again.
    const auto offered = [&](std::size_t intent, double score) {
      const config::Intent* content = intent_by_index_[intent];
      const bool sensitive =
          content != nullptr &&
          (content->urgent || content->handoff == config::Intent::Handoff::offered) &&
          !names_title_subject(*content, reply.lang, turn.tokens);
      return !small_talk_by_index_[intent] && !(wrong && topic_before && intent == *before) &&
             score >= threshold_ * (sensitive ? kSensitiveSuggestionFloor : kSuggestionFloor);
    };
    if (wrong && topic_before)
      for (const auto& id : intent_by_index_[*before]->suggestions)
        if (const config::Intent* linked = config_.find_intent(id);
            linked != nullptr && linked->id != intent_by_index_[*before]->id &&
            !config::is_builtin_intent(linked->id) &&
            reply.suggestions.size() + 1 < config_.matcher.max_suggestions)
          suggest(reply, *linked);
    // Near misses first: the message with its misspelt words corrected ("lanteerpaal kappot").
    if (auto corrected = spelling_->correct(turn.tokens)) {
      const auto near = candidates(intents::tokenize(*corrected), reply.lang, 2);
      for (const auto& c : near)
        if (offered(c.intent, c.score)) suggest(reply, *intent_by_index_[c.intent]);
    }
    // Small talk's own intents ("Hallo" in "Hallo, wie bekomme ich ...") are no topic to offer.
    for (const auto& c : ranking.candidates) {
      if (c.score < threshold_ * kSuggestionFloor) break;
      if (!offered(c.intent, c.score)) continue;
      if (reply.nearest.empty()) reply.nearest = intent_by_index_[c.intent]->id;
      suggest(reply, *intent_by_index_[c.intent]);
    }
  }
  suggest_ways_on(reply);
  // Not understood again: a person may help where the bot cannot.
  if (config_.handoff && config_.handoff->after_fallbacks > 0 &&
      turn.state.fallbacks + 1 >= config_.handoff->after_fallbacks)
    offer_handoff(reply, turn.message);
}

// After help in a crisis, a message loket did not understand ("kan hij zien dat ik met jullie
// chat?"), a bare "ja" or "ik weet het niet" gets that help again and a person: never "sorry"
// with unrelated topics, or "prima".
bool Dialogue::stays_with_the_crisis(Turn& turn) const {
  const config::Intent* crisis = config_.find_intent(turn.state.crisis_intent);
  if (crisis == nullptr) return false;
  say(turn.reply, sentence(Sentence::crisis_again, turn.reply.lang));
  answer_with(turn, *crisis, {});  // offers the person too, where one can be reached
  if (!config_.handoff || !turn.message.actions_available) suggest_ways_on(turn.reply);
  return true;
}

// Whether `c` is an urgent intent near enough to be answered first. Its required words in the
// message (a candidate has them) are staff's word that it is about the crisis: then coming near
// is enough.
bool Dialogue::comes_near_as_urgent(const intents::Candidate& c) const {
  const config::Intent* intent = intent_by_index_[c.intent];
  return intent->urgent &&
         c.score >= threshold_ * (intent->required_words.empty() ? kUrgentFloor : kSuggestionFloor);
}

// The urgent help a message asks for, as the matching would answer it first.
const config::Intent* Dialogue::crisis_in(const std::vector<intents::Token>& tokens,
                                          const std::string& lang) const {
  if (!has_urgent_ || tokens.empty()) return nullptr;
  for (const auto& c : candidates(tokens, lang, kUrgentReach))
    if (comes_near_as_urgent(c)) return intent_by_index_[c.intent];
  return nullptr;
}

// Whether the answer of `intent` (one that asks for values) has every word of a short follow-up
// but its small words: "en het papier?" after the waste calendar asks what it already says.
bool Dialogue::answer_speaks_of(std::size_t intent,
                                const std::vector<intents::Token>& tokens) const {
  static const std::unordered_set<std::string_view> kSmall = {
      "en",  "and", "und", "og",  "och", "et",  "ook", "also", "de",   "het", "een",
      "the", "a",   "die", "der", "das", "den", "dem", "ein",  "eine", "wat", "what"};
  const auto& words = slotted_answer_words_[intent];
  return !words.empty() && std::all_of(tokens.begin(), tokens.end(), [&](const auto& t) {
    return kSmall.contains(t.folded) || words.contains(t.folded);
  });
}

bool Dialogue::is_handoff_intent(std::string_view id) const {
  return config_.handoff && (id == kHandoffIntent || id == kEndHandoffIntent);
}

// The button to a person, first, instead of the content's intents that only say how to reach
// one. None while handoffs cannot start (no database): those intents then stay. Outside office
// hours it says what it leads to, a question left to be answered, rather than a chat that is
// not there.
void Dialogue::offer_handoff(Reply& reply, const Message& message) const {
  if (!config_.handoff || !message.actions_available) return;
  auto& suggestions = reply.suggestions;
  std::erase_if(suggestions, [&](const Suggestion& s) {
    const auto* intent = config_.find_intent(s.intent);
    return s.intent == kHandoffIntent ||
           (intent != nullptr && intent->handoff == config::Intent::Handoff::requested);
  });
  const bool staff_in =
      config::staff_presence(config_.handoff->office_hours,
                             message.at.value_or(std::chrono::system_clock::now()))
          .open;
  suggestions.insert(
      suggestions.begin(),
      {std::string(kHandoffIntent),
       handoff_sentence(staff_in ? HandoffSentence::talk_button : HandoffSentence::callback_button,
                        reply.lang)});
  if (suggestions.size() > std::max<std::size_t>(config_.matcher.max_suggestions, 1))
    suggestions.resize(std::max<std::size_t>(config_.matcher.max_suggestions, 1));
  reply.handoff = HandoffStatus{HandoffStatus::Phase::offered, 0, 0};
}

// The resident chose a person: put through while staff are in, else asked for a callback.
void Dialogue::start_handoff(Turn& turn) const {
  auto& reply = turn.reply;
  reply.intent = std::string(kHandoffIntent);
  reply.confidence = 1.0;
  if (!turn.message.actions_available) {
    // Chosen from an older offer (or sent by hand).
    say_unreachable(reply);
    return;
  }
  const auto presence = config::staff_presence(
      config_.handoff->office_hours, turn.message.at.value_or(std::chrono::system_clock::now()));
  if (presence.open) {
    reply.handoff_request = HandoffRequest{HandoffRequest::Kind::start, {}, {}, std::nullopt};
    return;  // the messages follow from finish_handoff()
  }
  if (!presence.next) {
    ask_callback_question(turn.reply, turn.state,
                          handoff_sentence(HandoffSentence::closed_long, reply.lang));
    return;
  }
  ask_callback_question(
      turn.reply, turn.state,
      config::fill_placeholders(handoff_sentence(HandoffSentence::closed, reply.lang),
                                {{"when", opening_phrase(*presence.next, reply.lang)}}));
}

void Dialogue::ask_callback_question(Reply& reply, SessionState& state, std::string text) const {
  state.handoff = SessionState::Handoff::callback_question;
  state.callback_question.clear();
  state.asked = 0;
  reply.expecting = "question";
  say(reply, std::move(text));
  reply.suggestions.assign(1, {std::string(kEndHandoffIntent),
                               handoff_sentence(HandoffSentence::end_button, reply.lang)});
  reply.handoff = HandoffStatus{HandoffStatus::Phase::callback, 0, 0};
}

// Leaving a question to be called back about, and an e-mail address or phone number: "stop" or
// the end button leaves it, another button answers that instead.
void Dialogue::at_callback(Turn& turn) const {
  auto& state = turn.state;
  auto& reply = turn.reply;
  const auto leave = [&] {
    state.handoff = SessionState::Handoff::none;
    state.callback_question.clear();
    state.asked = 0;
  };
  if (turn.chosen_intent == kEndHandoffIntent || turn.message.kind == Message::Kind::stop ||
      is_stop_word(turn.tokens)) {
    leave();
    reply.intent = std::string(kEndHandoffIntent);
    reply.confidence = 1.0;
    say(reply, handoff_sentence(HandoffSentence::callback_dropped, reply.lang));
    return;
  }
  if (!turn.chosen_intent.empty()) {
    leave();
    answer_turn(turn);
    return;
  }
  // "ik zie het niet meer zitten" while a call back is being arranged: the help lines now, and
  // the call back still (a person calls the next working day).
  // The help's words alone: its buttons and a person offered would stand beside the call back.
  if (const config::Intent* crisis = crisis_in(turn.tokens, reply.lang)) say(reply, crisis->answer);
  reply.intent = std::string(kHandoffIntent);
  reply.confidence = 1.0;
  const std::string contact = contact_in(turn.text);
  const auto ask_contact = [&](bool again) {
    state.handoff = SessionState::Handoff::callback_contact;
    reply.expecting = "contact";
    if (again) say(reply, handoff_sentence(HandoffSentence::contact_invalid, reply.lang));
    say(reply, handoff_sentence(HandoffSentence::ask_contact, reply.lang));
    reply.suggestions.assign(1, {std::string(kEndHandoffIntent),
                                 handoff_sentence(HandoffSentence::end_button, reply.lang)});
    reply.handoff = HandoffStatus{HandoffStatus::Phase::callback, 0, 0};
  };
  if (state.handoff == SessionState::Handoff::callback_question) {
    state.callback_question = cut_short(turn.text, kMaxTranscriptLineBytes * 2);
    if (contact.empty()) {
      ask_contact(false);
      return;
    }
  } else if (contact.empty()) {
    if (++state.asked >= kMaxAsks) {
      leave();
      reply.intent = std::string(kEndHandoffIntent);
      say(reply, handoff_sentence(HandoffSentence::callback_dropped, reply.lang));
      return;
    }
    ask_contact(true);
    return;
  }
  const auto presence = config::staff_presence(
      config_.handoff->office_hours, turn.message.at.value_or(std::chrono::system_clock::now()));
  reply.handoff_request =
      HandoffRequest{HandoffRequest::Kind::callback, std::move(state.callback_question), contact,
                     presence.open ? std::nullopt : presence.next};
  leave();
}

void Dialogue::finish_handoff(Reply& reply, SessionState& state,
                              const HandoffOutcome& outcome) const {
  if (!reply.handoff_request) return;
  const HandoffRequest request = std::move(*reply.handoff_request);
  reply.handoff_request.reset();
  const auto end_button = [&] {
    reply.suggestions.assign(1, {std::string(kEndHandoffIntent),
                                 handoff_sentence(HandoffSentence::end_button, reply.lang)});
  };
  switch (outcome.kind) {
    case HandoffOutcome::Kind::waiting:
      state.handoff = SessionState::Handoff::with_person;
      state.handoff_id = outcome.id;
      say(reply, config::fill_placeholders(
                     handoff_sentence(HandoffSentence::waiting, reply.lang),
                     {{"position", std::to_string(outcome.position)},
                      {"minutes", std::to_string(wait_minutes(outcome.expected_wait_s))}}));
      end_button();
      reply.handoff =
          HandoffStatus{HandoffStatus::Phase::waiting, outcome.position, outcome.expected_wait_s};
      return;
    case HandoffOutcome::Kind::queue_full:
      ask_callback_question(reply, state,
                            handoff_sentence(HandoffSentence::queue_full, reply.lang));
      return;
    case HandoffOutcome::Kind::saved:
      if (request.next_open)
        say(reply,
            config::fill_placeholders(handoff_sentence(HandoffSentence::callback_saved, reply.lang),
                                      {{"when", opening_phrase(*request.next_open, reply.lang)}}));
      else
        say(reply, handoff_sentence(HandoffSentence::callback_saved_soon, reply.lang));
      reply.handoff = HandoffStatus{HandoffStatus::Phase::callback, 0, 0};
      return;
    case HandoffOutcome::Kind::failed:
      break;
  }
  // Not stored (the database went away), or refused by the contact centre's system: no person
  // will come, so the resident hears how else to reach one.
  say_unreachable(reply);
}

// That no person can be reached in this chat now, and how else to reach one (the content's answer
// to "I want to talk to a person").
void Dialogue::say_unreachable(Reply& reply) const {
  say(reply, handoff_sentence(HandoffSentence::unreachable, reply.lang));
  for (const auto& intent : config_.intents)
    if (intent.handoff == config::Intent::Handoff::requested) {
      say(reply, intent.answer, {});
      break;
    }
}

bool Dialogue::ends_handoff(const Message& message, const SessionState& state) const {
  if (message.chosen_intent == kEndHandoffIntent || message.kind == Message::Kind::stop)
    return true;
  if (message.buttons_by_label &&
      std::any_of(state.offered.begin(), state.offered.end(), [&](const auto& b) {
        return b.label == message.text && b.intent == kEndHandoffIntent;
      }))
    return true;
  return message.chosen_intent.empty() && is_stop_word(intents::tokenize(message.text));
}

Reply Dialogue::handoff_ended(const SessionState& state) const {
  Reply reply;
  reply.lang = pick_lang(state.lang);
  reply.intent = std::string(kEndHandoffIntent);
  reply.confidence = 1.0;
  say(reply, handoff_sentence(HandoffSentence::ended_by_resident, reply.lang));
  reply.handoff = HandoffStatus{HandoffStatus::Phase::closed, 0, 0};
  return reply;
}

std::string Dialogue::crisis_help(std::string_view said, const SessionState& state) const {
  if (!has_urgent_ || said.empty() ||
      intents::count_code_points(said) > config_.limits.max_text_chars)
    return {};
  const std::string lang = pick_lang(state.lang);
  const config::Intent* crisis = crisis_in(intents::tokenize(said), lang);
  return crisis == nullptr ? std::string()
                           : config::pick_language(crisis->answer, lang, config_.default_language);
}

Reply Dialogue::in_handoff(const SessionState& state, const HandoffStatus& status,
                           std::string help) const {
  Reply reply;
  reply.lang = pick_lang(state.lang);
  reply.intent = std::string(kHandoffIntent);
  reply.confidence = 1.0;
  // A person reads the messages as they come; in the queue nobody does yet.
  if (status.phase == HandoffStatus::Phase::waiting) {
    if (!help.empty()) say(reply, std::move(help));
    say(reply, config::fill_placeholders(
                   handoff_sentence(HandoffSentence::still_waiting, reply.lang),
                   {{"position", std::to_string(status.position)},
                    {"minutes", std::to_string(wait_minutes(status.expected_wait_s))}}));
  }
  reply.suggestions.push_back(
      {std::string(kEndHandoffIntent), handoff_sentence(HandoffSentence::end_button, reply.lang)});
  reply.handoff = status;
  return reply;
}

void Dialogue::remember_turn(const Message& message, const Reply& reply,
                             SessionState& state) const {
  if (!config_.handoff || message.kind == Message::Kind::start) return;
  auto& lines = state.transcript;
  const auto add = [&](bool resident, std::string_view text) {
    if (text.empty()) return;
    lines.push_back({resident, cut_short(text, kMaxTranscriptLineBytes)});
  };
  // What the resident told about their circumstances stays with them, and so does what loket
  // made of it (the schemes that apply say what the income is).
  if (reply.private_text) return;
  if (!message.text.empty()) {
    add(true, message.text);
  } else if (const auto* chosen = config_.find_intent(message.chosen_intent)) {
    add(true, config::pick_language(chosen->title, reply.lang, config_.default_language));
  }
  std::string said;
  for (const auto& m : reply.messages) {
    if (!said.empty()) said += '\n';
    said += m.text;
  }
  add(false, said);
  if (lines.size() > kMaxTranscriptLines)
    lines.erase(lines.begin(), lines.end() - static_cast<long>(kMaxTranscriptLines));
}

}  // namespace loket::dialogue
