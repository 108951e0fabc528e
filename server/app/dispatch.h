// `loket dispatch`: the notification dispatcher alone, with no feature of the HTTP server; with
// `--listen` it answers /healthz, /readyz and /metrics for the operator (its target links notify/
// and http/ only). Call from the main thread; it blocks until SIGTERM or SIGINT.
#pragma once

#include <optional>

#include "server/http/listen_address.h"
#include "server/notify/dispatcher_setup.h"

namespace loket::server {

// Runs the dispatcher on `threads` threads (0: one per core) until stopped, answering the probes
// on `probes` when given; the exit code (1: the address cannot be bound).
// `notifications.database` must be set.
int dispatch_only(const NotificationSetup& notifications, unsigned threads,
                  const std::optional<ListenAddress>& probes = std::nullopt);

}  // namespace loket::server
