#include "intents/entities.h"

#include <gtest/gtest.h>

namespace loket::intents {
namespace {

using namespace std::chrono;

// Friday 27 November 2026.
constexpr year_month_day kToday{year{2026}, November, day{27}};

std::vector<std::string> values(std::string_view text, EntityType type) {
  std::vector<std::string> out;
  for (const auto& e : extract_entities(text, kToday))
    if (e.type == type) out.push_back(e.value);
  return out;
}

using V = std::vector<std::string>;

TEST(Entities, FindsDutchPostcodes) {
  struct Case {
    const char* text;
    V want;
  } cases[] = {
      {"mijn postcode is 9701 AB", {"9701AB"}},
      {"9701ab", {"9701AB"}},
      {"postcode:9701Ab.", {"9701AB"}},
      {"van 1234AB naar 5678 CD", {"1234AB", "5678CD"}},
      {"0123 AB", {}},   // postcodes do not start with 0
      {"12345 AB", {}},  // five digits
      {"1234 SS", {}},   // letter pairs the post never uses
      {"1234 ABC", {}},  // three letters is a word, not a postcode
      {"ik woon op nummer 12", {}},
      // As residents type them.
      {"9701-AB", {"9701AB"}},
      {"9701 - AB", {"9701AB"}},
      {"9701,AB", {"9701AB"}},
      {"9701 a b", {"9701AB"}},
      {"9701  AB", {"9701AB"}},
      {"pc is 9701 a.b.", {"9701AB"}},
      {"pc is 9701 A.B. nummer 12", {"9701AB"}},
      {"pc is 9701 a.b. nummer 12", {}},  // loose and lower case mid-sentence: maybe no postcode
      {"1234 a bc", {}},
      {"in 9701, en verder", {}},
      {"sinds 2020 - nu woon ik hier", {}},
      {"2019 - we moved here", {}},
      {"mijn postcode is 9701-AB en mijn huisnummer 12", {"9701AB"}},
  };
  for (const auto& c : cases) EXPECT_EQ(c.want, values(c.text, EntityType::postcode)) << c.text;
}

TEST(Entities, FindsHouseNumbers) {
  struct Case {
    const char* text;
    V want;
  } cases[] = {
      {"9701 AB 12", {"12"}},    {"9701AB, 12a", {"12a"}}, {"9701 AB 7-B", {"7b"}},
      {"huisnummer 34", {"34"}}, {"nr. 5", {"5"}},         {"ik heb 3 kinderen", {}},
  };
  for (const auto& c : cases) EXPECT_EQ(c.want, values(c.text, EntityType::house_number)) << c.text;
}

TEST(Entities, FindsDatesAndRelativeDays) {
  struct Case {
    const char* text;
    V want;
  } cases[] = {
      {"wordt het afval morgen opgehaald", {"2026-11-28"}},
      {"tomorrow", {"2026-11-28"}},
      {"vandaag of overmorgen", {"2026-11-27", "2026-11-29"}},
      {"volgende week dinsdag", {"2026-12-01"}},
      {"next tuesday", {"2026-12-01"}},
      {"dinsdag", {"2026-12-01"}},
      {"vrijdag", {"2026-11-27"}},   // the coming Friday is today
      {"12 maart", {"2027-03-12"}},  // past this year: next year's
      {"12 december", {"2026-12-12"}},
      {"march 12", {"2027-03-12"}},
      {"1 januari 2028", {"2028-01-01"}},
      {"31-12-2026", {"2026-12-31"}},
      {"5/1", {"2027-01-05"}},
      {"31 februari", {}},  // no such day
      {"32-01-2027", {}},
  };
  for (const auto& c : cases) EXPECT_EQ(c.want, values(c.text, EntityType::date)) << c.text;
}

TEST(Entities, FindsEmailAddresses) {
  EXPECT_EQ(V{"jan.jansen@example.nl"},
            values("mail naar Jan.Jansen@Example.nl aub", EntityType::email));
  EXPECT_EQ(V{}, values("jan@", EntityType::email));
  EXPECT_EQ(V{}, values("@example.nl", EntityType::email));
  EXPECT_EQ(V{}, values("jan@localhost", EntityType::email));
}

TEST(Entities, FindsPhoneNumbers) {
  struct Case {
    const char* text;
    V want;
  } cases[] = {
      {"bel 06-12345678", {"+31612345678"}},
      {"0612345678", {"+31612345678"}},
      {"+31 6 12345678", {"+31612345678"}},
      {"+31 (0)20 123 4567", {"+31201234567"}},
      {"0031 20 1234567", {"+31201234567"}},
      {"bel 14 0123", {"140123"}},
      {"+49 151 2345678", {"+491512345678"}},
      {"0049 (0)151 2345678", {"+491512345678"}},
      {"+44 7700 900123", {"+447700900123"}},
      {"+45 12 34 56 78", {"+4512345678"}},
      {"+49 151", {}},  // too short
      {"bel +49 151 2345678 17:00", {"+491512345678"}},
      {"0612345678 om 9.30", {"+31612345678"}},
      {"06-1234", {}},       // too short
      {"061234567890", {}},  // too long
  };
  for (const auto& c : cases) EXPECT_EQ(c.want, values(c.text, EntityType::phone)) << c.text;
}

TEST(Entities, ReportsSpansAndKeepsKindsApart) {
  const std::string text = "9701 AB 12, morgen, tel 0612345678";
  auto entities = extract_entities(text, kToday);
  ASSERT_EQ(4u, entities.size());
  EXPECT_EQ(EntityType::postcode, entities[0].type);
  EXPECT_EQ("9701 AB", text.substr(entities[0].begin, entities[0].end - entities[0].begin));
  EXPECT_EQ(EntityType::house_number, entities[1].type);
  EXPECT_EQ(EntityType::date, entities[2].type);
  EXPECT_EQ(EntityType::phone, entities[3].type);
  EXPECT_EQ("postcode", entity_type_name(EntityType::postcode));
  EXPECT_EQ(EntityType::date, parse_entity_type("date"));
  EXPECT_FALSE(parse_entity_type("colour"));
}

TEST(Entities, SurvivesHostileInput) {
  EXPECT_TRUE(extract_entities("", kToday).empty());
  EXPECT_NO_THROW(extract_entities(std::string(100000, '1'), kToday));
  EXPECT_NO_THROW(extract_entities(std::string(5000, '@') + "a", kToday));
  EXPECT_NO_THROW(extract_entities("\xff\xfe 9701 AB", kToday));
}

TEST(NormalisePostcode, AcceptsOnlyAWholePostcode) {
  EXPECT_EQ("1234AB", normalise_postcode("1234ab").value_or(""));
  EXPECT_EQ("9712CP", normalise_postcode("  9712 cp ").value_or(""));
  EXPECT_FALSE(normalise_postcode("1234 SS"));  // letter pairs never used
  EXPECT_FALSE(normalise_postcode("0123AB"));
  EXPECT_EQ("9701AB", normalise_postcode("9701 - ab").value_or(""));
  EXPECT_EQ("9701AB", normalise_postcode("9701,AB").value_or(""));
  EXPECT_EQ("9701AB", normalise_postcode("9701 a b").value_or(""));
  EXPECT_EQ("1234AB", normalise_postcode("1234  AB").value_or("")) << "a space too many";
  EXPECT_EQ("9701AB", normalise_postcode("9701 a.b.").value_or(""));
  EXPECT_EQ("9701AB", normalise_postcode("9701 A.B").value_or(""));
  EXPECT_FALSE(normalise_postcode("1234     AB")) << "that far apart it is no longer one";
  EXPECT_FALSE(normalise_postcode("1234 A..B"));
  EXPECT_FALSE(normalise_postcode("1234AB 5"));
  EXPECT_FALSE(normalise_postcode(""));
}

TEST(IsoDate, PadsMonthAndDay) {
  using namespace std::chrono;
  EXPECT_EQ("2026-03-07", iso_date(year{2026} / March / 7));
}

}  // namespace
}  // namespace loket::intents
