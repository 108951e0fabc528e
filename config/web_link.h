// Whether a link staff wrote (an answer's or a scheme's) is a web address residents can open:
// http or https, a host, and nothing a browser or a messaging app would cut it at. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace loket::config {

// Why `url` is no such link ("has no address after https://"), or nothing when it is one.
std::optional<std::string> web_link_problem(std::string_view url);

}  // namespace loket::config
