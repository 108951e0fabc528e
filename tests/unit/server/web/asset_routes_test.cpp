// The web assets as routes: each served by GET and HEAD under its own path and content type; the
// chat page and the widget carry the municipality's settings from the content in service.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>

#include "config/config.h"
#include "server/web/web_assets.h"
#include "server/web/widget_script.h"

namespace loket::server {
namespace {

class WebAssetRoutes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = config::load_config(LOKET_EXAMPLE_CONFIG);
    ASSERT_TRUE(loaded.config);
    content_ = new ContentHolder(std::make_shared<dialogue::Dialogue>(std::move(*loaded.config)),
                                 LOKET_EXAMPLE_CONFIG, std::move(loaded.files));
  }
  static void TearDownTestSuite() { delete content_; }

  static Response answer(const Route& route, http::verb method,
                         std::vector<std::pair<http::field, std::string>> headers = {}) {
    Request request{method, route.path, 11};
    for (auto& [field, value] : headers) request.set(field, value);
    const std::string client = "127.0.0.1";
    RequestContext context{route, client, std::nullopt, {}, {}};
    asio::io_context io;
    auto done = asio::co_spawn(io, route.handler(request, context), asio::use_future);
    io.run();
    return done.get();
  }

  static const Route& route_for(const std::vector<Route>& routes, std::string_view path) {
    for (const Route& route : routes)
      if (route.path == path) return route;
    throw std::runtime_error("no route for " + std::string(path));
  }

  static inline ContentHolder* content_ = nullptr;
};

TEST_F(WebAssetRoutes, EveryAssetIsAnExactGetAndHeadRoute) {
  const auto routes = web_asset_routes(*content_);
  std::size_t served = 0;
  for (const WebAsset& asset : web_assets()) served += asset.path.starts_with("/") ? 1 : 0;
  EXPECT_EQ(served + 3, routes.size()) << "the static files, the chat page and two scripts";
  for (const Route& route : routes) {
    EXPECT_FALSE(route.prefix) << route.path << ": '/' must not serve every path";
    EXPECT_EQ(route.path, route.label);
    EXPECT_EQ("GET, HEAD", route.methods);
    EXPECT_TRUE(route.role.empty());
  }
}

TEST_F(WebAssetRoutes, TheWidgetCarriesTheMunicipalitysSettingsAndItsStyle) {
  const auto routes = web_asset_routes(*content_);
  const Route& widget = route_for(routes, "/widget.js");
  const Response get = answer(widget, http::verb::get);
  EXPECT_EQ(200u, get.result_int());
  EXPECT_EQ("text/javascript; charset=utf-8", get[http::field::content_type]);
  EXPECT_NE(std::string::npos, get.body().find("\"name\":\"Gemeente Noorderhaven\""));
  EXPECT_NE(std::string::npos, get.body().find(".loket-launcher")) << "the CSS is inside";
  EXPECT_EQ(std::string::npos, get.body().find("__LOKET_")) << "every template token filled";
  EXPECT_EQ("nosniff", get["X-Content-Type-Options"]);
  const Response head = answer(widget, http::verb::head);
  EXPECT_TRUE(head.body().empty());
  EXPECT_EQ(std::to_string(get.body().size()), head[http::field::content_length]);

  const std::string etag(get[http::field::etag]);
  ASSERT_FALSE(etag.empty());
  const Response again = answer(widget, http::verb::get, {{http::field::if_none_match, etag}});
  EXPECT_EQ(304u, again.result_int()) << "a browser with this version loads nothing";
  EXPECT_TRUE(again.body().empty());
}

TEST(WidgetSettings, NoHelpfulQuestionUnderSmallTalkOrACrisisLine) {
  auto loaded = config::load_config(LOKET_EXAMPLE_CONFIG);
  ASSERT_TRUE(loaded.config);
  const auto settings = boost::json::parse(widget_settings_json(*loaded.config)).as_object();
  const auto& skipped = settings.at("no_feedback").as_array();
  const auto has = [&](std::string_view id) {
    return std::find(skipped.begin(), skipped.end(), boost::json::value(id)) != skipped.end();
  };
  EXPECT_TRUE(has("greeting"));
  EXPECT_TRUE(has("hulp-zelfdoding")) << "an urgent intent: someone in need is not asked to rate";
  EXPECT_TRUE(has("huiselijk-geweld"));
  EXPECT_FALSE(has("paspoort-aanvragen")) << "an ordinary answer is rated";
}

TEST_F(WebAssetRoutes, TheBrowserNotificationsScriptHasItsWordsInEveryLanguage) {
  const auto routes = web_asset_routes(*content_);
  const Response push = answer(route_for(routes, "/push.js"), http::verb::get);
  EXPECT_EQ(200u, push.result_int());
  EXPECT_EQ(std::string::npos, push.body().find("__LOKET_"));
  for (const char* words :
       {"Meldingen in deze browser", "Notifications in this browser", "Meldingen yn dizze browser"})
    EXPECT_NE(std::string::npos, push.body().find(words)) << words;
}

TEST_F(WebAssetRoutes, TheChatPageSpeaksTheBrowsersLanguageAmongTheMunicipalitys) {
  const auto routes = web_asset_routes(*content_);
  const Route& page = route_for(routes, "/");
  const Response dutch = answer(page, http::verb::get);
  EXPECT_NE(std::string::npos, dutch.body().find("<html lang=\"nl\">"));
  EXPECT_NE(std::string::npos, dutch.body().find("<h1>Gemeente Noorderhaven</h1>"));
  EXPECT_NE(std::string::npos, dutch.body().find("Vraag het de gemeente"));
  const Response english =
      answer(page, http::verb::get, {{http::field::accept_language, "en-GB,en;q=0.9,nl;q=0.5"}});
  EXPECT_NE(std::string::npos, english.body().find("<html lang=\"en\">"));
  EXPECT_NE(std::string::npos, english.body().find("Ask the municipality"));
  EXPECT_EQ("Accept-Language", english[http::field::vary]);
  EXPECT_NE(dutch[http::field::etag], english[http::field::etag]);
  const Response german = answer(page, http::verb::get, {{http::field::accept_language, "de-DE"}});
  EXPECT_NE(std::string::npos, german.body().find("<html lang=\"de\">"));
  const Response french = answer(page, http::verb::get, {{http::field::accept_language, "fr-FR"}});
  EXPECT_NE(std::string::npos, french.body().find("<html lang=\"nl\">"))
      << "a language the municipality does not serve: its default";
}

TEST_F(WebAssetRoutes, PagesCarryAContentSecurityPolicyScriptsDoNot) {
  const auto routes = web_asset_routes(*content_);
  EXPECT_FALSE(answer(route_for(routes, "/"), http::verb::get)["Content-Security-Policy"].empty());
  const Response admin = answer(route_for(routes, "/admin"), http::verb::get);
  EXPECT_NE(std::string::npos,
            std::string(admin["Content-Security-Policy"]).find("frame-ancestors 'none'"))
      << "staff pages cannot be framed";
  EXPECT_EQ("DENY", admin["X-Frame-Options"]) << "nor by browsers without frame-ancestors";
  EXPECT_EQ("DENY", answer(route_for(routes, "/admin/inbox"), http::verb::get)["X-Frame-Options"]);
  EXPECT_TRUE(
      answer(route_for(routes, "/widget.js"), http::verb::get)["Content-Security-Policy"].empty());
}

}  // namespace
}  // namespace loket::server
