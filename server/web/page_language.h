// Which of the municipality's languages a browser wants, from its Accept-Language header
// (RFC 9110: language ranges with q-values). Pure function; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace loket::server {

// The first of `offered` the header prefers (by q, then by order), matching on the primary
// subtag ("en-GB" asks for "en"); `offered.front()` when none matches or the header is empty.
// `offered` must not be empty.
std::string choose_page_language(std::string_view accept_language,
                                 const std::vector<std::string>& offered);

}  // namespace loket::server
