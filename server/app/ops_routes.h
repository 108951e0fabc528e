// Internal to server/app: the operator's routes, the liveness and readiness probes and
// /metrics. Safe from any I/O thread.
#pragma once

#include "server/app/server_state.h"

namespace loket::server {

asio::awaitable<Response> handle_healthz(const Request& request, RequestContext& context);
asio::awaitable<Response> handle_readyz(const Request& request, const ServerState& state);
// Reads the queue depth from the database, hence a coroutine.
asio::awaitable<Response> handle_metrics(const Request& request, ServerState& state);

}  // namespace loket::server
