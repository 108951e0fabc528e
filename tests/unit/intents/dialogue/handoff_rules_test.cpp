// The dialogue's handoff rules on the example municipality (office hours Monday to Friday in
// Europe/Amsterdam): a person is offered, never forced; put through while staff are in; a
// callback request (question, then a valid e-mail address or phone number) outside them; and
// what the resident is told while waiting and at the end.
#include <gtest/gtest.h>

#include "intents/dialogue/dialogue.h"
#include "intents/dialogue/handoff_sentences.h"

namespace loket::dialogue {
namespace {

using std::chrono::hours;
using std::chrono::sys_days;

// Monday 7 December 2026, 10:00 in Noorderhaven (09:00 UTC): open.
const auto kOpen = sys_days{std::chrono::year{2026} / 12 / 7} + hours(9);
// Saturday 5 December 2026, 13:00 there: closed until Monday 08:30.
const auto kClosed = sys_days{std::chrono::year{2026} / 12 / 5} + hours(12);

class HandoffRulesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = config::load_config(LOKET_EXAMPLE_CONFIG);
    ASSERT_TRUE(loaded.config);
    ASSERT_TRUE(loaded.config->handoff);
    chat_ = new Dialogue(*loaded.config);
    loaded.config->handoff.reset();
    without_ = new Dialogue(std::move(*loaded.config));
  }
  static void TearDownTestSuite() {
    delete chat_;
    delete without_;
  }

  // `database`: whether handoffs (and other actions) can be stored now.
  Reply say(const std::string& text, std::chrono::system_clock::time_point at = kOpen,
            bool database = true) {
    Message m;
    m.session = "handoff-test";
    m.text = text;
    m.at = at;
    m.actions_available = database;
    EXPECT_FALSE(chat_->refusal(m));
    return chat_->answer(m, state_);
  }
  Reply choose(const std::string& intent, std::chrono::system_clock::time_point at = kOpen,
               bool database = true) {
    Message m;
    m.session = "handoff-test";
    m.chosen_intent = intent;
    m.at = at;
    m.actions_available = database;
    EXPECT_FALSE(chat_->refusal(m)) << *chat_->refusal(m);
    return chat_->answer(m, state_);
  }
  static std::string text(const Reply& r) {
    std::string out;
    for (const auto& m : r.messages) out += m.text + "\n";
    return out;
  }
  static bool offers(const Reply& r, std::string_view intent) {
    return std::any_of(r.suggestions.begin(), r.suggestions.end(),
                       [&](const Suggestion& s) { return s.intent == intent; });
  }

  SessionState state_;
  static Dialogue* chat_;
  static Dialogue* without_;
};

Dialogue* HandoffRulesTest::chat_ = nullptr;
Dialogue* HandoffRulesTest::without_ = nullptr;

TEST_F(HandoffRulesTest, AskingForAPersonOffersOneWithAButtonAndDoesNotForceIt) {
  const Reply r = say("ik wil een medewerker spreken");
  EXPECT_EQ("medewerker-spreken", r.intent);
  ASSERT_FALSE(r.suggestions.empty());
  EXPECT_EQ("handoff", r.suggestions[0].intent);
  EXPECT_EQ("Chat met een medewerker", r.suggestions[0].title);
  EXPECT_FALSE(offers(r, "medewerker-spreken"));
  ASSERT_TRUE(r.handoff);
  EXPECT_EQ(HandoffStatus::Phase::offered, r.handoff->phase);
  EXPECT_FALSE(r.handoff_request) << "offered, not started";
  EXPECT_EQ(SessionState::Handoff::none, state_.handoff);
  const Reply en = say("i want to talk to a human");
  EXPECT_EQ("en", en.lang);
  EXPECT_EQ("Chat with a member of staff", en.suggestions.at(0).title);
}

