// The web assets as routes: each served by GET and HEAD under its own path and content type.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "server/web/web_assets.h"

namespace loket::server {
namespace {

Response answer(const Route& route, http::verb method) {
  Request request{method, route.path, 11};
  const std::string client = "127.0.0.1";
  RequestContext context{route, client, std::nullopt, {}};
  asio::io_context io;
  auto done = asio::co_spawn(io, route.handler(request, context), asio::use_future);
  io.run();
  return done.get();
}

const Route& route_for(const std::vector<Route>& routes, std::string_view path) {
  for (const Route& route : routes)
    if (route.path == path) return route;
  throw std::runtime_error("no route for " + std::string(path));
}

TEST(WebAssetRoutes, EveryAssetIsAnExactGetAndHeadRoute) {
  const auto routes = web_asset_routes();
  ASSERT_EQ(web_assets().size(), routes.size());
  for (const Route& route : routes) {
    EXPECT_FALSE(route.prefix) << route.path << ": '/' must not serve every path";
    EXPECT_EQ(route.path, route.label);
    EXPECT_EQ("GET, HEAD", route.methods);
    EXPECT_TRUE(route.role.empty());
  }
}

TEST(WebAssetRoutes, TheWidgetIsServedWithItsTypeAndHeadHasNoBody) {
  const auto routes = web_asset_routes();
  const Route& widget = route_for(routes, "/widget.js");
  const Response get = answer(widget, http::verb::get);
  EXPECT_EQ(200u, get.result_int());
  EXPECT_EQ("text/javascript; charset=utf-8", get[http::field::content_type]);
  EXPECT_NE(std::string::npos, get.body().find("function"));
  EXPECT_EQ("nosniff", get["X-Content-Type-Options"]);
  const Response head = answer(widget, http::verb::head);
  EXPECT_TRUE(head.body().empty());
  EXPECT_EQ(std::to_string(get.body().size()), head[http::field::content_length]);
}

TEST(WebAssetRoutes, PagesCarryAContentSecurityPolicyScriptsDoNot) {
  const auto routes = web_asset_routes();
  EXPECT_FALSE(answer(route_for(routes, "/"), http::verb::get)["Content-Security-Policy"].empty());
  EXPECT_FALSE(
      answer(route_for(routes, "/admin"), http::verb::get)["Content-Security-Policy"].empty());
  EXPECT_TRUE(
      answer(route_for(routes, "/widget.js"), http::verb::get)["Content-Security-Policy"].empty());
}

}  // namespace
}  // namespace loket::server
