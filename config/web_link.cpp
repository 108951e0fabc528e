#include "config/web_link.h"

#include <boost/url/parse.hpp>

namespace loket::config {

std::optional<std::string> web_link_problem(std::string_view url) {
  if (!url.starts_with("https://") && !url.starts_with("http://"))
    return "must start with https://";
  if (url.find_first_of(" \t") != std::string_view::npos)
    return "has a space in it (write %20, or leave it out)";
  const auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return "is not a web address (a character that must be written as %XX?)";
  const std::string_view host = parsed->encoded_host();
  if (host.empty()) return "has no address after " + std::string(parsed->scheme()) + "://";
  if (host.find('.') == std::string_view::npos && host != "localhost")
    return "has no full address ('" + std::string(host) + "' has no dot, as in www.example.nl)";
  return std::nullopt;
}

}  // namespace loket::config