TEST_F(HandoffRulesTest, AYesOrTheButtonsWordsTypedTakeTheOfferedPerson) {
  say("mag ik iemand spreken");
  const Reply yes = say("ja graag");
  ASSERT_TRUE(yes.handoff_request) << text(yes);
  EXPECT_EQ(HandoffRequest::Kind::start, yes.handoff_request->kind);

  state_ = {};
  say("ik wil een medewerker spreken");
  const Reply typed = say("Chat met een medewerker");
  ASSERT_TRUE(typed.handoff_request) << text(typed);

  state_ = {};
  say("i want to talk to a human");
  EXPECT_TRUE(say("yes please").handoff_request);

  state_ = {};
  say("ik heb schulden en kom er niet meer uit");
  EXPECT_FALSE(say("ok bedankt").handoff_request) << "thanks closes the answer";
  EXPECT_FALSE(say("prima").handoff_request);

  state_ = {};
  say("wanneer is het gemeentehuis open");
  const Reply plain = say("ja graag");
  EXPECT_FALSE(plain.handoff_request) << "no person was offered: a yes is only a yes";
  state_ = {};
  say("mag ik iemand spreken");
  say("wanneer is het gemeentehuis open");
  EXPECT_FALSE(say("ja").handoff_request) << "the offer is gone once another answer came";
}

TEST_F(HandoffRulesTest, SensitiveSubjectsOfferAPersonWithTheAnswer) {
  const Reply r = say("ik heb schulden en kom er niet meer uit");
  EXPECT_EQ("schuldhulpverlening", r.intent);
  EXPECT_FALSE(r.messages.empty());
  EXPECT_TRUE(offers(r, "handoff"));
  EXPECT_FALSE(offers(say("wanneer is het gemeentehuis open"), "handoff"));
}

TEST_F(HandoffRulesTest, APersonIsOfferedAfterTwoFallbacksInARow) {
  const Reply first = say("qwerty zxcvb plopperdeplop");
  EXPECT_TRUE(first.intent.empty());
  EXPECT_FALSE(offers(first, "handoff"));
  const Reply second = say("blorp fnargh wibbel");
  EXPECT_TRUE(second.intent.empty());
  EXPECT_EQ("handoff", second.suggestions.at(0).intent);
  say("wanneer is het gemeentehuis open");  // understood: the count starts again
  EXPECT_FALSE(offers(say("qwerty zxcvb plopperdeplop"), "handoff"));
  Message plain;
  plain.session = "no-handoff";
  plain.text = "ik wil een medewerker spreken";
  EXPECT_FALSE(offers(without_->answer(plain), "handoff"))
      << "a municipality without handoff offers none";
}

TEST_F(HandoffRulesTest, DuringOfficeHoursTheResidentIsPutThrough) {
  Reply r = choose("handoff");
  ASSERT_TRUE(r.handoff_request);
  EXPECT_EQ(HandoffRequest::Kind::start, r.handoff_request->kind);
  EXPECT_TRUE(r.messages.empty()) << "the words follow from finish_handoff";
  chat_->finish_handoff(r, state_, {HandoffOutcome::Kind::waiting, 42, 2, 290});
  EXPECT_FALSE(r.handoff_request);
  EXPECT_NE(std::string::npos, text(r).find("nummer 2 in de rij"));
  EXPECT_NE(std::string::npos, text(r).find("ongeveer 5 minuten"));
  ASSERT_TRUE(r.handoff);
  EXPECT_EQ(HandoffStatus::Phase::waiting, r.handoff->phase);
  EXPECT_EQ(2, r.handoff->position);
  EXPECT_EQ(std::vector<std::string>{"end-handoff"},
            std::vector<std::string>{r.suggestions.at(0).intent});
  EXPECT_EQ(SessionState::Handoff::with_person, state_.handoff);
  EXPECT_EQ(42, state_.handoff_id);
}

TEST_F(HandoffRulesTest, AFullQueueAsksForACallbackInstead) {
  Reply r = choose("handoff");
  chat_->finish_handoff(r, state_, {HandoffOutcome::Kind::queue_full, 0, 0, 0});
  EXPECT_EQ("question", r.expecting);
  EXPECT_NE(std::string::npos, text(r).find("erg druk"));
  EXPECT_EQ(SessionState::Handoff::callback_question, state_.handoff);
}

