#include "db/send_slots.h"

#include <pqxx/pqxx>

#include <algorithm>

namespace loket::db {
namespace {

// Offsets are from now(), the statement's start (autocommit), which the caller's clock reading
// just before it stands for; the slots start no earlier than clock_timestamp(), so a claim that
// waited for another's row lock does not get slots already past. The row's lock orders
// concurrent claims of one key.
constexpr const char* kClaim = R"sql(
WITH claimed AS (
  INSERT INTO send_slots AS s (key, next_at)
  VALUES ($1, clock_timestamp() + $2::int * make_interval(secs => $3::float8))
  ON CONFLICT (key) DO UPDATE
  SET next_at = greatest(s.next_at, clock_timestamp()) + $2::int * make_interval(secs => $3::float8)
  WHERE s.next_at <= clock_timestamp() + make_interval(secs => $4::float8)
  RETURNING extract(epoch FROM s.next_at - now())::float8 - $2::int * $3::float8 AS first)
SELECT true, first FROM claimed
UNION ALL
SELECT false, extract(epoch FROM next_at - now())::float8 - $4::float8 FROM send_slots
WHERE key = $1 AND NOT EXISTS (SELECT 1 FROM claimed))sql";

std::chrono::microseconds from_seconds(double seconds) {
  return std::chrono::microseconds(static_cast<std::int64_t>(std::max(0.0, seconds) * 1e6));
}

}  // namespace

SendSlotClaim claim_send_slots(pqxx::connection_base& c, const std::string& key, int count,
                               std::chrono::microseconds interval,
                               std::chrono::microseconds reach) {
  c.prepare("claim_send_slots", kClaim);
  c.prepare_now("claim_send_slots");  // its round trip before the clock is read
  pqxx::nontransaction tx(c);
  const auto asked = std::chrono::steady_clock::now();
  const auto row = tx.exec_prepared1("claim_send_slots", key, count,
                                     std::chrono::duration<double>(interval).count(),
                                     std::chrono::duration<double>(reach).count());
  SendSlotClaim out;
  out.claimed = row[0].as<bool>();
  out.at = asked + from_seconds(row[1].as<double>());
  return out;
}

std::size_t forget_idle_send_slots(pqxx::connection_base& c) {
  pqxx::nontransaction tx(c);
  return tx.exec0("DELETE FROM send_slots WHERE next_at < now() - interval '1 hour'")
      .affected_rows();
}

}  // namespace loket::db
