#include "server/http_server.h"

#include <functional>
#include <future>
#include <thread>
#include <vector>

#include "connectors/webhook_connector.h"
#include "connectors/websocket_connector.h"
#include "server/blocking_call.h"
#include "server/content_holder.h"
#include "server/log.h"
#include "server/net.h"
#include "server/notify/dispatcher.h"

namespace loket::server {
namespace {

void log_escaped(std::exception_ptr e, std::string_view where) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    log::error("unhandled exception", {{"in", where}, {"what", ex.what()}});
  }
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, ServerState& state) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(state.io), use_nothrow);
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      // Out of file descriptors or similar: back off instead of spinning on the error.
      log::warn("accept failed", {{"error", ec.message()}});
      asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(50));
      co_await pause.async_wait(use_nothrow);
      continue;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto executor = socket.get_executor();
    asio::co_spawn(executor, run_http_session(std::move(socket), state),
                   [](std::exception_ptr e) { log_escaped(e, "http session"); });
  }
}

}  // namespace

constexpr std::chrono::seconds kWatchInterval{2};

// Chat sockets opened after this long without the resident: a waiting delivery looks again.
constexpr std::chrono::seconds kChatRecheck{300};

std::unique_ptr<Dispatcher> make_dispatcher(asio::io_context& io, const NotificationSetup& setup,
                                            connectors::LiveSessions& live_sessions,
                                            const ChannelHub& channels, Metrics& metrics) {
  std::vector<std::shared_ptr<connectors::Connector>> list = channels.connectors();
  list.push_back(std::make_shared<connectors::WebsocketConnector>(live_sessions, kChatRecheck));
  list.push_back(std::make_shared<connectors::WebhookConnector>(
      std::chrono::duration_cast<std::chrono::milliseconds>(setup.settings.send_timeout)));
  return std::make_unique<Dispatcher>(io, *setup.database, setup.settings, std::move(list),
                                      metrics);
}

// Polls the configuration's files; a change reloads the content (a half-saved file is refused,
// and the next save tries again).
asio::awaitable<void> watch_content(ServerState& state, asio::steady_timer& timer) {
  const auto newest = [&state] { return state.content.newest_change(); };
  auto last = co_await blocking_call(state.blocking, newest);
  while (!state.tracker.stopping()) {
    timer.expires_after(kWatchInterval);
    auto [ec] = co_await timer.async_wait(use_nothrow);
    if (ec || state.tracker.stopping()) co_return;
    auto now = co_await blocking_call(state.blocking, newest);
    if (now == last) continue;
    last = now;
    co_await reload_content(state, "file change");
  }
}

