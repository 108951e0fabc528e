#include "server/app/ops_routes.h"

#include <deque>

#include "server/common/content_version.h"
#include "server/common/labelled_metrics.h"
#include "server/http/probes.h"
#include "server/notify/dispatcher.h"
#include "server/notify/queue_metrics.h"

namespace loket::server {
asio::awaitable<Response> handle_healthz(const Request& request, RequestContext&) {
  co_return probe_response(request, true, "ok");
}

namespace {

std::string database_state(const ServerState& m) {
  return m.notifications.dispatcher ? m.notifications.dispatcher->database_state()
                                    : "not ready (connecting or migrating)";
}

}  // namespace

asio::awaitable<Response> handle_readyz(const Request& request, const ServerState& state) {
  // Ready once the content is settled with the other instances: a new instance behind the load
  // balancer answers with the content the others serve. A hosting process is ready when every
  // municipality it serves is.
  const bool hosting = state.hosting != nullptr;
  std::vector<const ServerState*> all{&state};
  if (hosting) all.assign(state.hosting->begin(), state.hosting->end());
  std::deque<std::string> keys;  // the details name them; a deque keeps them in place
  ProbeDetails details;
  bool ready = true;
  for (const ServerState* m : all) {
    const std::string suffix = hosting ? "." + m->municipality : std::string();
    details.emplace_back(keys.emplace_back("content_version" + suffix),
                         std::string(short_version(m->content.digest())));
    if (auto problem = m->content_sync.problem(); !problem.empty())
      details.emplace_back(keys.emplace_back("content_problem" + suffix), std::move(problem));
    // The chat answers without its database (from memory), so readiness does not wait for it;
    // the operator sees here whether alerts, handoffs and shared conversations can be stored.
    if (m->notifications.database != nullptr)
      details.emplace_back(keys.emplace_back("database" + suffix), database_state(*m));
    ready = ready && m->ready.load() && m->content_sync.settled();
  }
  co_return probe_response(request, ready, "ready", details,
                           state.stopping.load() ? "stopping" : "starting");
}

namespace {

asio::awaitable<std::string> render_metrics(ServerState& state) {
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
  co_return state.metrics.render(extra);
}

}  // namespace

asio::awaitable<Response> handle_metrics(const Request& request, ServerState& state) {
  // A hosting process's metrics are the operator's: the first municipality's token guards them.
  const ServerState& guard = state.hosting != nullptr ? *state.hosting->front() : state;
  if (auto refused =
          refuse_metrics(request, guard.content.current()->config().server.metrics_token))
    co_return std::move(*refused);
  if (state.hosting == nullptr) {
    auto rendering = render_metrics(state);
    co_return metrics_response(request, co_await std::move(rendering));
  }
  std::vector<std::pair<std::string, std::string>> expositions;
  for (ServerState* municipality : *state.hosting) {
    auto rendering = render_metrics(*municipality);
    std::string text = co_await std::move(rendering);
    expositions.emplace_back(municipality->municipality, std::move(text));
  }
  co_return metrics_response(request, merge_labelled_expositions(expositions));
}

}  // namespace loket::server
