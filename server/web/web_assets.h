// The chat page, the widget and the dashboard, compiled into the binary so one file is the whole
// server, and their routes. The chat page and the widget carry the municipality's look from the
// content in service. Thread-safe.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "server/common/content_holder.h"
#include "server/http/route.h"

namespace loket::server {

struct WebAsset {
  std::string_view path;  // URL path, "/admin"; "template:NAME" for files filled in first
  std::string_view content_type;
  std::string_view body;
};

std::span<const WebAsset> web_assets();

// A GET and HEAD route for every asset, labelled by its own path; `/` and `/widget.js` are
// rendered from `content` (again after each reload).
std::vector<Route> web_asset_routes(const ContentHolder& content);

}  // namespace loket::server
