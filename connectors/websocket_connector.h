// The `websocket` channel: a notification for a resident who has the web chat open is pushed over
// their socket at once; otherwise it waits for their next visit (or until it expires). The
// contact's address is their chat session id. Safe for concurrent sends.
#pragma once

#include <chrono>
#include <string>

#include "connectors/connector.h"

namespace loket::connectors {

// The open chat sockets, kept by the server.
class LiveSessions {
 public:
  virtual ~LiveSessions() = default;
  // Queues `json` on the session's open socket(s); false when it has none.
  virtual bool push(const std::string& session, std::string json) = 0;
};

class WebsocketConnector final : public Connector {
 public:
  static constexpr std::string_view kChannel = "websocket";

  WebsocketConnector(LiveSessions& sessions, std::chrono::seconds recheck)
      : sessions_(sessions), recheck_(recheck) {}
  std::string_view channel() const override { return kChannel; }
  boost::asio::awaitable<SendResult> send(const OutgoingMessage& message) override;

 private:
  LiveSessions& sessions_;
  std::chrono::seconds recheck_;
};

}  // namespace loket::connectors
