// Internal to server/chat: the chat's WebSocket (the web chat's socket and Direct Line's stream)
// is an OutboxSocket, configured with the chat's limits.
#pragma once

#include "server/chat/chat.h"
#include "server/http/outbox_socket.h"

namespace loket::server {

using ChatSocket = OutboxSocket;

inline void configure(WebSocket& ws, const ChatState& state) {
  configure_websocket(ws, state.limits);
}

}  // namespace loket::server
