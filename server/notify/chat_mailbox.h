// The web chat's mailbox as the dispatcher writes to it: each alert for a web-chat resident is
// stored in PostgreSQL and announced to every instance (see db/chat_mailbox.h), so the one with
// the resident's chat open shows it. Thread-safe.
#pragma once

#include "connectors/websocket_connector.h"
#include "db/database.h"

namespace loket::server {

class DatabaseChatMailbox final : public connectors::ChatMailbox {
 public:
  explicit DatabaseChatMailbox(db::Database& database) : database_(database) {}
  boost::asio::awaitable<bool> post(std::string session, std::int64_t delivery_id,
                                    std::string frame) override;

 private:
  db::Database& database_;
};

}  // namespace loket::server