TEST_F(HandoffRulesTest, OutsideOfficeHoursTheResidentLeavesAQuestionAndAWayToBeReached) {
  const Reply closed = choose("handoff", kClosed);
  EXPECT_FALSE(closed.handoff_request);
  EXPECT_NE(std::string::npos, text(closed).find("maandag 7 december om 8.30 uur")) << text(closed);
  EXPECT_EQ("question", closed.expecting);
  EXPECT_EQ(HandoffStatus::Phase::callback, closed.handoff->phase);
  const Reply question = say("Hoe staat het met mijn aanvraag voor bijzondere bijstand?", kClosed);
  EXPECT_EQ("contact", question.expecting);
  EXPECT_NE(std::string::npos, text(question).find("e-mailadres of telefoonnummer"));
  const Reply wrong = say("dat weet ik niet", kClosed);
  EXPECT_EQ("contact", wrong.expecting);
  EXPECT_NE(std::string::npos, text(wrong).find("herken ik niet"));
  Reply done = say("jan.jansen@example.org", kClosed);
  ASSERT_TRUE(done.handoff_request);
  EXPECT_EQ(HandoffRequest::Kind::callback, done.handoff_request->kind);
  EXPECT_EQ("Hoe staat het met mijn aanvraag voor bijzondere bijstand?",
            done.handoff_request->question);
  EXPECT_EQ("jan.jansen@example.org", done.handoff_request->contact);
  ASSERT_TRUE(done.handoff_request->next_open);
  EXPECT_EQ("2026-12-07", done.handoff_request->next_open->date);
  chat_->finish_handoff(done, state_, {HandoffOutcome::Kind::saved, 7, 0, 0});
  EXPECT_NE(std::string::npos, text(done).find("vanaf maandag 7 december om 8.30 uur"));
  EXPECT_EQ(SessionState::Handoff::none, state_.handoff);
  EXPECT_EQ("openingstijden", say("wanneer is het gemeentehuis open", kClosed).intent)
      << "the bot answers again";
}

TEST_F(HandoffRulesTest, OutsideOfficeHoursTheButtonSaysAQuestionIsLeftNotAChat) {
  const Reply offered = say("ik wil een medewerker spreken", kClosed);
  ASSERT_FALSE(offered.suggestions.empty());
  EXPECT_EQ("handoff", offered.suggestions[0].intent);
  EXPECT_EQ("Laat een vraag achter voor een medewerker", offered.suggestions[0].title);
  const Reply typed = say("laat een vraag achter voor een medewerker", kClosed);
  EXPECT_EQ("question", typed.expecting) << text(typed);
  EXPECT_EQ(SessionState::Handoff::callback_question, state_.handoff);
  state_ = {};
  EXPECT_EQ("Leave a question for a member of staff",
            say("i want to talk to a human", kClosed).suggestions.at(0).title);
}

TEST_F(HandoffRulesTest, AQuestionWithAPhoneNumberIsACompleteCallbackRequest) {
  choose("handoff", kClosed);
  const Reply r = say("Bel mij terug over de WOZ-waarde op 06 12345678", kClosed);
  ASSERT_TRUE(r.handoff_request);
  EXPECT_EQ("+31612345678", r.handoff_request->contact);
}

TEST_F(HandoffRulesTest, ACallbackTheDatabaseDidNotStoreSaysHowElseToReachAPerson) {
  choose("handoff", kClosed);
  Reply done = say("Bel mij terug over de WOZ-waarde op 06 12345678", kClosed);
  ASSERT_TRUE(done.handoff_request);
  chat_->finish_handoff(done, state_, {HandoffOutcome::Kind::failed, 0, 0, 0});
  EXPECT_NE(std::string::npos, text(done).find("nu niet bereikbaar")) << text(done);
  EXPECT_EQ(std::string::npos, text(done).find("meldingen")) << "not about alerts: " << text(done);
  EXPECT_FALSE(done.handoff);
  EXPECT_EQ(SessionState::Handoff::none, state_.handoff);
}

