#include "server/notify/queue_metrics.h"

#include "db/notification_store.h"
#include "server/common/db_call.h"

namespace loket::server {

boost::asio::awaitable<std::string> queue_depth_metrics(const Notifications& notifications) {
  if (!notifications.ready()) co_return std::string();
  const auto job = [](pqxx::connection_base& c) { return db::queue_depth(c); };
  const auto depth = co_await db_call(*notifications.database, job);
  if (!depth) co_return "# the queue depth could not be read: the database is not reachable\n";
  const auto [pending, due] = *depth;
  co_return "# HELP loket_deliveries_pending Deliveries not sent yet, and those due now.\n"
            "# TYPE loket_deliveries_pending gauge\n"
            "loket_deliveries_pending{state=\"waiting\"} " +
      std::to_string(pending - due) +
      "\n"
      "loket_deliveries_pending{state=\"due\"} " +
      std::to_string(due) + "\n";
}

}  // namespace loket::server
