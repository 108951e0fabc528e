#include "server/app/serve.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <future>
#include <optional>
#include <thread>
#include <vector>

#include "connectors/webhook_connector.h"
#include "connectors/websocket_connector.h"
#include "server/app/server_state.h"
#include "server/common/blocking_call.h"
#include "server/common/content_holder.h"
#include "server/common/log.h"
#include "server/common/logged_executor.h"
#include "server/common/open_files.h"
#include "server/common/service_manager.h"
#include "server/http/listener.h"
#include "server/notify/dispatcher.h"
#include "server/notify/shared_send_slots.h"

namespace loket::server {
constexpr std::chrono::seconds kWatchInterval{2};

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
    co_await reload_content(state.reloader, "file change", ContentHolder::Disk::when_changed);
  }
}

namespace {

std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards(
    const std::vector<std::unique_ptr<asio::io_context>>& contexts) {
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> out;
  for (const auto& io : contexts) out.push_back(asio::make_work_guard(*io));
  return out;
}

// One municipality a process serves: its state, routes and Site, its dispatcher and background
// tasks. Members are destroyed in reverse: the state last.
class Municipality {
 public:
  Municipality(ContentHolder& content, ProcessParts& process, std::string id)
      : state_(content, process, std::move(id)),
        routes_(make_route_table(state_)),
        site_(make_site(state_, routes_)) {}

  ServerState& state() { return state_; }
  // Its background tasks' executor: what they log names the municipality (when hosted).
  asio::any_io_executor logged() {
    return logged_as(state_.io.get_executor(), &state_.municipality);
  }
  const Site& site() const { return site_; }

  // Its dispatcher runs on the process's dispatcher thread; false without a database.
  bool start_notifications(const NotificationSetup& notifications) {
    state_.admin_token = notifications.admin_token;
    if (notifications.database == nullptr) return false;
    // The platforms' rates are the deployment's, shared with every other sender.
    const auto slots = std::make_shared<SharedSendSlots>(*notifications.database);
    for (const auto& connector : state_.channel_hub.connectors()) connector->use_send_slots(slots);
    dispatcher_ =
        make_dispatcher(state_.dispatch_io, notifications, state_.channel_hub, state_.metrics);
    state_.notifications = {notifications.database, dispatcher_.get()};
    state_.conversations.use_database(
        notifications.database, conversation_state_worker(notifications.settings.workers),
        [this] { return state_.notifications.ready(); }, logged());
    state_.content_sync.use_database(notifications.database,
                                     [this] { return state_.notifications.ready(); });
    state_.handoffs.use_database(notifications.database);
    state_.mailbox.use_database(notifications.database,
                                [this] { return state_.notifications.ready(); });
    asio::co_spawn(logged(), state_.conversations.purge_expired(purge_timer_),
                   [](std::exception_ptr e) { log_escaped(e, "conversation state purge"); });
    asio::co_spawn(logged(), flush_conversation_log(state_.chat, log_timer_),
                   [](std::exception_ptr e) { log_escaped(e, "conversation log"); });
    state_.channels = {std::string(connectors::WebhookConnector::kChannel),
                       std::string(connectors::WebsocketConnector::kChannel)};
    for (const auto& c : state_.channel_hub.connectors()) state_.channels.emplace(c->channel());
    dispatcher_->start(&state_.municipality);
    return true;
  }

  void start_background() {
    asio::co_spawn(logged(), state_.content_sync.run(follow_timer_),
                   [](std::exception_ptr e) { log_escaped(e, "content sync"); });
    asio::co_spawn(logged(), watch_content(state_, watch_timer_),
                   [](std::exception_ptr e) { log_escaped(e, "content watcher"); });
    asio::co_spawn(logged(), poll_mastodon(state_.channel, mastodon_timer_),
                   [](std::exception_ptr e) { log_escaped(e, "mastodon poller"); });
    asio::co_spawn(logged(), redeliver_inbound(state_.channel, redelivery_timer_),
                   [](std::exception_ptr e) { log_escaped(e, "inbound redelivery"); });
  }

  void reload(const char* why) {
    asio::co_spawn(logged(), reload_content(state_.reloader, why), asio::detached);
  }

  void stop_dispatcher() {
    if (dispatcher_) dispatcher_->stop();
  }

  void cancel_background() {
    watch_timer_.cancel();
    log_timer_.cancel();
    state_.conversations.stop();
    purge_timer_.cancel();
    state_.content_sync.stop();
    state_.mailbox.stop();
    state_.handoffs.stop();
    mastodon_timer_.cancel();
    redelivery_timer_.cancel();
  }

