// What anyone may read without signing in: open data about the questions residents ask
// (GET /api/v1/open/questions, JSON or CSV, small counts suppressed) and its DCAT-AP description
// for the municipality's open-data portal (GET /api/v1/open/catalog.jsonld), docs/open-data.md;
// and the neighbourhood page (GET /buurt/{postcode}, GET /api/v1/area/{postcode}).
// The handlers are safe from any I/O thread; the cache is guarded by its own mutex.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "server/common/content_holder.h"
#include "server/http/route.h"
#include "server/notify/notifications.h"

namespace loket::server {

struct OpenDataState {
  ContentHolder& content;
  const Notifications& notifications;
  int retention_days = 90;  // how far back the conversation log goes

  // Answers already computed, by query, for a minute or a few: the figures change slowly and
  // the endpoints are public.
  struct Cached {
    std::chrono::steady_clock::time_point at;
    std::string body;
  };
  std::mutex cache_mutex;
  std::map<std::string, Cached> cache;

  // The body kept under `key` when it is younger than `max_age`.
  std::optional<std::string> cached(const std::string& key,
                                    std::chrono::steady_clock::duration max_age);
  // Keeps `body` under `key`; when the cache holds `kMaxCached` bodies it starts afresh.
  void keep(const std::string& key, std::string body);
  static constexpr std::size_t kMaxCached = 10000;
};

// A public answer any origin may read; a 200 may be cached by browsers and proxies `max_age`
// (as long as this instance keeps it).
Response public_reply(const Request& request, http::status status, std::string_view type,
                      std::string body, std::chrono::seconds max_age);

asio::awaitable<Response> handle_open_questions(const Request& request, RequestContext& context,
                                                OpenDataState& state);
asio::awaitable<Response> handle_open_catalog(const Request& request, RequestContext& context,
                                              OpenDataState& state);
asio::awaitable<Response> handle_area_api(const Request& request, RequestContext& context,
                                          OpenDataState& state);
asio::awaitable<Response> handle_area_page(const Request& request, RequestContext& context,
                                           OpenDataState& state);

}  // namespace loket::server
