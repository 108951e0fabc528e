#include "server/app/dispatch.h"

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "server/common/log.h"
#include "server/common/service_manager.h"
#include "server/http/listener.h"
#include "server/http/probes.h"
#include "server/notify/queue_metrics.h"
#include "server/notify/shared_send_slots.h"

namespace loket::server {
namespace {

// Probes and scrapes only: a handful of connections at a time.
constexpr std::size_t kMaxProbeConnections = 64;

// What the dispatcher's HTTP side answers: alive, ready once its database is, and its metrics.
RouteTable probe_routes(const Dispatcher& dispatcher, const Notifications& notifications,
                        Metrics& metrics, std::string metrics_token) {
  return RouteTable({
      exact_route("/healthz", "GET, HEAD",
                  [](const Request& request, RequestContext&) -> asio::awaitable<Response> {
                    co_return probe_response(request, true, "ok");
                  }),
      exact_route(
          "/readyz", "GET, HEAD",
          [&dispatcher](const Request& request, RequestContext&) -> asio::awaitable<Response> {
            co_return probe_response(request, dispatcher.ready(), "ready");
          }),
      exact_route("/metrics", "GET",
                  [&notifications, &metrics, metrics_token](
                      const Request& request, RequestContext&) -> asio::awaitable<Response> {
                    if (auto refused = refuse_metrics(request, metrics_token))
                      co_return std::move(*refused);
                    std::string depth = co_await queue_depth_metrics(notifications);
                    co_return metrics_response(request, metrics.render(depth));
                  }),
  });
}

}  // namespace

int dispatch_only(const NotificationSetup& notifications, unsigned threads,
                  const std::optional<ListenAddress>& probes) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  asio::io_context io(static_cast<int>(threads));
  asio::signal_set signals(io, SIGINT, SIGTERM);
  Metrics metrics;
  auto content = notifications.content;
  const ChannelHub channels(
      notifications.channels,
      std::chrono::duration_cast<std::chrono::milliseconds>(notifications.settings.send_timeout),
      [content](const std::string& topic, const std::string& lang) {
        return content ? topic_info(*content, topic, lang) : connectors::MetaConnector::TopicInfo{};
      },
      content ? content->municipality : std::string());
  auto dispatcher = make_dispatcher(io, notifications, channels, metrics);
  const Notifications on{notifications.database, dispatcher.get()};

  // The probes' HTTP side: the same HTTP layer as `loket serve`, with three routes.
  const config::Limits limits = content ? content->limits : config::Limits{};
  ConnectionTracker tracker(kMaxProbeConnections);
  const TrustedProxies no_proxies({});
  const RouteTable routes =
      probe_routes(*dispatcher, on, metrics, content ? content->server.metrics_token : "");
  const Site site{routes,
                  limits,
                  tracker,
                  metrics,
                  no_proxies,
                  [](const Request&) -> asio::awaitable<Refusable<Staff>> {
                    co_return Refusal{404, "no staff routes here"};
                  },
                  {}};
  tcp::acceptor acceptor(asio::make_strand(io));
  if (probes) {
    if (!open_listener(acceptor, *probes, threads)) return 1;
    asio::co_spawn(acceptor.get_executor(),
                   accept_loop(
                       acceptor, [&io]() -> asio::io_context& { return io; }, site),
                   [](std::exception_ptr e) { log_escaped(e, "accept loop"); });
  }

  // The platforms' rates are the deployment's, shared with every other sender.
  const auto slots = std::make_shared<SharedSendSlots>(*notifications.database);
  for (const auto& connector : channels.connectors()) connector->use_send_slots(slots);
  dispatcher->start();
  notify_ready();
  signals.async_wait([&](const boost::system::error_code& error, int signal) {
    if (error) return;
    log::info("stopping", {{"signal", signal}});
    notify_stopping();
    dispatcher->stop();
    asio::post(acceptor.get_executor(), [&] {
      beast::error_code ignored;
      acceptor.close(ignored);
    });
    tracker.stop([] {});
    tracker.close_all();  // probes hold nothing worth waiting for
  });
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();
  // Database jobs report back to `io`: none may run on after it is gone.
  notifications.database->shutdown();
  log::info("stopped");
  return 0;
}

}  // namespace loket::server
