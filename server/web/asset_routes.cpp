#include <functional>
#include <map>
#include <mutex>

#include "server/web/page_language.h"
#include "server/web/web_assets.h"
#include "server/web/widget_script.h"

namespace loket::server {
namespace {

constexpr std::string_view kHtml = "text/html; charset=utf-8";
constexpr std::string_view kJavaScript = "text/javascript; charset=utf-8";

// A body and its entity tag.
struct Rendered {
  std::string body;
  std::string etag;
};

Rendered tagged(std::string body) {
  char tag[24];
  std::snprintf(tag, sizeof tag, "\"%016zx\"", std::hash<std::string>{}(body));
  return {std::move(body), tag};
}

// The chat page (per language) and the widget script of the content in service, rendered on
// first use after each reload.
class RenderedAssets {
 public:
  explicit RenderedAssets(const ContentHolder& content) : content_(content) {}

  std::shared_ptr<const Rendered> widget_script() {
    return cached("widget.js", [](const config::Config& c) { return render_widget_script(c); });
  }
  std::shared_ptr<const Rendered> push_script() {
    return cached("push.js", [](const config::Config& c) { return render_push_script(c); });
  }
  std::shared_ptr<const Rendered> chat_page(std::string_view accept_language, std::string& policy) {
    const auto chat = content_.current();
    const config::Config& config = chat->config();
    policy = chat_page_policy(config);
    const std::string lang = choose_page_language(accept_language, config.languages);
    return cached(lang, [lang](const config::Config& c) { return render_chat_page(c, lang); });
  }

 private:
  std::shared_ptr<const Rendered> cached(
      const std::string& key, const std::function<std::string(const config::Config&)>& render) {
    const auto chat = content_.current();
    {
      std::lock_guard lock(mutex_);
      if (chat != rendered_from_) {
        rendered_from_ = chat;  // a new content: everything is rendered again
        rendered_.clear();
      }
      if (auto it = rendered_.find(key); it != rendered_.end()) return it->second;
    }
    auto page = std::make_shared<const Rendered>(tagged(render(chat->config())));
    std::lock_guard lock(mutex_);
    if (chat == rendered_from_) rendered_.emplace(key, page);
    return page;
  }

  const ContentHolder& content_;
  std::mutex mutex_;
  std::shared_ptr<dialogue::Dialogue> rendered_from_;
  std::map<std::string, std::shared_ptr<const Rendered>> rendered_;
};

Response serve(const Request& request, std::string_view type, std::string_view body,
               std::string_view etag = {}) {
  const bool unchanged = !etag.empty() && request[http::field::if_none_match] == etag;
  Response res = make_response(unchanged ? http::status::not_modified : http::status::ok, request,
                               type, unchanged ? std::string() : std::string(body));
  res.set(http::field::cache_control, "no-cache");
  res.set("X-Content-Type-Options", "nosniff");
  if (!etag.empty()) res.set(http::field::etag, etag);
  if (request.method() == http::verb::head || unchanged) {
    res.body().clear();
    if (!unchanged) res.content_length(body.size());
  }
  return res;
}

// "https://{s}.tile.example.org/{z}/{x}/{y}.png" -> "https://*.tile.example.org": what a
// Content-Security-Policy allows the tiles from (the configuration refused spaces and quotes).
std::string tile_origin(std::string_view tiles) {
  const std::size_t host = tiles.find("://");
  if (host == std::string_view::npos) return {};
  const std::string_view origin = tiles.substr(0, tiles.find('/', host + 3));
  const std::size_t s = origin.find("{s}");
  if (s == std::string_view::npos) return std::string(origin);
  return std::string(origin.substr(0, s)) + "*" + std::string(origin.substr(s + 3));
}

}  // namespace

std::vector<Route> web_asset_routes(const ContentHolder& content) {
  auto rendered = std::make_shared<RenderedAssets>(content);
  std::vector<Route> routes;
  routes.push_back(exact_route(
      "/", "GET, HEAD",
      [rendered](const Request& request, RequestContext&) -> asio::awaitable<Response> {
        std::string policy;
        const auto page = rendered->chat_page(request[http::field::accept_language], policy);
        Response res = serve(request, kHtml, page->body, page->etag);
        res.set("Content-Security-Policy", policy);
        res.set(http::field::vary, "Accept-Language");
        co_return res;
      }));
  routes.push_back(
      exact_route("/widget.js", "GET, HEAD",
                  [rendered](const Request& request, RequestContext&) -> asio::awaitable<Response> {
                    const auto script = rendered->widget_script();
                    co_return serve(request, kJavaScript, script->body, script->etag);
                  }));
  routes.push_back(
      exact_route("/push.js", "GET, HEAD",
                  [rendered](const Request& request, RequestContext&) -> asio::awaitable<Response> {
                    const auto script = rendered->push_script();
                    co_return serve(request, kJavaScript, script->body, script->etag);
                  }));
  for (const WebAsset& asset : web_assets()) {
    if (!asset.path.starts_with("/")) continue;  // a template, served rendered above
    routes.push_back(exact_route(
        asset.path, "GET, HEAD",
        [&asset, &content](const Request& request, RequestContext&) -> asio::awaitable<Response> {
          Response res = serve(request, asset.content_type, asset.body);
          if (asset.path == "/admin" || asset.path == "/admin/inbox") {
            // The map's tiles are the one thing staff pages load from elsewhere.
            res.set("Content-Security-Policy",
                    "default-src 'self'; connect-src 'self'; img-src 'self' data: " +
                        tile_origin(content.current()->config().map.tiles) +
                        "; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
            // For browsers that know no frame-ancestors: staff pages are never
            // framed (clickjacking), nor read by another page's sniffing.
            res.set("X-Frame-Options", "DENY");
            res.set("X-Content-Type-Options", "nosniff");
            res.set("Referrer-Policy", "no-referrer");
          }
          co_return res;
        }));
  }
  return routes;
}

}  // namespace loket::server