 private:
  ServerState state_;
  const RouteTable routes_;
  const Site site_;
  asio::steady_timer log_timer_{state_.io};     // the conversation log's flusher
  asio::steady_timer purge_timer_{state_.io};   // expired conversation states
  asio::steady_timer follow_timer_{state_.io};  // content published by other instances
  asio::steady_timer mastodon_timer_{state_.io};
  asio::steady_timer redelivery_timer_{state_.io};
  asio::steady_timer watch_timer_{state_.io};
  std::unique_ptr<Dispatcher> dispatcher_;
};

// One `loket serve`: the municipalities it serves, the listener, the dispatchers' thread, and
// the order in which they start and stop. Members are destroyed in reverse: the process's parts
// last.
class Server {
 public:
  Server(const std::vector<HostedSetup>& setups, unsigned threads)
      : first_(*setups.front().content),
        threads_(threads),
        process_(threads, first_.current()->config().limits.max_connections),
        // Before anything is announced: a SIGTERM right after "listening" must drain, and a
        // SIGHUP reload, not kill (Asio queues a signal that arrives before anyone waits).
        signals_(process_.io, SIGINT, SIGTERM),
        hangup_(process_.io, SIGHUP),
        // On a strand: the stop signal's close() must not race the accept loop on another
        // thread.
        acceptor_(asio::make_strand(process_.io)) {
    for (const auto& setup : setups) {
      municipalities_.push_back(std::make_unique<Municipality>(*setup.content, process_, setup.id));
      if (!setup.refused_files.empty())
        municipalities_.back()->state().content_sync.refused_at_start(setup.refused_files);
    }
    Site site = municipalities_.front()->site();
    if (setups.size() > 1 || !setups.front().id.empty()) {
      site.municipality = nullptr;  // the process's own answers (an unknown prefix) name none
      for (std::size_t i = 0; i < setups.size(); ++i) {
        site.hosted.push_back({setups[i].id, setups[i].hosts, &municipalities_[i]->site()});
        hosting_.push_back(&municipalities_[i]->state());
      }
      for (auto& m : municipalities_) m->state().hosting = &hosting_;
    }
    site_.emplace(std::move(site));
  }

  // Binds the address and starts accepting; false (logged) when it cannot be bound.
  bool listen(const ListenAddress& address) {
    if (!open_listener(acceptor_, address, threads_)) return false;
    asio::co_spawn(
        acceptor_.get_executor(),
        accept_loop(
            acceptor_, [this]() -> asio::io_context& { return io_for_connection(process_); },
            *site_),
        [](std::exception_ptr e) { log_escaped(e, "accept loop"); });
    return true;
  }

  // The dispatchers and the alerts they send run on a thread of their own. Every send hops from
  // the dispatcher's strand to its connection's strand and back; spread over the I/O threads,
  // each hop woke another thread, which was a third of the dispatcher's CPU time (measured in
  // docs/benchmarks.md).
  void start_notifications(const std::vector<HostedSetup>& setups) {
    bool any = false;
    for (std::size_t i = 0; i < setups.size(); ++i)
      any = municipalities_[i]->start_notifications(setups[i].notifications) || any;
    if (!any) return;
    dispatch_thread_ = std::thread([this] {
      process_.dispatch_io.run();
      dispatch_done_.set_value();
    });
  }

  void start_background() {
    on_hangup_ = [this] {
      hangup_.async_wait([this](const beast::error_code& error, int) {
        if (error) return;
        for (auto& m : municipalities_) m->reload("SIGHUP");
        on_hangup_();
      });
    };
    on_hangup_();
    for (auto& m : municipalities_) m->start_background();
    signals_.async_wait([this](const beast::error_code& error, int signal) {
      if (!error) stop(signal);
    });
  }

  // Serves until stopped, then lets the dispatchers finish and closes the databases.
  void run(const std::vector<HostedSetup>& setups) {
    for (auto& m : municipalities_) m->state().ready = true;
    notify_ready();
    std::vector<std::thread> pool;
    for (auto& io : process_.more_io) pool.emplace_back([&io] { io->run(); });
    process_.io.run();
    for (auto& t : pool) t.join();
    finish_dispatcher();
    // Database jobs and reloads report back to `io`: none may run on after it is gone.
    for (const auto& setup : setups)
      if (setup.notifications.database != nullptr) setup.notifications.database->shutdown();
    process_.blocking.join();
  }

 private:
  // Takes the instance out of the load balancer (server.shutdown_delay_s, /readyz says 503 while
  // requests are still served), then drains.
  void stop(int signal) {
    const auto delay = first_.current()->config().server.shutdown_delay;
    for (auto& m : municipalities_) {
      m->state().stopping = true;
      m->state().ready = false;
    }
    notify_stopping();
    if (delay.count() == 0) {
      drain(signal, /*arm_second_signal=*/true);
      return;
    }
    // Still serving, but no longer ready: the load balancer takes this instance out first.
    log::info("shutdown delay",
              {{"signal", signal}, {"seconds", static_cast<long long>(delay.count())}});
    delay_timer_.expires_after(delay);
    delay_timer_.async_wait([this, signal](const beast::error_code& error) {
      if (!error) drain(signal, /*arm_second_signal=*/false);
    });
    // A second signal skips the rest of the delay; once draining, it stops at once.
    signals_.async_wait([this](const beast::error_code& error, int again) {
      if (error) return;
      if (delay_timer_.cancel() > 0)
        drain(again, /*arm_second_signal=*/true);
      else
        stop_all_io();
    });
  }

