// The chat page, the widget and the dashboard, compiled into the binary so one file is the whole
// server, and their routes. Immutable data; safe from any thread.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "server/http/route.h"

namespace loket::server {

struct WebAsset {
  std::string_view path;  // URL path, "/widget.js"
  std::string_view content_type;
  std::string_view body;
};

std::span<const WebAsset> web_assets();

// A GET and HEAD route for every asset, labelled by its own path.
std::vector<Route> web_asset_routes();

}  // namespace loket::server
