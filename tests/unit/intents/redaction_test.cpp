#include "intents/redaction.h"

#include <gtest/gtest.h>

namespace loket::intents {
namespace {

TEST(Redaction, RemovesPersonalDataThatPassesItsChecks) {
  struct Case {
    const char* in;
    const char* want;
  } cases[] = {
      {"mijn bsn is 111222333", "mijn bsn is [BSN]"},
      {"bsn 123456789 klopt niet", "bsn 123456789 klopt niet"},  // fails the 11-test: a number
      // Written in groups, as residents do (once stored unredacted for 90 days).
      {"mijn bsn is 111 222 333", "mijn bsn is [BSN]"},
      {"bsn: 111-222-333.", "bsn: [BSN]."},
      {"bsn 111.222.333 graag", "bsn [BSN] graag"},
      {"bsn 1112.22.333", "bsn [BSN]"},
      {"bsn 111 222 334", "bsn 111 222 334"},  // fails the 11-test
      {"bsn 111-222 333", "bsn 111-222 333"},  // two kinds of separator: not one number
      {"1111 222 333 4", "1111 222 333 4"},    // part of a longer number
      {"bsn \uff11\uff11\uff11\uff12\uff12\uff12\uff13\uff13\uff13", "bsn [BSN]"},  // full width
      {"iban NL91ABNA0417164300 graag", "iban [IBAN] graag"},
      {"iban NL91 ABNA 0417 1643 00.", "iban [IBAN]."},
      {"iban NL91ABNA0417164301",
       "iban NL91ABNA[TELEFOON]"},  // fails mod-97; its digits look like a number
      {"mail jan@example.nl", "mail [E-MAIL]"},
      {"bel 06-12345678", "bel [TELEFOON]"},
      {"ik woon op 9701 AB 12", "ik woon op [ADRES]"},
      {"afval in 9701 AB?", "afval in 9701 AB?"},  // a postcode alone is a district
      {"wanneer komt de vuilniswagen", "wanneer komt de vuilniswagen"},
  };
  for (const auto& c : cases) EXPECT_EQ(c.want, redact_personal_data(c.in)) << c.in;
}

// A home named by its street (once stored unredacted and shown in the unanswered list).
TEST(Redaction, RemovesStreetAddresses) {
  struct Case {
    const char* in;
    const char* want;
  } cases[] = {
      {"Kerkstraat 5 9701AB", "[ADRES]"},
      {"ik woon op de Kerkstraat 5 9701 AB Noorderhaven, wanneer komt het afval?",
       "ik woon op de [ADRES], wanneer komt het afval?"},
      {"adres: Burgemeester de Withstraat 12a", "adres: [ADRES]"},
      {"kerkstraat 5 is mijn adres", "[ADRES] is mijn adres"},
      {"Van der Waalsstraat 3-2 in Noorderhaven", "[ADRES] in Noorderhaven"},
      {"Grote Markt 1", "[ADRES]"},
      {"Hauptstraße 17, 26721 Emden", "[ADRES], 26721 Emden"},
      {"jeg bor på Nørregade 12", "jeg bor på [ADRES]"},
      {"I live at 12 Baker Street, London", "I live at [ADRES], London"},
      {"Ringweg 105bis", "[ADRES]"},
      // A postcode before the street: the whole address, not the postcode's letters with it.
      {"In 9701 AB, Kerkstraat 12", "In [ADRES]"},
      {"9701 AB Kerkstraat 12", "[ADRES]"},
      {"9701AB, Burgemeester de Withstraat 12a", "[ADRES]"},
      {"in 2024 op Kerkstraat 12", "in 2024 op [ADRES]"},
      // Not an address: no number, a time, a count, or a number that is no house number.
      {"waar is de Kerkstraat?", "waar is de Kerkstraat?"},
      {"ik ben over 5 minuten weg", "ik ben over 5 minuten weg"},
      {"de weg 5 keer afgesloten", "de weg 5 keer afgesloten"},
      {"straat 5", "straat 5"},
      {"kerkstraat 123456", "kerkstraat 123456"},
      {"kerkstraat 0", "kerkstraat 0"},
      {"5 ways to save", "5 ways to save"},
      {"de markt is om 12 uur", "de markt is om 12 uur"},
  };
  for (const auto& c : cases) EXPECT_EQ(c.want, redact_personal_data(c.in)) << c.in;
}

// Foreign numbers (once stored unredacted: the pattern was Dutch only), found by libphonenumber:
// with a country code from anywhere, in national format from the programme's countries.
TEST(Redaction, RemovesInternationalPhoneNumbers) {
  struct Case {
    const char* in;
    const char* want;
  } cases[] = {
      {"ruf mich an: +49 30 12345678", "ruf mich an: [TELEFOON]"},
      {"call me on +44 20 7946 0958 please", "call me on [TELEFOON] please"},
      {"ring +45 32 12 34 56", "ring [TELEFOON]"},
      {"bel 0032 9 233 45 67", "bel [TELEFOON]"},
      {"mein Festnetz 030 12345678", "mein Festnetz [TELEFOON]"},
      {"tel. +1 (202) 555-0143, dank", "tel. [TELEFOON], dank"},
      {"café +33 1 42 68 53 00 à Paris", "café [TELEFOON] à Paris"},  // byte offsets in UTF-8
      {"het kost 1234 euro", "het kost 1234 euro"},
      {"afval op 12-03-2026", "afval op 12-03-2026"},  // a date is not a number to call
  };
  for (const auto& c : cases) EXPECT_EQ(c.want, redact_personal_data(c.in)) << c.in;
}

TEST(Redaction, ChecksNumbersProperly) {
  EXPECT_TRUE(is_valid_bsn("111222333"));
  EXPECT_FALSE(is_valid_bsn("111222334"));
  EXPECT_FALSE(is_valid_bsn("11122233"));
  EXPECT_TRUE(is_valid_iban("GB82WEST12345698765432"));
  EXPECT_FALSE(is_valid_iban("GB82WEST12345698765433"));
}

}  // namespace
}  // namespace loket::intents
