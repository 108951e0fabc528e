// Which municipality a request is for: its /m/{id}/ prefix, else its Host, else the first.
#include <gtest/gtest.h>

#include "server/http/hosted_sites.h"

namespace loket::server {
namespace {

const std::vector<HostedSite> kHosted = {
    {"noorderhaven", {"chat.noorderhaven.example"}, nullptr},
    {"zuiderdam", {"chat.zuiderdam.example", "zuiderdam.example"}, nullptr}};

std::string chosen(std::string_view target, std::string_view host) {
  const SiteChoice c = choose_site(kHosted, target, host);
  switch (c.kind) {
    case SiteChoice::Kind::serve:
      return c.hosted->id + " " + c.target + " [" + c.base_path + "]";
    case SiteChoice::Kind::redirect:
      return "redirect " + c.target;
    case SiteChoice::Kind::unknown:
      return "unknown";
    case SiteChoice::Kind::elsewhere:
      return "elsewhere " + c.hosted->id;
  }
  return "";
}

TEST(HostedSites, ThePrefixThenTheHostThenTheFirst) {
  EXPECT_EQ("zuiderdam /api/v1/chat [/m/zuiderdam]", chosen("/m/zuiderdam/api/v1/chat", ""));
  EXPECT_EQ("zuiderdam /api/v1/chat [/m/zuiderdam]",
            chosen("/m/zuiderdam/api/v1/chat", "zuiderdam.example"));
  EXPECT_EQ("zuiderdam /api/v1/chat [/m/zuiderdam]",
            chosen("/m/zuiderdam/api/v1/chat", "regio.example:8080"))
      << "a host no municipality has for itself serves every prefix";
  EXPECT_EQ("zuiderdam /?lang=en [/m/zuiderdam]", chosen("/m/zuiderdam/?lang=en", ""));
  EXPECT_EQ("zuiderdam /api/v1/chat []", chosen("/api/v1/chat", "Chat.Zuiderdam.Example:8443"));
  EXPECT_EQ("zuiderdam / []", chosen("/", "zuiderdam.example."));
  EXPECT_EQ("noorderhaven /api/v1/chat []", chosen("/api/v1/chat", "127.0.0.1:8080"));
  EXPECT_EQ("noorderhaven / []", chosen("/", "[::1]:8080"));
  EXPECT_EQ("noorderhaven / []", chosen("/", ""));
}

TEST(HostedSites, APrefixWithoutItsSlashIsRedirectedAndAnotherHostsOneIsElsewhere) {
  EXPECT_EQ("redirect /m/zuiderdam/", chosen("/m/zuiderdam", ""));
  EXPECT_EQ("redirect /m/zuiderdam/?lang=de", chosen("/m/zuiderdam?lang=de", ""));
  EXPECT_EQ("unknown", chosen("/m/elders/api/v1/chat", "chat.zuiderdam.example"));
  EXPECT_EQ("elsewhere zuiderdam", chosen("/m/zuiderdam/admin", "chat.noorderhaven.example"))
      << "Noorderhaven's own origin is not Zuiderdam's";
  EXPECT_EQ("elsewhere zuiderdam", chosen("/m/zuiderdam", "chat.noorderhaven.example"));
  EXPECT_EQ("unknown", chosen("/m/", ""));
  EXPECT_EQ("noorderhaven /mail []", chosen("/mail", "")) << "only /m/ is a prefix";
}

TEST(HostedSites, ARefusalOfAnotherHostsPrefixSaysWhereItIsServed) {
  EXPECT_EQ(
      "this host name belongs to another municipality, so /m/zuiderdam/ is not served here; "
      "zuiderdam is at chat.zuiderdam.example",
      elsewhere_problem(kHosted[1]));
  EXPECT_EQ("this host name belongs to another municipality, so /m/elders/ is not served here",
            elsewhere_problem(HostedSite{"elders", {}, nullptr}));
}

}  // namespace
}  // namespace loket::server
