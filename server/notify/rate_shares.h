// Shares each messaging platform's documented rate between the processes that send for one
// deployment (every `loket serve` with a database and every `loket dispatch`): each renews a
// lease in PostgreSQL every two seconds, learns how many senders hold one, and sets its
// connectors to that share, so N instances together stay within the bot's, the number's or the
// push service's rate.
// Call from the thread that owns `timer`.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>

#include "db/database.h"
#include "server/notify/channel_hub.h"

namespace loket::server {

inline constexpr std::chrono::seconds kSenderRenewal{2};
inline constexpr std::chrono::seconds kSenderLease{6};  // three renewals missed: gone

// Until `stopping` is set (and `timer` cancelled); then gives this process's share back to the
// others.
boost::asio::awaitable<void> share_platform_rates(db::Database& database, const ChannelHub& hub,
                                                  boost::asio::steady_timer& timer,
                                                  const std::atomic<bool>& stopping);

}  // namespace loket::server
