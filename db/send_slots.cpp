#include "db/send_slots.h"

#include <pqxx/pqxx>

#include <algorithm>

namespace loket::db {
namespace {

// now() is the statement's start (autocommit): the caller's clock reading just before it is the
// reference for the offset returned. The row's lock orders concurrent claims of one key.
constexpr const char* kClaim = R"sql(
INSERT INTO send_slots AS s (key, next_at)
VALUES ($1, now() + $2::int * make_interval(secs => $3::float8))
ON CONFLICT (key) DO UPDATE
SET next_at = greatest(s.next_at, now()) + $2::int * make_interval(secs => $3::float8)
RETURNING extract(epoch FROM s.next_at - now())::float8 - $2::int * $3::float8)sql";

}  // namespace

std::chrono::steady_clock::time_point claim_send_slots(pqxx::connection_base& c,
                                                       const std::string& key, int count,
                                                       std::chrono::microseconds interval) {
  c.prepare("claim_send_slots", kClaim);  // a round trip the first time: before the clock
  pqxx::nontransaction tx(c);
  const double seconds = std::chrono::duration<double>(interval).count();
  const auto asked = std::chrono::steady_clock::now();
  const double first = tx.exec_prepared1("claim_send_slots", key, count, seconds)[0].as<double>();
  return asked + std::chrono::microseconds(static_cast<std::int64_t>(std::max(0.0, first) * 1e6));
}

}  // namespace loket::db
