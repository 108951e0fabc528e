#include "server/app/dispatch.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "server/common/labelled_metrics.h"
#include "server/common/log.h"
#include "server/common/open_files.h"
#include "server/common/service_manager.h"
#include "server/http/listener.h"
#include "server/http/probes.h"
#include "server/notify/queue_metrics.h"
#include "server/notify/shared_send_slots.h"

namespace loket::server {
namespace {

// Probes and scrapes only: a handful of connections at a time.
constexpr std::size_t kMaxProbeConnections = 64;

// One municipality's dispatcher and what it sends through.
struct Running {
  std::string id;
  Metrics metrics;
  std::unique_ptr<ChannelHub> channels;
  std::unique_ptr<Dispatcher> dispatcher;
  Notifications notifications;
};
using RunningList = std::vector<std::unique_ptr<Running>>;

// What the dispatchers' HTTP side answers: alive, ready once every database is, and their metrics
// (each series labelled with its municipality when there are several).
RouteTable probe_routes(const RunningList& running, std::string metrics_token) {
  return RouteTable({
      exact_route("/healthz", "GET, HEAD",
                  [](const Request& request, RequestContext&) -> asio::awaitable<Response> {
                    co_return probe_response(request, true, "ok");
                  }),
      exact_route("/readyz", "GET, HEAD",
                  [&running](const Request& request, RequestContext&) -> asio::awaitable<Response> {
                    const bool started =
                        std::all_of(running.begin(), running.end(),
                                    [](const auto& r) { return r->dispatcher->ready(); });
                    const bool answering = std::all_of(
                        running.begin(), running.end(),
                        [](const auto& r) { return r->dispatcher->database_answers(); });
                    // In the words of `serve`'s /readyz: PostgreSQL's answer while connecting.
                    std::deque<std::string> keys;
                    ProbeDetails details;
                    for (const auto& r : running)
                      details.emplace_back(
                          keys.emplace_back(running.size() > 1 ? "database." + r->id
                                                               : std::string("database")),
                          r->dispatcher->database_state());
                    co_return probe_response(request, started && answering, "ready", details,
                                             started ? "database unreachable" : "starting");
                  }),
      exact_route("/metrics", "GET",
                  [&running, metrics_token](const Request& request,
                                            RequestContext&) -> asio::awaitable<Response> {
                    if (auto refused = refuse_metrics(request, metrics_token))
                      co_return std::move(*refused);
                    std::vector<std::pair<std::string, std::string>> expositions;
                    for (const auto& r : running) {
                      std::string depth = co_await queue_depth_metrics(r->notifications);
                      expositions.emplace_back(r->id, r->metrics.render(depth));
                    }
                    if (expositions.size() == 1)
                      co_return metrics_response(request, std::move(expositions.front().second));
                    co_return metrics_response(request, merge_labelled_expositions(expositions));
                  }),
  });
}

std::unique_ptr<Running> start_running(asio::io_context& io, const DispatchedMunicipality& m) {
  auto r = std::make_unique<Running>();
  r->id = m.id;
  const NotificationSetup& setup = m.notifications;
  auto content = setup.content;
  r->channels = std::make_unique<ChannelHub>(
      setup.channels,
      std::chrono::duration_cast<std::chrono::milliseconds>(setup.settings.send_timeout),
      [content](const std::string& topic, const std::string& lang) {
        return content ? topic_info(*content, topic, lang) : connectors::MetaConnector::TopicInfo{};
      },
      content ? content->municipality : std::string());
  r->dispatcher = make_dispatcher(io, setup, *r->channels, r->metrics);
  r->notifications = {setup.database, r->dispatcher.get()};
  // The platforms' rates are the deployment's, shared with every other sender.
  const auto slots = std::make_shared<SharedSendSlots>(*setup.database);
  for (const auto& connector : r->channels->connectors()) connector->use_send_slots(slots);
  return r;
}

}  // namespace

int dispatch_only(const std::vector<DispatchedMunicipality>& municipalities, unsigned threads,
                  const std::optional<ListenAddress>& probes) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  // Each send under way holds a connection to its platform: without the files for them, every
  // send fails ("Operation canceled") and the alerts run out of attempts.
  std::size_t connections = kMaxProbeConnections;
  for (const auto& m : municipalities) {
    const auto& settings = m.notifications.settings;
    connections += settings.workers * settings.sends_in_flight +
                   dispatcher_pinned_workers(settings.workers) +
                   (m.notifications.content ? m.notifications.content->database.pool_size : 0);
  }
  if (!enough_open_files(connections, "notifications.sends_in_flight")) return 1;
  asio::io_context io(static_cast<int>(threads));
  asio::signal_set signals(io, SIGINT, SIGTERM);
  RunningList running;
  for (const auto& m : municipalities) running.push_back(start_running(io, m));
  const auto& first = municipalities.front().notifications.content;

  // The probes' HTTP side: the same HTTP layer as `loket serve`, with three routes.
  const config::Limits limits = first ? first->limits : config::Limits{};
  ConnectionTracker tracker(kMaxProbeConnections);
  const TrustedProxies no_proxies({});
  const RouteTable routes = probe_routes(running, first ? first->server.metrics_token : "");
  const Site site{routes,
                  limits,
                  tracker,
                  running.front()->metrics,
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

  // SIGHUP (`systemctl reload`, a reload sent to every loket process) would end the process by
  // default; a dispatcher reads its configuration once, so it says so and sends on.
  asio::signal_set hangups(io, SIGHUP);
  std::function<void()> await_hangup = [&] {
    hangups.async_wait([&](const boost::system::error_code& error, int) {
      if (error) return;
      log::info("SIGHUP ignored: loket dispatch reads its configuration at start",
                {{"fix", "restart the dispatcher to apply a changed configuration"}});
      await_hangup();
    });
  };
  await_hangup();
  for (const auto& r : running) r->dispatcher->start(&r->id);
  notify_ready();
  signals.async_wait([&](const boost::system::error_code& error, int signal) {
    if (error) return;
    log::info("stopping", {{"signal", signal}});
    notify_stopping();
    hangups.cancel();
    for (const auto& r : running) r->dispatcher->stop();
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
  for (const auto& m : municipalities) m.notifications.database->shutdown();
  log::info("stopped");
  return 0;
}

}  // namespace loket::server
