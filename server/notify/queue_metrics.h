// The notification queue's depth as Prometheus text for /metrics, read from the database on its
// own threads. Call from any I/O thread.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>

#include "server/notify/notifications.h"

namespace loket::server {

// loket_deliveries_pending{state="waiting"|"due"}, or a comment when the database is away;
// empty while notifications are off or not ready.
boost::asio::awaitable<std::string> queue_depth_metrics(const Notifications& notifications);

}  // namespace loket::server
