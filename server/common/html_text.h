// Text put into HTML that loket writes itself (the chat page's title, the neighbourhood page):
// escaped so that a name or an answer can never become markup. Pure function; safe from any
// thread.
#pragma once

#include <string>
#include <string_view>

namespace loket::server {

// "<b>&" -> "&lt;b&gt;&amp;"; quotes too, so the result may also stand in an attribute.
std::string html_escape(std::string_view text);

}  // namespace loket::server
