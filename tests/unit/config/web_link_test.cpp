// Links staff write under answers and schemes: web addresses residents can open, or the reason
// they cannot.
#include "config/web_link.h"

#include <gtest/gtest.h>

namespace loket::config {
namespace {

TEST(WebLink, TakesWhatBrowsersOpen) {
  for (const char* url :
       {"https://www.noorderhaven.nl/paspoort", "https://www.example.nl/a%20b?x=1#deel",
        "https://münchen.de/straße", "http://localhost:8080/x", "https://[::1]:8443/",
        "https://user@www.example.nl/"})
    EXPECT_FALSE(web_link_problem(url)) << url << ": " << web_link_problem(url).value_or("");
}

TEST(WebLink, SaysWhatIsWrong) {
  const std::pair<const char*, const char*> cases[] = {
      {"ftp://x.nl", "must start with https://"},
      {"https://", "has no address after https://"},
      {"https:// example.nl", "has a space in it"},
      {"https://www.example.nl/a b", "has a space in it"},
      {"https://intranet/page", "has no full address ('intranet' has no dot"},
      {"https://www.example.nl/a\"b", "is not a web address"},
  };
  for (const auto& [url, want] : cases) {
    const auto problem = web_link_problem(url);
    ASSERT_TRUE(problem) << url;
    EXPECT_NE(std::string::npos, problem->find(want)) << url << ": " << *problem;
  }
}

}  // namespace
}  // namespace loket::config
