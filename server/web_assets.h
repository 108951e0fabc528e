// The chat page and widget, compiled into the binary so one file is the whole server.
// Immutable data; safe from any thread.
#pragma once

#include <string_view>

namespace loket::server {

struct WebAsset {
  std::string_view path;  // URL path, "/widget.js"
  std::string_view content_type;
  std::string_view body;
};

const WebAsset* find_web_asset(std::string_view path);

}  // namespace loket::server
