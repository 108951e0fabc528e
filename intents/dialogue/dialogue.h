// The dialogue: one resident's turn from a typed Message to a typed Reply. Picks the language,
// takes a tapped button or a keyword at its word, completes a question it asked (a postcode,
// checked where it is used), confirms before it acts (only after a confident match, and only on
// a clear yes), answers small talk and follow-ups ("and paper?"), matches the intent, and answers
// with the staff's text, or falls back with the nearest topics, near misses included, when it is
// not sure. The rules are in docs/dialogue.md. Built once from a loaded configuration; `answer`
// is safe to call from many threads.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "config/config.h"
#include "intents/dialogue/message.h"
#include "intents/dialogue/reply.h"
#include "intents/dialogue/scheme_finder.h"
#include "intents/dialogue/session_store.h"

namespace loket::intents {
class IntentMatcher;
class LanguageDetector;
struct Candidate;
struct Token;
}  // namespace loket::intents

namespace loket::dialogue {

class AnswerSentenceIndex;
class RequiredWords;
class SpellingCorrector;
struct SmallTalkMatch;

class Dialogue {
 public:
  // `sessions` may be shared with the Dialogue this one replaces on a reload, so that
  // conversations carry on; null: a store of its own.
  explicit Dialogue(config::Config config, std::shared_ptr<SessionStore> sessions = nullptr);
  ~Dialogue();

  // Why `message` cannot be answered (empty or too long text, an unknown language or intent, a
  // malformed session id), or nothing when it can.
  std::optional<std::string> refusal(const Message& message) const;
  // One turn of the conversation `state` (read and updated). `message` must have no refusal().
  Reply answer(const Message& message, SessionState& state) const;
  // One turn, the conversation kept in this dialogue's own session store.
  Reply answer(const Message& message);
  // The fallback for a message that was refused, in the platform's language if it is ours.
  Reply not_understood(const Message& message) const;
  // Says how a carried-out (or failed) `reply.action` went, and clears it.
  void finish_action(Reply& reply, const ActionResult& result) const;
  // Says how a carried-out (or failed) `reply.handoff_request` went, and clears it; `state` is
  // the conversation's, saved after this.
  void finish_handoff(Reply& reply, SessionState& state, const HandoffOutcome& outcome) const;
  // While the resident is with a person (or waiting for one), the dialogue does not answer:
  // whether `message` ends that ("stop", the end button, the platform's stop command) ...
  bool ends_handoff(const Message& message, const SessionState& state) const;
  // ... what the resident is told when they end it (the conversation with loket goes on), and
  // the reply to any other message while a person has it: the status, and while waiting, the
  // place in the queue, after `help`, the crisis help the message asks for (crisis_help).
  Reply handoff_ended(const SessionState& state) const;
  Reply in_handoff(const SessionState& state, const HandoffStatus& status,
                   std::string help = {}) const;
  // The answer of the urgent intent (thoughts of suicide, violence at home) `said` comes near,
  // as matching would answer it first, in the conversation's language; empty when none does.
  // For the turns the dialogue does not answer: nobody may read them for a while.
  std::string crisis_help(std::string_view said, const SessionState& state) const;
  // What the content says about one postcode, for the neighbourhood page: each intent that
  // looks a postcode up (the waste calendar), with its answer filled in for it, in `lang`.
  // Nothing when the postcode is not the municipality's.
  struct AreaAnswer {
    std::string intent, title, text;
  };
  std::optional<std::vector<AreaAnswer>> area_answers(const std::string& postcode,
                                                      const std::string& lang) const;
  // Whether a normalised postcode ("9701AB") is the municipality's: inside `area.postcodes`, or
  // without them in one of the content's postcode tables (without those, any is).
  bool in_area(const std::string& postcode) const;
  // Whether some postcode of the municipality starts with `prefix` ("97", "9701A"; upper case,
  // no spaces), by the same rule.
  bool area_has_prefix(const std::string& prefix) const;
  // Buttons sent again after a restart: a tap on one still chooses its intent.
  static void remember_offer(SessionState& state, const std::string& lang,
                             std::vector<SessionState::OfferedButton> buttons);

