#include "server/app/dispatch.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "server/common/log.h"
#include "server/notify/live_sessions.h"

namespace loket::server {

namespace asio = boost::asio;

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
  signals.async_wait([&](const boost::system::error_code& error, int signal) {
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
