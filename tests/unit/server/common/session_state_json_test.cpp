// A conversation's state survives the trip through its database form, and damaged or
// other-version text gives a fresh (or partly filled) state instead of an error.
#include "server/common/session_state_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstring>

namespace loket::server {
namespace {

TEST(SessionStateJson, EveryPartComesBack) {
  dialogue::SessionState state;
  state.lang = "de";
  state.pending_intent = "afvalkalender";
  state.asked = 2;
  state.awaiting_confirmation = true;
  state.known = {{"postcode", "9701AB"}};
  state.parked_intent = "herinnering-afval";
  const char question[] = "wanneer \"komt\" het\nafval?";
  auto copy = std::make_shared<char[]>(sizeof question);
  std::memcpy(copy.get(), question, sizeof question);
  state.last_question = copy;
  // Not in alphabetical order: "de eerste" is the first shown.
  state.offered = {{"Paspoort", "paspoort-aanvragen"}, {"Openingstijden", "openingstijden"}};
  state.fallbacks = 1;
  state.handoff = dialogue::SessionState::Handoff::with_person;
  state.callback_question = "mijn \"vraag\"";
  state.handoff_id = 9000000000;
  state.transcript = {{true, "hallo"}, {false, "Goedemiddag!\nWaarmee kan ik helpen?"}};
  state.crisis_intent = "huiselijk-geweld";

  const auto back = read_session_state(write_session_state(state));
  EXPECT_EQ("de", back.lang);
  EXPECT_EQ("afvalkalender", back.pending_intent);
  EXPECT_EQ(2, back.asked);
  EXPECT_TRUE(back.awaiting_confirmation);
  EXPECT_EQ(state.known, back.known);
  EXPECT_EQ("herinnering-afval", back.parked_intent);
  ASSERT_TRUE(back.last_question);
  EXPECT_STREQ(question, back.last_question.get());
  EXPECT_EQ(state.offered, back.offered);
  EXPECT_EQ(1, back.fallbacks);
  EXPECT_EQ(dialogue::SessionState::Handoff::with_person, back.handoff);
  EXPECT_EQ(state.callback_question, back.callback_question);
  EXPECT_EQ(9000000000, back.handoff_id);
  ASSERT_EQ(2u, back.transcript.size());
  EXPECT_TRUE(back.transcript[0].resident);
  EXPECT_FALSE(back.transcript[1].resident);
  EXPECT_EQ(state.transcript[1].text, back.transcript[1].text);
  EXPECT_EQ("huiselijk-geweld", back.crisis_intent);
}

TEST(SessionStateJson, ButtonsWrittenByAnOlderInstanceAsLabelToIntentStillCount) {
  const auto state = read_session_state(
      R"({"l":"nl","o":{"Openingstijden":"openingstijden","Paspoort":"paspoort-aanvragen"}})");
  ASSERT_EQ(2u, state.offered.size());
  EXPECT_EQ("Openingstijden", state.offered[0].label);
  EXPECT_EQ("openingstijden", state.offered[0].intent);
  EXPECT_EQ("paspoort-aanvragen", state.offered[1].intent);
  EXPECT_FALSE(state.offered_in_order) << "no places in that form";
  const auto damaged = read_session_state(R"({"ob":[["a","b"],["only a label"],[1,2],"x"]})");
  ASSERT_EQ(1u, damaged.offered.size());
  EXPECT_EQ("b", damaged.offered[0].intent);
  EXPECT_TRUE(damaged.offered_in_order);
}

TEST(SessionStateJson, ButtonsAreAlsoWrittenAsTheReleaseBeforeReadsThem) {
  dialogue::SessionState state;
  state.offered = {{"Paspoort", "paspoort-aanvragen"}, {"Openingstijden", "openingstijden"}};
  const auto written = boost::json::parse(write_session_state(state)).as_object();
  EXPECT_EQ("paspoort-aanvragen", written.at("o").at("Paspoort").as_string());
  EXPECT_EQ("openingstijden", written.at("o").at("Openingstijden").as_string());
  EXPECT_EQ("Paspoort", written.at("ob").at(0).at(0).as_string()) << "in the order shown";
}

TEST(SessionStateJson, AFreshStateIsAnEmptyObject) {
  EXPECT_EQ("{}", write_session_state({}));
}

TEST(SessionStateJson, DamagedTextIsAFreshState) {
  for (const char* text : {"", "not json", "[1,2]", "{\"l\":", "null"}) {
    const auto state = read_session_state(text);
    EXPECT_TRUE(state.lang.empty()) << text;
    EXPECT_TRUE(state.pending_intent.empty()) << text;
    EXPECT_FALSE(state.last_question) << text;
  }
}

TEST(SessionStateJson, UnknownFieldsAreIgnoredAndWrongTypesDefault) {
  const auto state =
      read_session_state(R"({"l":"nl","future":{"x":1},"a":"three","k":{"postcode":5},"p":"x"})");
  EXPECT_EQ("nl", state.lang);
  EXPECT_EQ(0, state.asked);
  EXPECT_TRUE(state.known.empty());
  EXPECT_EQ("x", state.pending_intent);
}

}  // namespace
}  // namespace loket::server
