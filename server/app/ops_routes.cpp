#include "server/app/ops_routes.h"

#include "server/common/content_version.h"
#include "server/http/probes.h"
#include "server/notify/queue_metrics.h"

namespace loket::server {
asio::awaitable<Response> handle_healthz(const Request& request, RequestContext&) {
  co_return probe_response(request, true, "ok");
}

asio::awaitable<Response> handle_readyz(const Request& request, const ServerState& state) {
  // Ready once the content is settled with the other instances: a new instance behind the load
  // balancer answers with the content the others serve.
  ProbeDetails details{{"content_version", std::string(short_version(state.content.digest()))}};
  if (auto problem = state.content_sync.problem(); !problem.empty())
    details.emplace_back("content_problem", std::move(problem));
  co_return probe_response(request, state.ready.load() && state.content_sync.settled(), "ready",
                           details);
}

asio::awaitable<Response> handle_metrics(const Request& request, ServerState& state) {
  if (auto refused =
          refuse_metrics(request, state.content.current()->config().server.metrics_token))
    co_return std::move(*refused);
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
      .append(
          "\n# HELP loket_content_info The content this instance serves (its version: the first "
          "12 hex digits of its files' SHA-256).\n"
          "# TYPE loket_content_info gauge\n"
          "loket_content_info{version=\"")
      .append(short_version(state.content.digest()))
      .append(
          "\"} 1\n"
          "# HELP loket_content_follow_failures_total Content published by another instance "
          "that could not be loaded here (the last good content kept serving).\n"
          "# TYPE loket_content_follow_failures_total counter\n"
          "loket_content_follow_failures_total ")
      .append(std::to_string(state.content_sync.failures()))
      .append("\n");
  co_return metrics_response(request, state.metrics.render(extra));
}

}  // namespace loket::server
