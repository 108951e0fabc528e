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