  // Stops accepting, closes idle connections, and lets busy ones finish within the drain
  // timeout; with `arm_second_signal`, a second signal stops at once.
  void drain(int signal, bool arm_second_signal) {
    const auto drain = first_.current()->config().server.drain_timeout;
    log::info("stopping", {{"signal", signal},
                           {"open_connections", process_.tracker.size()},
                           {"drain_timeout_s", static_cast<long long>(drain.count())}});
    asio::post(acceptor_.get_executor(), [this] {
      beast::error_code ignored;
      acceptor_.close(ignored);
    });
    for (auto& m : municipalities_) m->stop_dispatcher();
    drain_timer_.expires_after(drain);
    drain_timer_.async_wait([this](const beast::error_code& timer_error) {
      if (timer_error) return;
      log::warn("drain timeout", {{"open_connections", process_.tracker.size()}});
      process_.tracker.close_all();
      stop_all_io();
    });
    if (arm_second_signal)
      signals_.async_wait([this](const beast::error_code& again, int) {
        if (!again) stop_all_io();
      });
    process_.tracker.stop([this] { asio::post(process_.io, [this] { cancel_background(); }); });
  }

  void stop_all_io() {
    process_.io.stop();
    for (auto& io : process_.more_io) io->stop();
    process_.dispatch_io.stop();
  }

  // Every connection has gone: the other I/O threads run out of work and end.
  void cancel_background() {
    more_work_.clear();
    delay_timer_.cancel();
    signals_.cancel();
    drain_timer_.cancel();
    hangup_.cancel();
    for (auto& m : municipalities_) m->cancel_background();
  }

  // The dispatchers were told to stop with the rest: they finish the sends under way and their
  // thread runs out of work, within the drain timeout. Past it, what is still in flight is
  // dropped: its batch's transaction rolls back when the database connections close, and the
  // next start sends it again (at least once).
  void finish_dispatcher() {
    dispatch_work_.reset();
    if (!dispatch_thread_.joinable()) return;
    const auto drain = first_.current()->config().server.drain_timeout;
    if (dispatch_done_.get_future().wait_for(drain) == std::future_status::timeout) {
      log::warn("dispatcher stop timeout",
                {{"drain_timeout_s", static_cast<long long>(drain.count())}});
      process_.dispatch_io.stop();
    }
    dispatch_thread_.join();
  }

  ContentHolder& first_;  // its server settings are the process's
  const unsigned threads_;
  ProcessParts process_;
  asio::signal_set signals_;
  asio::signal_set hangup_;
  tcp::acceptor acceptor_;
  std::vector<std::unique_ptr<Municipality>> municipalities_;
  std::vector<ServerState*> hosting_;  // every municipality, when there is a hosting file
  std::optional<Site> site_;
  asio::executor_work_guard<asio::io_context::executor_type> dispatch_work_ =
      asio::make_work_guard(process_.dispatch_io);
  std::thread dispatch_thread_;
  std::promise<void> dispatch_done_;
  asio::steady_timer drain_timer_{process_.io};
  asio::steady_timer delay_timer_{process_.io};  // server.shutdown_delay_s
  std::function<void()> on_hangup_;
  // Keeps the other I/O threads running while they have no connection.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> more_work_ =
      guards(process_.more_io);
};

}  // namespace

std::string municipal_name(std::string name, const std::string& municipality) {
  if (municipality.empty()) return name;
  name += "_" + municipality;
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
    return c == '-' ? '_' : static_cast<char>(std::toupper(c));
  });
  return name;
}

int serve(const std::vector<HostedSetup>& municipalities, const ListenAddress& address,
          unsigned threads) {
  const auto& first = *municipalities.front().content;
  if (!enough_open_files(first.current()->config().limits.max_connections,
                         "limits.max_connections"))
    return 1;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  Server server(municipalities, threads);
  if (!server.listen(address)) return 1;
  server.start_notifications(municipalities);
  server.start_background();
  server.run(municipalities);
  log::info("stopped");
  return 0;
}

int serve(ContentHolder& content, const ListenAddress& address, unsigned threads,
          const NotificationSetup& notifications) {
  return serve({HostedSetup{{}, {}, &content, notifications, {}}}, address, threads);
}

}  // namespace loket::server
