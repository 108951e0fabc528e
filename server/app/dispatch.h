// `loket dispatch`: the notification dispatcher alone, without the HTTP layer (its target links
// notify/ and common/ only). Call from the main thread; it blocks until SIGTERM or SIGINT.
#pragma once

#include "server/notify/dispatcher_setup.h"

namespace loket::server {

// Runs the dispatcher on `threads` threads (0: one per core) until stopped; the exit code.
// `notifications.database` must be set.
int dispatch_only(const NotificationSetup& notifications, unsigned threads);

}  // namespace loket::server
