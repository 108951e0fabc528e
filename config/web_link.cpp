#include "config/web_link.h"

#include <boost/url/parse.hpp>

#include <algorithm>

namespace loket::config {

std::optional<std::string> web_link_problem(std::string_view url) {
  if (!url.starts_with("https://") && !url.starts_with("http://"))
    return "must start with https://";
  if (url.find_first_of(" \t") != std::string_view::npos)
    return "has a space in it (write %20, or leave it out)";
  const std::string_view scheme = url.substr(0, url.find(':'));
  const std::string_view rest = url.substr(scheme.size() + 3);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  const std::string_view host =
      authority.substr(authority.find('@') == std::string_view::npos ? 0 : authority.find('@') + 1);
  if (host.empty() || host.front() == ':')
    return "has no address after " + std::string(scheme) + "://";
  if (host.find('.') == std::string_view::npos && !host.starts_with("localhost") &&
      !host.starts_with("["))
    return "has no full address ('" + std::string(host) + "' has no dot, as in www.example.nl)";
  // Letters such as é and an IDN host are written as they are; browsers and apps encode them.
  const bool ascii = std::all_of(url.begin(), url.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii && !boost::urls::parse_uri(url))
    return "is not a web address (a character that must be written as %XX, such as %22 for \")";
  return std::nullopt;
}

}  // namespace loket::config