TEST_F(HandoffRulesTest, APhoneNumberAbroadIsAWayToBeReached) {
  choose("handoff", kClosed);
  say("Wie ist der Stand meines Antrags auf Sonderhilfe?", kClosed);
  const Reply r = say("+49 151 2345678", kClosed);
  ASSERT_TRUE(r.handoff_request) << text(r);
  EXPECT_EQ("+491512345678", r.handoff_request->contact);
}

TEST_F(HandoffRulesTest, StopOrThreeWrongContactsLeaveTheCallback) {
  choose("handoff", kClosed);
  const Reply stopped = say("stop", kClosed);
  EXPECT_EQ("end-handoff", stopped.intent);
  EXPECT_EQ(SessionState::Handoff::none, state_.handoff);
  choose("handoff", kClosed);
  say("mijn vraag gaat over parkeren", kClosed);
  say("nee", kClosed);
  say("ook niet", kClosed);
  const Reply gave_up = say("nog steeds niet", kClosed);
  EXPECT_FALSE(gave_up.handoff_request);
  EXPECT_EQ(SessionState::Handoff::none, state_.handoff);
}

TEST_F(HandoffRulesTest, WhatEndsAHandoffAndWhatTheResidentSeesMeanwhile) {
  Message m;
  m.text = "stop";
  EXPECT_TRUE(chat_->ends_handoff(m, state_));
  m.text = "hallo, bent u daar?";
  EXPECT_FALSE(chat_->ends_handoff(m, state_));
  m.text.clear();
  m.chosen_intent = "end-handoff";
  EXPECT_TRUE(chat_->ends_handoff(m, state_));
  SessionState channel;
  Dialogue::remember_offer(channel, "nl", {{"Gesprek beëindigen", "end-handoff"}});
  Message tap;
  tap.text = "Gesprek beëindigen";
  tap.buttons_by_label = true;
  EXPECT_TRUE(chat_->ends_handoff(tap, channel));

  state_.lang = "en";
  const Reply waiting = chat_->in_handoff(state_, {HandoffStatus::Phase::waiting, 3, 600});
  EXPECT_NE(std::string::npos, text(waiting).find("number 3 in the queue (about 10 minutes)"));
  EXPECT_EQ("end-handoff", waiting.suggestions.at(0).intent);
  const Reply active = chat_->in_handoff(state_, {HandoffStatus::Phase::active, 0, 0});
  EXPECT_TRUE(active.messages.empty()) << "while a person has it, loket says nothing";
  const Reply ended = chat_->handoff_ended(state_);
  EXPECT_EQ(HandoffStatus::Phase::closed, ended.handoff->phase);
  EXPECT_NE(std::string::npos, text(ended).find("You have ended"));
}

TEST_F(HandoffRulesTest, InTheQueueACrisisGetsItsHelpLinesAtOnce) {
  state_.lang = "nl";
  const auto help = [&](const char* said) { return chat_->crisis_help(said, state_); };
  const Reply waiting = chat_->in_handoff(state_, {HandoffStatus::Phase::waiting, 2, 300},
                                          help("ik zie het niet meer zitten"));
  ASSERT_EQ(2u, waiting.messages.size()) << text(waiting);
  EXPECT_NE(std::string::npos, waiting.messages[0].text.find("0800 0113")) << text(waiting);
  EXPECT_NE(std::string::npos, waiting.messages[1].text.find("nummer 2")) << text(waiting);
  EXPECT_TRUE(help("hoe lang duurt het nog?").empty());
  const Reply plain = chat_->in_handoff(state_, {HandoffStatus::Phase::waiting, 2, 300},
                                        help("hoe lang duurt het nog?"));
  EXPECT_EQ(1u, plain.messages.size()) << text(plain);
  // A person reads an active conversation's messages as they come.
  const Reply active = chat_->in_handoff(state_, {HandoffStatus::Phase::active, 0, 0},
                                         help("ik zie het niet meer zitten"));
  EXPECT_TRUE(active.messages.empty()) << text(active);
  EXPECT_NE(std::string::npos, chat_->crisis_help("mijn man slaat me", state_).find("0800 2000"));
  EXPECT_TRUE(chat_->crisis_help("ik heb weer zin in het leven", state_).empty());
}

