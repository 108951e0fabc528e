#include "server/notify/rate_shares.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <random>

#include "db/sender_registry.h"
#include "server/common/db_call.h"
#include "server/common/log.h"
#include "server/common/process_identity.h"

namespace loket::server {

namespace asio = boost::asio;

namespace {

// A process restarted with the same pid (a container's pid 1) is still another sender.
std::string instance_name() {
  return process_identity() + ":" + std::to_string(std::random_device{}());
}

}  // namespace

asio::awaitable<void> share_platform_rates(db::Database& database, const ChannelHub& hub,
                                           asio::steady_timer& timer,
                                           const std::atomic<bool>& stopping) {
  if (hub.connectors().empty()) co_return;  // no platform to share
  const std::string me = instance_name();
  int senders = 1;
  bool counted_once = false;
  // A cancel that came while the renewal was at the database is not lost: `stopping` is checked.
  while (!stopping) {
    const auto renew = [me](pqxx::connection_base& c) {
      return db::renew_sender(c, me, kSenderLease);
    };
    const auto counted = co_await db_call(database, renew);
    // The database away: keep the last share (the others cannot count this one either, and
    // they keep theirs too).
    if (counted) counted_once = true;
    if (counted && *counted != senders) {
      senders = std::max(1, *counted);
      for (const auto& connector : hub.connectors()) connector->set_rate_share(1.0 / senders);
      log::info("platform rates shared", {{"senders", senders}});
    }
    // Until the first count (the database still being migrated), soon again: until then this
    // process sends as if alone.
    timer.expires_after(counted_once ? std::chrono::milliseconds(kSenderRenewal)
                                     : std::chrono::milliseconds(200));
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec || stopping) break;
  }
  const auto leave = [me](pqxx::connection_base& c) {
    db::leave_senders(c, me);
    return true;
  };
  co_await db_call(database, leave);
}

}  // namespace loket::server
