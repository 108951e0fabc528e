// Runs loket's HTTP and WebSocket server until SIGTERM or SIGINT, then drains: stops accepting,
// lets in-flight requests finish (up to the configured drain timeout) and returns.
// Call from the main thread; it blocks and serves on its own pool of I/O threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "config/config.h"

namespace loket::db {
class Database;
}

namespace loket::server {

class ContentHolder;

// Proactive notifications: on when there is a database.
struct NotificationSetup {
  db::Database* database = nullptr;
  std::string admin_token;  // staff API bearer token (LOKET_ADMIN_TOKEN)
  config::NotificationSettings settings;
  config::Channels channels;  // the messaging channels the dispatcher sends through
  std::shared_ptr<const config::Config> content;  // topics, for `loket dispatch` alone
};

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;  // 0: any free port (logged as event=listening)
};

// Returns the process exit code: 0 after a clean stop, 1 if the address cannot be bound.
// SIGHUP, a change to the configuration's files and POST /admin/v1/config:reload reload the
// content while serving.
int serve(ContentHolder& content, const ListenAddress& address, unsigned threads,
          const NotificationSetup& notifications);

// Runs the notification dispatcher alone (no HTTP) until SIGTERM or SIGINT; the exit code.
int dispatch_only(const NotificationSetup& notifications, unsigned threads);

}  // namespace loket::server
