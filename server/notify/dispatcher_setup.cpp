#include "server/notify/dispatcher_setup.h"

#include <chrono>
#include <vector>

#include "connectors/webhook_connector.h"
#include "connectors/websocket_connector.h"
#include "server/notify/chat_mailbox.h"

namespace loket::server {

std::unique_ptr<Dispatcher> make_dispatcher(boost::asio::io_context& io,
                                            const NotificationSetup& setup,
                                            const ChannelHub& channels, Metrics& metrics) {
  std::vector<std::shared_ptr<connectors::Connector>> list = channels.connectors();
  list.push_back(std::make_shared<connectors::WebsocketConnector>(
      std::make_shared<DatabaseChatMailbox>(*setup.database)));
  list.push_back(std::make_shared<connectors::WebhookConnector>(
      std::chrono::duration_cast<std::chrono::milliseconds>(setup.settings.send_timeout)));
  return std::make_unique<Dispatcher>(io, *setup.database, setup.settings, std::move(list),
                                      metrics);
}

}  // namespace loket::server