int serve(ContentHolder& content, const ListenAddress& address, unsigned threads,
          const NotificationSetup& notifications) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  ServerState state(content, threads);
  asio::io_context& io = state.io;
  // Before anything is announced: a SIGTERM right after "listening" must drain, and a SIGHUP
  // reload, not kill (Asio queues a signal that arrives before anyone waits for it).
  asio::signal_set signals(io, SIGINT, SIGTERM);
  asio::signal_set hangup(io, SIGHUP);
  asio::steady_timer log_timer(io);  // the conversation log's flusher
  asio::steady_timer mastodon_timer(io);
  asio::steady_timer redelivery_timer(io);

  // On a strand: the stop signal's close() must not race the accept loop on another thread.
  tcp::acceptor acceptor(asio::make_strand(io));
  beast::error_code ec;
  auto ip = asio::ip::make_address(address.host, ec);
  if (ec) {
    log::error("cannot listen", {{"address", address.host}, {"error", "not an IP address"}});
    return 1;
  }
  tcp::endpoint endpoint(ip, address.port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    log::error("cannot listen",
               {{"address", address.host}, {"port", address.port}, {"error", ec.message()}});
    return 1;
  }
  const auto bound = acceptor.local_endpoint();
  log::info(
      "listening",
      {{"address", bound.address().to_string()}, {"port", bound.port()}, {"threads", threads}});

  asio::co_spawn(acceptor.get_executor(), accept_loop(acceptor, state),
                 [](std::exception_ptr e) { log_escaped(e, "accept loop"); });
  state.admin_token = notifications.admin_token;
  // The dispatcher and the alerts it sends run on a thread of their own. Every send hops from
  // the dispatcher's strand to its connection's strand and back; spread over the I/O threads,
  // each hop woke another thread, which was a third of the dispatcher's CPU time (measured in
  // docs/benchmarks.md).
  asio::io_context& dispatch_io = state.dispatch_io;
  auto dispatch_work = asio::make_work_guard(dispatch_io);
  std::thread dispatch_thread;
  std::promise<void> dispatch_done;
  std::unique_ptr<Dispatcher> dispatcher;
  if (notifications.database != nullptr) {
    dispatcher = make_dispatcher(dispatch_io, notifications, state.live_sessions, state.channel_hub,
                                 state.metrics);
    dispatch_thread = std::thread([&dispatch_io, &dispatch_done] {
      dispatch_io.run();
      dispatch_done.set_value();
    });
    state.database = notifications.database;
    state.dispatcher = dispatcher.get();
    asio::co_spawn(io, flush_conversation_log(state, log_timer),
                   [](std::exception_ptr e) { log_escaped(e, "conversation log"); });
    state.channels = {std::string(connectors::WebhookConnector::kChannel),
                      std::string(connectors::WebsocketConnector::kChannel)};
    for (const auto& c : state.channel_hub.connectors()) state.channels.emplace(c->channel());
    dispatcher->start();
  }
  state.ready = true;

  asio::steady_timer drain_timer(io);
  asio::steady_timer watch_timer(io);
  std::function<void()> on_hangup = [&] {
    hangup.async_wait([&](const beast::error_code& error, int) {
      if (error) return;
      asio::co_spawn(io, reload_content(state, "SIGHUP"), asio::detached);
      on_hangup();
    });
  };
  on_hangup();
  asio::co_spawn(io, watch_content(state, watch_timer),
                 [](std::exception_ptr e) { log_escaped(e, "content watcher"); });
  asio::co_spawn(io, poll_mastodon(state, mastodon_timer),
                 [](std::exception_ptr e) { log_escaped(e, "mastodon poller"); });
  asio::co_spawn(io, redeliver_inbound(state, redelivery_timer),
                 [](std::exception_ptr e) { log_escaped(e, "inbound redelivery"); });
  auto finish = [&] {
    asio::post(io, [&] {
      signals.cancel();
      drain_timer.cancel();
      hangup.cancel();
      watch_timer.cancel();
      log_timer.cancel();
      mastodon_timer.cancel();
      redelivery_timer.cancel();
    });
  };
  signals.async_wait([&](const beast::error_code& error, int signal) {
    if (error) return;
    const auto drain = content.current()->config().server.drain_timeout;
    log::info("stopping", {{"signal", signal},
                           {"open_connections", state.tracker.size()},
                           {"drain_timeout_s", static_cast<long long>(drain.count())}});
    state.ready = false;
    asio::post(acceptor.get_executor(), [&acceptor] {
      beast::error_code ignored;
      acceptor.close(ignored);
    });
    if (dispatcher) dispatcher->stop();
    drain_timer.expires_after(drain);
    drain_timer.async_wait([&](const beast::error_code& timer_error) {
      if (timer_error) return;
      log::warn("drain timeout", {{"open_connections", state.tracker.size()}});
      state.tracker.close_all();
      io.stop();
      dispatch_io.stop();
    });
    // A second signal stops at once.
    signals.async_wait([&](const beast::error_code& again, int) {
      if (again) return;
      io.stop();
      dispatch_io.stop();
    });
    state.tracker.stop(finish);
  });

  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();
  // The dispatcher was told to stop with the rest: it finishes the sends under way and its
  // thread runs out of work, within the drain timeout. Past it, what is still in flight is
  // dropped: its batch's transaction rolls back when the database connections close, and the
  // next start sends it again (at least once).
  dispatch_work.reset();
  if (dispatch_thread.joinable()) {
    const auto drain = content.current()->config().server.drain_timeout;
    if (dispatch_done.get_future().wait_for(drain) == std::future_status::timeout) {
      log::warn("dispatcher stop timeout",
                {{"drain_timeout_s", static_cast<long long>(drain.count())}});
      dispatch_io.stop();
    }
    dispatch_thread.join();
  }
  // Database jobs and reloads report back to `io`: none may run on after it is gone.
  if (notifications.database != nullptr) notifications.database->shutdown();
  state.blocking.join();
  log::info("stopped");
  return 0;
}

int dispatch_only(const NotificationSetup& notifications, unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  asio::io_context io(static_cast<int>(threads));
  asio::signal_set signals(io, SIGINT, SIGTERM);
  LiveSessionRegistry no_chat_here;  // this process has no chat sockets: chat deliveries wait
  Metrics metrics;                   // counted, though this process serves no /metrics
  auto content = notifications.content;
  const ChannelHub channels(
      notifications.channels,
      std::chrono::duration_cast<std::chrono::milliseconds>(notifications.settings.send_timeout),
      [content](const std::string& topic, const std::string& lang) {
        return content ? topic_info(*content, topic, lang) : connectors::MetaConnector::TopicInfo{};
      },
      content ? content->municipality : std::string());
  auto dispatcher = make_dispatcher(io, notifications, no_chat_here, channels, metrics);
  dispatcher->start();
  signals.async_wait([&](const beast::error_code& error, int signal) {
    if (error) return;
    log::info("stopping", {{"signal", signal}});
    dispatcher->stop();
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
