#include "server/app/ops_routes.h"

#include "server/http/probes.h"
#include "server/notify/queue_metrics.h"

namespace loket::server {
asio::awaitable<Response> handle_healthz(const Request& request, RequestContext&) {
  co_return probe_response(request, true, "ok");
}

asio::awaitable<Response> handle_readyz(const Request& request, const ServerState& state) {
  co_return probe_response(request, state.ready.load(), "ready");
}

asio::awaitable<Response> handle_metrics(const Request& request, ServerState& state) {
  std::string extra = co_await queue_depth_metrics(state.notifications);
  extra
      .append(
          "# HELP loket_conversation_log_dropped_total Messages left out of the conversation "
          "log because its queue was full.\n"
          "# TYPE loket_conversation_log_dropped_total counter\n"
          "loket_conversation_log_dropped_total ")
      .append(std::to_string(state.conversation_log.dropped()))
      .append(
          "\n# HELP loket_conversation_state_failures_total Batches of conversation state the "
          "database did not read or write (those turns went on with this instance's memory).\n"
          "# TYPE loket_conversation_state_failures_total counter\n"
          "loket_conversation_state_failures_total ")
      .append(std::to_string(state.conversations.failures()))
      .append("\n");
  co_return metrics_response(request, state.metrics.render(extra));
}

}  // namespace loket::server
