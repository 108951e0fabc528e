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

// A dispatcher sending through the hub's platforms, the web chat's mailbox and staff-registered
// webhooks; `setup.database` must be set.
std::unique_ptr<Dispatcher> make_dispatcher(boost::asio::io_context& io,
                                            const NotificationSetup& setup,
                                            const ChannelHub& channels, Metrics& metrics);

}  // namespace loket::server
