// What staff see while they plan and follow alerts: how many residents an alert for a topic and
// area would reach before it is sent, and the latest alerts with their deliveries so far.
// Blocking: call from a database thread.
#pragma once

#include <cstdint>
#include <string>

#include "db/notification_store.h"

namespace pqxx {
class connection_base;
}

namespace loket::db {

// The active contacts subscribed to `topic` that an alert for `area` would reach now (the same
// rule as its fan-out).
std::int64_t count_recipients(pqxx::connection_base& c, const std::string& topic, const Area& area);

// The latest `limit` alerts, newest first, as JSON: [{"id", "topic", "text" (in the default
// language), "created_at", "send_at", "expires_at", "urgent", "recipients", "status":
// "sending"|"done"|"cancelled", "counts": {"pending", "sent", "failed", "expired",
// "cancelled"}}].
std::string recent_notifications_json(pqxx::connection_base& c, std::int64_t limit);

}  // namespace loket::db
