#include "server/app/ops_routes.h"

#include <boost/json.hpp>

#include "db/notification_store.h"
#include "server/common/db_call.h"

namespace loket::server {
namespace {

Response probe(const Request& request, bool ok, std::string_view status) {
  if (!ok)
    return make_response(http::status::service_unavailable, request, "application/json",
                         R"({"status":"starting"})");
  return make_response(http::status::ok, request, "application/json",
                       boost::json::serialize(boost::json::object{{"status", status}}));
}

}  // namespace

asio::awaitable<Response> handle_healthz(const Request& request, RequestContext&) {
  co_return probe(request, true, "ok");
}

asio::awaitable<Response> handle_readyz(const Request& request, const ServerState& state) {
  co_return probe(request, state.ready.load(), "ready");
}

asio::awaitable<Response> handle_metrics(const Request& request, ServerState& state) {
  std::string extra;
  if (state.notifications.ready()) {
    const auto job = [](pqxx::connection_base& c) { return db::queue_depth(c); };
    const auto depth = co_await db_call(*state.notifications.database, job);
    if (depth) {
      const auto [pending, due] = *depth;
      extra =
          "# HELP loket_deliveries_pending Deliveries not sent yet, and those due now.\n"
          "# TYPE loket_deliveries_pending gauge\n"
          "loket_deliveries_pending{state=\"waiting\"} " +
          std::to_string(pending - due) +
          "\n"
          "loket_deliveries_pending{state=\"due\"} " +
          std::to_string(due) + "\n";
    } else {
      extra = "# the queue depth could not be read: the database is not reachable\n";
    }
  }
  extra
      .append(
          "# HELP loket_conversation_log_dropped_total Messages left out of the conversation "
          "log because its queue was full.\n"
          "# TYPE loket_conversation_log_dropped_total counter\n"
          "loket_conversation_log_dropped_total ")
      .append(std::to_string(state.conversation_log.dropped()))
      .append("\n");
  Response res{http::status::ok, request.version()};
  res.set(http::field::server, kServerName);
  res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
  res.keep_alive(request.keep_alive());
  res.body() = state.metrics.render(extra);
  res.prepare_payload();
  co_return res;
}

}  // namespace loket::server
