// The chat page's language from the browser's Accept-Language, among the municipality's.
#include "server/web/page_language.h"

#include <gtest/gtest.h>

namespace loket::server {
namespace {

TEST(PageLanguage, ThePreferredOfferedLanguage) {
  const std::vector<std::string> offered{"nl", "en", "de"};
  EXPECT_EQ("nl", choose_page_language("", offered));
  EXPECT_EQ("en", choose_page_language("en-GB,en;q=0.9", offered));
  EXPECT_EQ("de", choose_page_language("fr-FR, de;q=0.8, en;q=0.5", offered));
  EXPECT_EQ("en", choose_page_language("de;q=0.4, EN-us;q=0.7", offered)) << "by q, any case";
  EXPECT_EQ("de", choose_page_language("de, en", offered)) << "equal q: the first";
  EXPECT_EQ("nl", choose_page_language("fr, es", offered)) << "none: the default";
  EXPECT_EQ("nl", choose_page_language("en;q=0, fr", offered)) << "q=0 is 'not this one'";
  EXPECT_EQ("nl", choose_page_language("en;q=2x", offered)) << "a malformed q is no preference";
  EXPECT_EQ("no", choose_page_language("nb-NO", {"nl", "no"})) << "Bokmål asks for Norwegian";
  EXPECT_EQ("nl", choose_page_language(std::string(5000, ','), offered));
}

}  // namespace
}  // namespace loket::server