  const config::Config& config() const { return config_; }
  const std::shared_ptr<SessionStore>& sessions() const { return sessions_; }
  double threshold() const { return threshold_; }

 private:
  struct Turn;
  struct Ranking;
  void welcome(Turn& turn) const;
  bool takes_the_offered_person(const Turn& turn) const;
  const SessionState::OfferedButton* chosen_button(const Turn& turn) const;
  bool stays_with_the_crisis(Turn& turn) const;
  bool comes_near_as_urgent(const intents::Candidate& c) const;
  const config::Intent* crisis_in(const std::vector<intents::Token>& tokens,
                                  const std::string& lang) const;
  void answer_turn(Turn& turn) const;
  void take_postcode_digits(Turn& turn) const;
  bool follow_up(Turn& turn, const config::Intent*& waiting) const;
  bool at_confirmation(Turn& turn, const config::Intent& waiting) const;
  bool at_slot_prompt(Turn& turn, const config::Intent& waiting) const;
  void stop(Turn& turn, bool in_dialogue) const;
  void small_talk(Turn& turn, const SmallTalkMatch& match) const;
  void answer_second_question(Turn& turn, const config::Intent& first) const;
  // `waiting`: the intent whose question (a slot, a yes or no) the message may answer.
  Ranking rank(Turn& turn, const config::Intent* waiting) const;
  Ranking rank_words(Turn& turn, const config::Intent* waiting) const;
  // The matcher's `k` best for a message, less the intents whose required words it lacks.
  std::vector<intents::Candidate> candidates(const std::vector<intents::Token>& tokens,
                                             const std::string& lang, std::size_t k) const;
  void judge(Ranking& ranking) const;  // its best score, and whether that is sure enough
  void answer_in(Turn& turn, const std::string& lang, const config::Intent* waiting,
                 bool confirming) const;
  void match(Turn& turn, const config::Intent* waiting) const;
  void fall_back(Turn& turn, const Ranking& ranking) const;
  // The matcher index of the topic the question before was about.
  std::optional<std::size_t> answered_before(const Turn& turn) const;
  bool answer_from_before(Turn& turn, const Ranking& ranking) const;
  bool is_handoff_intent(std::string_view id) const;
  bool answer_speaks_of(std::size_t intent, const std::vector<intents::Token>& tokens) const;
  void offer_handoff(Reply& reply, const Message& message) const;
  void start_handoff(Turn& turn) const;
  void say_unreachable(Reply& reply) const;
  void ask_callback_question(Reply& reply, SessionState& state, std::string text) const;
  void at_callback(Turn& turn) const;
  void remember_turn(const Message& message, const Reply& reply, SessionState& state) const;
  bool not_spoken(Turn& turn) const;
  // The scheme finder (scheme_dialogue.cpp).
  void start_schemes(Turn& turn, const config::Intent& intent) const;
  void next_scheme_step(Turn& turn, const config::Intent& intent) const;
  void ask_scheme_question(Turn& turn, const config::Intent& intent, SchemeField field) const;
  bool at_scheme_question(Turn& turn) const;
  void finish_schemes(Turn& turn, const config::Intent& intent, const SchemeAnswers& answers) const;
  // A scheme the message names ("wat is de meedoenregeling"), and its answer with a way to check.
  const config::Scheme* named_scheme(const Turn& turn) const;
  void answer_scheme(Turn& turn, const config::Scheme& scheme) const;
  // Answers `intent`, or asks for a slot it still lacks, or asks to confirm its action.
  void complete(Turn& turn, const config::Intent& intent, double confidence,
                bool confirmed = false) const;
  bool fill_slots(Turn& turn, const config::Intent& intent,
                  std::map<std::string, std::string>& values) const;
  bool ask(Turn& turn, const config::Intent& intent, const std::string& slot,
           const config::LangText& prompt, const std::string* why = nullptr,
           const std::map<std::string, std::string>& values = {}) const;
  void answer_with(Turn& turn, const config::Intent& intent,
                   const std::map<std::string, std::string>& values) const;
  bool answer_in_part(const Turn& turn, const config::Intent& intent, std::string& text) const;
  const std::vector<std::string>& title_words(const config::Intent& intent) const;
  // Whether the message names the subject of `intent` by a word of its title that few titles
  // have ("drowning in debt" and "Debt help").
  bool names_title_subject(const config::Intent& intent, std::string_view lang,
                           const std::vector<intents::Token>& tokens) const;
  void say(Reply& reply, const config::LangText& text,
           const std::map<std::string, std::string>& values = {}) const;
  void say(Reply& reply, std::string text) const;
  void suggest(Reply& reply, const config::Intent& intent) const;
  void suggest_next(Reply& reply, const config::Intent& intent) const;
  void suggest_ways_on(Reply& reply) const;
  std::string pick_lang(const std::string& hint) const;
  std::string detect_lang(const std::vector<intents::Token>& tokens,
                          const std::string& previous) const;
  std::string small_talk_lang(const SmallTalkMatch& match, const std::string& previous) const;

