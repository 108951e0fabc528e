// What a process needs to send notifications, and the dispatcher made from it with every
// channel's connector: the same for `loket serve` and `loket dispatch`. Call at start-up.
#pragma once

#include <boost/asio/io_context.hpp>

#include <memory>
#include <string>

#include "config/config.h"
#include "connectors/connector.h"
#include "connectors/websocket_connector.h"
#include "db/database.h"
#include "server/common/metrics.h"
#include "server/notify/channel_hub.h"
#include "server/notify/dispatcher.h"

namespace loket::server {

// Proactive notifications: on when there is a database.
struct NotificationSetup {
  db::Database* database = nullptr;
  std::string admin_token;  // staff API bearer token (LOKET_ADMIN_TOKEN)
  config::NotificationSettings settings;
  config::Channels channels;  // the messaging channels the dispatcher sends through
  std::shared_ptr<const config::Config> content;  // topics, for `loket dispatch` alone
};

// The pinned database workers a dispatcher with `workers` loops uses, from 0: each loop keeps its
// batch's transaction open on one and journals its outcomes on another.
constexpr std::size_t dispatcher_pinned_workers(std::size_t workers) {
  return 2 * workers;
}
// `loket serve`'s pinned worker after the dispatcher's, for the conversation states' batches.
constexpr std::size_t conversation_state_worker(std::size_t dispatcher_workers) {
  return dispatcher_pinned_workers(dispatcher_workers);
}

// A dispatcher sending through the hub's platforms, the web chat's mailbox and staff-registered
// webhooks; `setup.database` must be set.
std::unique_ptr<Dispatcher> make_dispatcher(boost::asio::io_context& io,
                                            const NotificationSetup& setup,
                                            const ChannelHub& channels, Metrics& metrics);

}  // namespace loket::server