TEST_F(HandoffRulesTest, WithoutADatabaseNoButtonIsOfferedButTheWaysToReachAPersonAre) {
  const Reply asked = say("ik wil een medewerker spreken", kOpen, false);
  EXPECT_EQ("medewerker-spreken", asked.intent);
  EXPECT_FALSE(offers(asked, "handoff"));
  EXPECT_FALSE(asked.handoff);
  EXPECT_NE(std::string::npos, text(asked).find("14 0123")) << text(asked);
  say("qwxz vbnm", kOpen, false);
  const Reply again = say("qwxz vbnm", kOpen, false);
  EXPECT_FALSE(offers(again, "handoff")) << "not after fallbacks either";
  // A button from an earlier offer, chosen now.
  const Reply chosen = choose("handoff", kOpen, false);
  EXPECT_FALSE(chosen.handoff_request);
  EXPECT_NE(std::string::npos, text(chosen).find("niet bereikbaar")) << text(chosen);
  EXPECT_NE(std::string::npos, text(chosen).find("14 0123")) << text(chosen);
  EXPECT_EQ(std::string::npos, text(chosen).find("meldingen")) << "not about alerts";
}

TEST_F(HandoffRulesTest, WithoutHandoffTheButtonsAreUnknownIntents) {
  Message m;
  m.session = "x";
  m.chosen_intent = "handoff";
  EXPECT_TRUE(without_->refusal(m));
  EXPECT_FALSE(chat_->refusal(m));
}

TEST_F(HandoffRulesTest, TheConversationIsKeptShortForThePersonItIsHandedTo) {
  say("wanneer is het gemeentehuis open");
  ASSERT_EQ(2u, state_.transcript.size());
  EXPECT_TRUE(state_.transcript[0].resident);
  EXPECT_EQ("wanneer is het gemeentehuis open", state_.transcript[0].text);
  EXPECT_FALSE(state_.transcript[1].resident);
  for (int i = 0; i < 20; ++i) say(std::string(900, 'a'));
  EXPECT_EQ(12u, state_.transcript.size());
  for (const auto& line : state_.transcript) EXPECT_LE(line.text.size(), 503u);
}

TEST(HandoffSentences, WhenStaffAreInAgainInEachLanguage) {
  const config::Opening monday{{}, 0, "2026-12-07", "08:30"};
  EXPECT_EQ("maandag 7 december om 8.30 uur", opening_phrase(monday, "nl"));
  EXPECT_EQ("Monday 7 December at 8:30", opening_phrase(monday, "en"));
  EXPECT_EQ("Montag, 7. Dezember, um 8:30 Uhr", opening_phrase(monday, "de"));
  EXPECT_EQ("lundi 7 décembre à 8 h 30", opening_phrase(monday, "fr"));
  EXPECT_EQ("Monday 7 December at 8:30", opening_phrase(monday, "fy")) << "English when unknown";
  const config::Opening afternoon{{}, 2, "2026-01-14", "13:05"};
  EXPECT_EQ("woensdag 14 januari om 13.05 uur", opening_phrase(afternoon, "nl"));
  EXPECT_EQ("1 juli 2025", spelled_date("2025-07-01", "nl"));
  EXPECT_EQ("1. Juli 2025", spelled_date("2025-07-01", "de"));
  EXPECT_EQ("1 July 2025", spelled_date("2025-07-01", "fy")) << "English when unknown";
  EXPECT_EQ("2025-13-01", spelled_date("2025-13-01", "nl")) << "no such month: as it is";
  EXPECT_EQ("", spelled_date("", "nl"));
  EXPECT_EQ(1, wait_minutes(0));
  EXPECT_EQ(2, wait_minutes(61));
}

}  // namespace
}  // namespace loket::dialogue
