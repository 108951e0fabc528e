// `loket dispatch`: the notification dispatcher alone, with no feature of the HTTP server, for one
// municipality or every one of a hosting file; with `--listen` it answers /healthz, /readyz and
// /metrics for the operator (its target links notify/ and http/ only). Call from the main thread;
// it blocks until SIGTERM or SIGINT.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/http/listen_address.h"
#include "server/notify/dispatcher_setup.h"

namespace loket::server {

// A municipality's dispatcher: `id` labels its metrics when there are several ("" for one).
struct DispatchedMunicipality {
  std::string id;
  NotificationSetup notifications;  // its database must be set
};

// Runs each municipality's dispatcher on `threads` shared threads (0: one per core) until
// stopped, answering the probes on `probes` when given (ready once every dispatcher is); the
// exit code (1: the address cannot be bound, or too few open files for the sends). The first
// municipality's metrics token guards /metrics.
int dispatch_only(const std::vector<DispatchedMunicipality>& municipalities, unsigned threads,
                  const std::optional<ListenAddress>& probes = std::nullopt);

}  // namespace loket::server
