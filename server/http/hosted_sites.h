// Which municipality a request is for, when one process serves several: a /m/{id}/ path prefix
// first (taken off the target the routes see), then the Host header, else the first listed.
// Pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace loket::server {

struct Site;

struct HostedSite {
  std::string id;
  std::vector<std::string> hosts;  // lower case, without port
  const Site* site = nullptr;
};

struct SiteChoice {
  enum class Kind { serve, redirect, unknown, elsewhere } kind = Kind::serve;
  const HostedSite* hosted = nullptr;  // serve: whose request it is; elsewhere: whose prefix it was
  std::string target;     // serve: the target without the prefix; redirect: where to go instead
  std::string base_path;  // serve: "/m/{id}" when chosen by prefix, else empty
};

// `hosted` is not empty. A prefix without its slash ("/m/id", "/m/id?q") is redirected to
// "/m/id/", so the page's relative links resolve under it; an unknown id under /m/ is unknown.
// Another municipality's prefix on a host name one municipality has for itself is elsewhere.
SiteChoice choose_site(const std::vector<HostedSite>& hosted, std::string_view target,
                       std::string_view host_header);

// What a refusal of an elsewhere choice says: that this host is another municipality's own, and
// where `wanted` is served instead.
std::string elsewhere_problem(const HostedSite& wanted);

}  // namespace loket::server
