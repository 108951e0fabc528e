#include "server/web/web_assets.h"

namespace loket::server {
namespace {

Response serve_asset(const WebAsset& asset, const Request& request) {
  Response res =
      make_response(http::status::ok, request, asset.content_type, std::string(asset.body));
  res.set(http::field::cache_control, "no-cache");
  res.set("X-Content-Type-Options", "nosniff");
  if (asset.path == "/" || asset.path == "/admin")
    res.set("Content-Security-Policy",
            "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
            "style-src 'self' 'unsafe-inline'");
  if (request.method() == http::verb::head) {
    res.body().clear();
    res.content_length(asset.body.size());
  }
  return res;
}

asio::awaitable<Response> handle_asset(const WebAsset& asset, const Request& request) {
  co_return serve_asset(asset, request);
}

}  // namespace

std::vector<Route> web_asset_routes() {
  std::vector<Route> routes;
  for (const WebAsset& asset : web_assets()) {
    routes.push_back(
        exact_route(asset.path, "GET, HEAD", [&asset](const Request& request, RequestContext&) {
          return handle_asset(asset, request);
        }));
  }
  return routes;
}

}  // namespace loket::server
