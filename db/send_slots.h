// Send slots of the platforms' rates, shared by every process that sends for one deployment
// (server/notify/shared_send_slots.h hands them out). Blocking: call from a database thread.
#pragma once

#include <chrono>
#include <string>

namespace pqxx {
class connection_base;
}

namespace loket::db {

// Claims `count` consecutive slots of `key`, `interval` apart, from the later of now and the end
// of the slots claimed before (by any process); returns the first slot's time on this process's
// steady clock (read just before the statement, which the database's clock is measured from).
std::chrono::steady_clock::time_point claim_send_slots(pqxx::connection_base& c,
                                                       const std::string& key, int count,
                                                       std::chrono::microseconds interval);

}  // namespace loket::db
