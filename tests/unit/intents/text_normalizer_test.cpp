#include "intents/text_normalizer.h"

#include <gtest/gtest.h>

namespace loket::intents {
namespace {

std::vector<std::string> folded(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& t : tokenize(text)) out.push_back(t.folded);
  return out;
}

std::vector<std::string> lower(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& t : tokenize(text)) out.push_back(t.lower);
  return out;
}

TEST(TextNormalizer, FoldsCaseAndAccentsBeyondAscii) {
  struct Case {
    const char* input;
    std::vector<std::string> want;
  } cases[] = {
      {"Hoe vraag ik een PASPOORT aan?", {"hoe", "vraag", "ik", "een", "paspoort", "aan"}},
      {"ÉÉN café", {"een", "cafe"}},
      {"STRAẞE Straße", {"strasse", "strasse"}},
      {"Ærø Øresund Åland", {"aero", "oresund", "aland"}},
      {"Ĳsselmeer Œuvre", {"ijsselmeer", "oeuvre"}},
      {"ŁÓDŹ Čeština", {"lodz", "cestina"}},
      {"ΑΘΗΝΑ Москва", {"αθηνα", "москва"}},
  };
  for (const auto& c : cases) EXPECT_EQ(c.want, folded(c.input)) << "case " << c.input;
}

// A phone's keyboard may send "e" and a combining accent where another sends "é"; Asian input
// methods send full-width digits. Both once missed the content's words.
TEST(TextNormalizer, DecomposedAndCompatibilityFormsMeetTheirPlainOnes) {
  EXPECT_EQ(lower("één café"), lower("e\u0301e\u0301n cafe\u0301"));
  EXPECT_EQ(folded("Führerschein"), folded("Fu\u0308hrerschein"));
  EXPECT_EQ((std::vector<std::string>{"9701", "ab"}),
            lower("\uff19\uff17\uff10\uff11 \uff21\uff22"));
  EXPECT_EQ((std::vector<std::string>{"fiets"}), lower("\ufb01ets"));  // the "fi" ligature
  EXPECT_EQ("e\u0301", std::string("e\u0301").substr(0, 3));
  EXPECT_EQ("\u00e9", normalize_unicode("e\u0301"));
  EXPECT_EQ("plain ascii", normalize_unicode("plain ascii"));
  EXPECT_EQ("bad \xff byte", normalize_unicode("bad \xff byte")) << "invalid UTF-8 is left alone";
}

TEST(TextNormalizer, KeepsAccentsInTheLowerCaseForm) {
  EXPECT_EQ((std::vector<std::string>{"één", "straße", "ørsted"}), lower("ÉÉN Straße ØRSTED"));
}

TEST(TextNormalizer, SplitsOnPunctuationSymbolsAndEmoji) {
  EXPECT_EQ((std::vector<std::string>{"afval", "morgen", "1234ab", "ok"}),
            folded("afval—morgen?! 1234AB 👍ok…"));
}

TEST(TextNormalizer, JoinsApostrophesInsideWordsOnly) {
  EXPECT_EQ((std::vector<std::string>{"autos", "zn", "dont", "quote"}),
            folded("auto's z’n don't 'quote'"));
}

TEST(TextNormalizer, TreatsInvalidUtf8AsSeparator) {
  EXPECT_EQ((std::vector<std::string>{"ab", "cd"}), folded("ab\xff\xfe"
                                                           "cd"));
  EXPECT_EQ((std::vector<std::string>{"a", "b"}), folded("a\xc0\xaf"
                                                         "b"));  // overlong '/'
  EXPECT_FALSE(is_valid_utf8("a\xed\xa0\x80"));                  // surrogate
  EXPECT_FALSE(is_valid_utf8("\xf8\x80\x80"));                   // no such lead byte
  EXPECT_TRUE(is_valid_utf8("één 👍"));
  EXPECT_TRUE(tokenize("").empty());
  EXPECT_TRUE(tokenize("?!... ").empty());
}

TEST(TextNormalizer, CountsCodePointsNotBytes) {
  EXPECT_EQ(3u, count_code_points("één"));
  EXPECT_EQ(1u, count_code_points("👍"));
  EXPECT_EQ(0u, count_code_points(""));
}

TEST(TextNormalizer, FoldsAccentsOfLowerCaseText) {
  EXPECT_EQ("coordinatie", fold_accents("coördinatie"));
}

}  // namespace
}  // namespace loket::intents
