#include "server/http/hosted_sites.h"

#include <algorithm>
#include <cctype>

namespace loket::server {
namespace {

constexpr std::string_view kPrefix = "/m/";

// "Host: Chat.Example:8080" -> "chat.example"; "[::1]:8080" -> "[::1]".
std::string host_name(std::string_view header) {
  std::string_view name = header;
  if (!name.empty() && name.front() == '[') {
    name =
        name.substr(0, name.find(']') == std::string_view::npos ? name.size() : name.find(']') + 1);
  } else if (auto colon = name.rfind(':'); colon != std::string_view::npos) {
    name = name.substr(0, colon);
  }
  std::string out(name);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!out.empty() && out.back() == '.') out.pop_back();  // the fully qualified form
  return out;
}

}  // namespace

SiteChoice choose_site(const std::vector<HostedSite>& hosted, std::string_view target,
                       std::string_view host_header) {
  SiteChoice choice;
  const std::string host = host_name(host_header);
  const auto by_host = std::find_if(hosted.begin(), hosted.end(), [&host](const HostedSite& h) {
    return std::find(h.hosts.begin(), h.hosts.end(), host) != h.hosts.end();
  });
  if (target.starts_with(kPrefix)) {
    const std::string_view rest = target.substr(kPrefix.size());
    const std::size_t end = std::min(rest.find('/'), rest.find('?'));
    const std::string_view id = rest.substr(0, end);
    const auto found = std::find_if(hosted.begin(), hosted.end(),
                                    [id](const HostedSite& h) { return h.id == id; });
    // A municipality's own host name serves that municipality alone: its origin is not shared
    // with another's pages and cookies (a cookie's path is no boundary within an origin).
    if (found == hosted.end()) {
      choice.kind = SiteChoice::Kind::unknown;
      return choice;
    }
    choice.hosted = &*found;
    if (by_host != hosted.end() && by_host != found) {
      choice.kind = SiteChoice::Kind::elsewhere;
      return choice;
    }
    if (end == std::string_view::npos || rest[end] == '?') {
      choice.kind = SiteChoice::Kind::redirect;
      choice.target = std::string(kPrefix).append(id).append("/");
      if (end != std::string_view::npos) choice.target.append(rest.substr(end));
      return choice;
    }
    choice.target = std::string(rest.substr(end));
    choice.base_path = std::string(kPrefix).append(id);
    return choice;
  }
  choice.hosted = by_host == hosted.end() ? &hosted.front() : &*by_host;
  choice.target = std::string(target);
  return choice;
}

std::string elsewhere_problem(const HostedSite& wanted) {
  std::string out =
      "this host name belongs to another municipality, so /m/" + wanted.id + "/ is not served here";
  if (!wanted.hosts.empty())
    out.append("; ").append(wanted.id).append(" is at ").append(wanted.hosts.front());
  return out;
}

}  // namespace loket::server
