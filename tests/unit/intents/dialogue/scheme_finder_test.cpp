// The scheme finder's reasoning: each condition at its boundaries, the household types, the
// social minimum in force on a date, which question is still worth asking, and how residents'
// answers read.
#include "intents/dialogue/scheme_finder.h"

#include <gtest/gtest.h>

namespace loket::dialogue {
namespace {

using config::Audience;
using config::Household;

config::SchemeSettings settings_with(config::SchemeConditions conditions,
                                     Audience audience = Audience::residents) {
  config::SchemeSettings s;
  config::Scheme scheme;
  scheme.id = "test";
  scheme.audience = audience;
  scheme.conditions = std::move(conditions);
  s.schemes.push_back(scheme);
  s.social_minimums.push_back({"2026-01-01",
                               {{Household::single, 1000},
                                {Household::single_parent, 1000},
                                {Household::couple, 1500},
                                {Household::couple_with_children, 1500}},
                               "",
                               0});
  s.social_minimums.push_back({"2026-07-01",
                               {{Household::single, 1100},
                                {Household::single_parent, 1100},
                                {Household::couple, 1600},
                                {Household::couple_with_children, 1600}},
                               "",
                               0});
  s.business_types.push_back({"zzp", {{"nl", "Zzp'er"}, {"en", "Self-employed"}}});
  s.business_types.push_back({"winkel", {{"nl", "Winkel of horeca"}, {"en", "Shop"}}});
  return s;
}

SchemeVerdict judge(const config::SchemeSettings& s, std::map<std::string, std::string> told,
                    std::string_view date = "2026-03-01") {
  auto verdicts = judge_schemes(s, s.schemes[0].audience, SchemeAnswers{std::move(told)}, date);
  EXPECT_EQ(verdicts.size(), 1u);
  return verdicts.at(0);
}

bool holds(const SchemeVerdict& v) {
  return v.failed.empty() && v.unknown.empty();
}
bool fails(const SchemeVerdict& v) {
  return !v.failed.empty();
}

TEST(SchemeFinder, AgeRangeIncludesBothEnds) {
  config::SchemeConditions c;
  c.age_min = 21;
  c.age_max = 66;
  const auto s = settings_with(c);
  EXPECT_TRUE(fails(judge(s, {{"age", "20"}})));
  EXPECT_TRUE(holds(judge(s, {{"age", "21"}})));
  EXPECT_TRUE(holds(judge(s, {{"age", "66"}})));
  EXPECT_TRUE(fails(judge(s, {{"age", "67"}})));
  const auto skipped = judge(s, {{"age", ""}});
  EXPECT_FALSE(fails(skipped));
  EXPECT_EQ(skipped.unknown, std::vector<SchemeField>{SchemeField::age});
}

TEST(SchemeFinder, HouseholdTypesAndChildren) {
  config::SchemeConditions with_children;
  with_children.children = true;
  const auto s = settings_with(with_children);
  EXPECT_TRUE(holds(judge(s, {{"household", "single_parent"}})));
  EXPECT_TRUE(holds(judge(s, {{"household", "couple_with_children"}})));
  EXPECT_TRUE(fails(judge(s, {{"household", "single"}})));
  EXPECT_TRUE(fails(judge(s, {{"household", "couple"}})));

  config::SchemeConditions couples;
  couples.households = {Household::couple, Household::couple_with_children};
  const auto t = settings_with(couples);
  EXPECT_TRUE(holds(judge(t, {{"household", "couple"}})));
  EXPECT_TRUE(fails(judge(t, {{"household", "single_parent"}})));
}

TEST(SchemeFinder, IncomeIsMeasuredAgainstTheHouseholdsMinimumInForceThatDay) {
  config::SchemeConditions c;
  c.income_max_percent = 120;
  const auto s = settings_with(c);
  // Before 1 July: 120% of 1000 (single) and of 1500 (couple).
  EXPECT_TRUE(holds(judge(s, {{"household", "single"}, {"income", "1200"}}, "2026-06-30")));
  EXPECT_TRUE(fails(judge(s, {{"household", "single"}, {"income", "1200.5"}}, "2026-06-30")));
  EXPECT_TRUE(holds(judge(s, {{"household", "couple"}, {"income", "1800"}}, "2026-06-30")));
  // From 1 July the new amounts: 120% of 1100 = 1320.
  EXPECT_TRUE(holds(judge(s, {{"household", "single"}, {"income", "1300"}}, "2026-07-01")));
  const auto v = judge(s, {{"household", "single"}, {"income", "1321"}}, "2026-07-01");
  EXPECT_TRUE(fails(v));
  EXPECT_DOUBLE_EQ(v.income_limit, 1320);
  // Without the household the limit is not known: the income alone decides nothing.
  const auto unknown = judge(s, {{"household", ""}, {"income", "900"}});
  EXPECT_FALSE(fails(unknown));
  EXPECT_EQ(unknown.unknown, std::vector<SchemeField>{SchemeField::income});
  // Before the first minimum there is no limit to measure against.
  EXPECT_FALSE(fails(judge(s, {{"household", "single"}, {"income", "5000"}}, "2025-12-31")));
}

TEST(SchemeFinder, SavingsPerHouseholdAndWithoutOne) {
  config::SchemeConditions c;
  c.savings_max = {{Household::single, 7000},
                   {Household::single_parent, 14000},
                   {Household::couple, 14000},
                   {Household::couple_with_children, 14000}};
  const auto s = settings_with(c);
  EXPECT_TRUE(holds(judge(s, {{"household", "single"}, {"savings", "7000"}})));
  EXPECT_TRUE(fails(judge(s, {{"household", "single"}, {"savings", "7001"}})));
  EXPECT_TRUE(holds(judge(s, {{"household", "couple"}, {"savings", "10000"}})));
  // Household skipped: below every limit holds, above every limit fails, between is not known.
  EXPECT_TRUE(holds(judge(s, {{"household", ""}, {"savings", "500"}})));
  EXPECT_TRUE(fails(judge(s, {{"household", ""}, {"savings", "20000"}})));
  EXPECT_FALSE(fails(judge(s, {{"household", ""}, {"savings", "10000"}})));
}

TEST(SchemeFinder, HomeResidenceAndBusinessType) {
  config::SchemeConditions c;
  c.rents = true;
  c.lives_here = true;
  const auto s = settings_with(c);
  EXPECT_TRUE(holds(judge(s, {{"home", "rent"}, {"lives_here", "yes"}})));
  EXPECT_TRUE(fails(judge(s, {{"home", "own"}, {"lives_here", "yes"}})));
  EXPECT_TRUE(fails(judge(s, {{"home", "rent"}, {"lives_here", "no"}})));

  config::SchemeConditions b;
  b.business_types = {"zzp"};
  const auto t = settings_with(b, Audience::businesses);
  EXPECT_TRUE(holds(judge(t, {{"business_type", "zzp"}})));
  EXPECT_TRUE(fails(judge(t, {{"business_type", "winkel"}})));
}

TEST(SchemeFinder, AsksOnlyWhatCanStillDecideAScheme) {
  config::SchemeConditions c;
  c.lives_here = true;
  c.income_max_percent = 100;
  auto s = settings_with(c);
  const auto date = "2026-03-01";
  EXPECT_EQ(next_scheme_question(s, Audience::residents, {}, date), SchemeField::lives_here);
  EXPECT_EQ(next_scheme_question(s, Audience::residents, {{{"lives_here", "yes"}}}, date),
            SchemeField::household);
  EXPECT_EQ(next_scheme_question(s, Audience::residents,
                                 {{{"lives_here", "yes"}, {"household", "single"}}}, date),
            SchemeField::income);
  EXPECT_EQ(next_scheme_question(
                s, Audience::residents,
                {{{"lives_here", "yes"}, {"household", "single"}, {"income", "900"}}}, date),
            std::nullopt);
  // The only scheme already fails: nothing more is worth asking.
  EXPECT_EQ(next_scheme_question(s, Audience::residents, {{{"lives_here", "no"}}}, date),
            std::nullopt);
  // Skipped household: the income cannot decide anything any more.
  EXPECT_EQ(next_scheme_question(s, Audience::residents,
                                 {{{"lives_here", "yes"}, {"household", ""}}}, date),
            std::nullopt);
  // No scheme for businesses: nothing to ask them.
  EXPECT_EQ(next_scheme_question(s, Audience::businesses, {}, date), std::nullopt);
}

TEST(SchemeFinder, ReadsAmountsAsResidentsWriteThem) {
  EXPECT_EQ(parse_amount("1450"), 1450);
  EXPECT_EQ(parse_amount("€ 1.450,50"), 1450.5);
  EXPECT_EQ(parse_amount("1,450.50"), 1450.5);
  EXPECT_EQ(parse_amount("1.450"), 1450);
  EXPECT_EQ(parse_amount("1,450"), 1450);
  EXPECT_EQ(parse_amount("12,5"), 12.5);
  EXPECT_EQ(parse_amount("ongeveer 1450,- per maand"), 1450);
  EXPECT_EQ(parse_amount("15.700.000"), 15700000);
  EXPECT_EQ(parse_amount("geen"), std::nullopt);
  EXPECT_EQ(parse_amount("12345678901234567890"), std::nullopt);
}

std::optional<std::string> read(SchemeField f, const std::string& text) {
  return read_scheme_answer(f, text, intents::tokenize(text), settings_with({}));
}

TEST(SchemeFinder, ReadsAnswersInTheResidentsLanguage) {
  EXPECT_EQ(read(SchemeField::age, "34 jaar"), "34");
  EXPECT_EQ(read(SchemeField::age, "ik ben 130"), std::nullopt);
  EXPECT_EQ(read(SchemeField::age, "oud"), std::nullopt);
  EXPECT_EQ(read(SchemeField::household, "Alleen"), "single");
  EXPECT_EQ(read(SchemeField::household, "Alleen, met kinderen"), "single_parent");
  EXPECT_EQ(read(SchemeField::household, "alleenstaande ouder"), "single_parent");
  EXPECT_EQ(read(SchemeField::household, "Samen, met kinderen"), "couple_with_children");
  EXPECT_EQ(read(SchemeField::household, "getrouwd"), "couple");
  EXPECT_EQ(read(SchemeField::household, "With a partner and children"), "couple_with_children");
  EXPECT_EQ(read(SchemeField::household, "On my own"), "single");
  EXPECT_EQ(read(SchemeField::household, "Mit Partner"), "couple");
  EXPECT_EQ(read(SchemeField::household, "blauw"), std::nullopt);
  // The question itself says "met of zonder kinderen": without is no children.
  EXPECT_EQ(read(SchemeField::household, "samen, zonder kinderen"), "couple");
  EXPECT_EQ(read(SchemeField::household, "alleen, geen kinderen"), "single");
  EXPECT_EQ(read(SchemeField::household, "with a partner, no children"), "couple");
  EXPECT_EQ(read(SchemeField::household, "allein, ohne Kinder"), "single");
  EXPECT_EQ(read(SchemeField::lives_here, "Nein"), "no");
  EXPECT_EQ(read(SchemeField::lives_here, "Nej"), "no");
  EXPECT_EQ(read(SchemeField::income, "€ 1.450,50"), "1450.5");
  EXPECT_EQ(read(SchemeField::savings, "geen spaargeld"), "0");
  EXPECT_EQ(read(SchemeField::savings, "nothing"), "0");
  EXPECT_EQ(read(SchemeField::home, "Huurwoning"), "rent");
  EXPECT_EQ(read(SchemeField::home, "ik heb een koopwoning"), "own");
  EXPECT_EQ(read(SchemeField::home, "I rent"), "rent");
  EXPECT_EQ(read(SchemeField::lives_here, "ja"), "yes");
  EXPECT_EQ(read(SchemeField::lives_here, "nee"), "no");
  EXPECT_EQ(read(SchemeField::business_type, "ik ben zzp'er"), "zzp");
  EXPECT_EQ(read(SchemeField::business_type, "een winkel"), "winkel");
  // Little words do not count: "er" is in "Zzp'er", but this is a shop.
  EXPECT_EQ(read(SchemeField::business_type, "ik heb er een winkel"), "winkel");
  // Skipping, in so many words.
  EXPECT_EQ(read(SchemeField::income, "weet ik niet"), "");
  EXPECT_EQ(read(SchemeField::age, "Overslaan"), "");
  EXPECT_EQ(read(SchemeField::household, "skip"), "");
  EXPECT_EQ(read(SchemeField::savings, "zeg ik liever niet"), "");
  // "pass" skips only as a word of its own.
  EXPECT_EQ(read(SchemeField::household, "paspoort"), std::nullopt);
}

}  // namespace
}  // namespace loket::dialogue
