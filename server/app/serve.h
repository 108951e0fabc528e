// Runs loket's HTTP and WebSocket server until SIGTERM or SIGINT, then drains: stops accepting,
// lets in-flight requests finish (up to the configured drain timeout) and returns.
// Call from the main thread; it blocks and serves on its own pool of I/O threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "server/http/listen_address.h"
#include "server/notify/dispatcher_setup.h"

namespace loket::server {

class ContentHolder;

// Returns the process exit code: 0 after a clean stop, 1 if the address cannot be bound.
// SIGHUP, a change to the configuration's files and POST /admin/v1/config:reload reload the
// content while serving.
int serve(ContentHolder& content, const ListenAddress& address, unsigned threads,
          const NotificationSetup& notifications);

}  // namespace loket::server
