// Send slots of the platforms' rates, shared by every process that sends for one deployment
// (server/notify/shared_send_slots.h hands them out). Blocking: call from a database thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace pqxx {
class connection_base;
}

namespace loket::db {

struct SendSlotClaim {
  bool claimed = false;
  // Claimed: the first slot's time on this process's steady clock (read just before the
  // statement, from which the database's clock is measured). Not claimed: when the slots
  // claimed so far come within reach again.
  std::chrono::steady_clock::time_point at;
};

// Claims `count` consecutive slots of `key`, `interval` apart, from the later of now and the end
// of the slots claimed before (by any process), unless that end is more than `reach` away: then
// nothing is claimed (a slot claimed and not used is a slot lost to every sender).
SendSlotClaim claim_send_slots(pqxx::connection_base& c, const std::string& key, int count,
                               std::chrono::microseconds interval, std::chrono::microseconds reach);

// Deletes the rows of keys nobody sent under for an hour (push services of browsers long gone);
// returns how many.
std::size_t forget_idle_send_slots(pqxx::connection_base& c);

}  // namespace loket::db