  config::Config config_;
  std::unique_ptr<intents::IntentMatcher> matcher_;
  std::unique_ptr<intents::LanguageDetector> detector_;
  // Also knows the languages the municipality does not serve, to say which ones it does.
  std::unique_ptr<intents::LanguageDetector> any_language_;
  std::unique_ptr<SpellingCorrector> spelling_;
  std::unique_ptr<AnswerSentenceIndex> answer_sentences_;
  std::vector<const config::Intent*> intent_by_index_;  // matcher index -> intent
  // Matcher index -> its required words; null where it has none.
  std::vector<std::unique_ptr<const RequiredWords>> required_by_index_;
  // Matcher index -> whether its examples ask when it is open (the recycling centre's do).
  std::vector<bool> has_opening_hours_;
  // Matcher index -> whether it is small talk's own ("Hallo", "Tot ziens"): never a topic to offer.
  std::vector<bool> small_talk_by_index_;
  // Matcher index -> the folded words of its answer in every language, for an intent that asks
  // for values (empty for the others): "en papier?" after the waste calendar is in its answer.
  std::vector<std::unordered_set<std::string>> slotted_answer_words_;
  // Intent id -> the folded words of its title in every language: a question's cue that is one
  // of them names the topic ("Belasting betalen"), not a part of its answer.
  std::unordered_map<std::string_view, std::vector<std::string>> title_words_;
  // Folded title word -> how many intents' titles have it: a word in one or two names a subject
  // ("schulden", "debt"); one in many ("hulp", "help") names none.
  std::unordered_map<std::string, int> title_word_intents_;
  std::shared_ptr<SessionStore> sessions_;
  double threshold_ = 0;         // the configured one, else the matcher's own
  double action_threshold_ = 0;  // a match that would act (subscribe) needs this much
  double sure_threshold_ = 0;    // below it, "did you mean ...?" instead of the answer
  bool has_slots_ = false;
  bool has_urgent_ = false;  // some intent is urgent: rankings look deeper for it
  std::map<std::string, const config::Intent*, std::less<>> keywords_;  // folded -> intent
  const config::Intent* unsubscribe_all_ = nullptr;  // what "stop" offers outside a dialogue
  // Postcodes some intent looks up (the municipality's area when none is configured).
  std::vector<const config::Lookup*> postcode_lookups_;
  // The ways a message names a scheme: all these folded words in it.
  struct SchemeName {
    const config::Scheme* scheme;
    std::vector<std::string> words;
  };
  std::vector<SchemeName> scheme_names_;
};

// "abc" -> true: 1 to 128 letters, digits or '-', '_', '.', ':'.
bool valid_session_id(std::string_view id);

}  // namespace loket::dialogue
