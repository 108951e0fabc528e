// The processes that send to the messaging platforms, so that each takes its share of a
// platform's rate. Blocking: call from a database thread.
#pragma once

#include <chrono>
#include <string>

namespace pqxx {
class connection_base;
}

namespace loket::db {

// Renews `instance`'s row, forgets rows not renewed within `lease`, and returns how many
// senders there are now (this one included).
int renew_sender(pqxx::connection_base& c, const std::string& instance,
                 std::chrono::milliseconds lease);
// Removes `instance`'s row (a clean stop: the others take its share at once).
void leave_senders(pqxx::connection_base& c, const std::string& instance);

}  // namespace loket::db
