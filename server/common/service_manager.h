// Tells systemd (a Type=notify unit) how the process stands: ready once it serves, stopping
// when it drains. Does nothing when not started by systemd (no NOTIFY_SOCKET). Thread-safe.
#pragma once

namespace loket::server {

void notify_ready();     // READY=1: listening, content loaded
void notify_stopping();  // STOPPING=1: draining

}  // namespace loket::server
