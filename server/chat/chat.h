// The chat: one turn (REST, WebSocket, or a messaging channel's message) through the dialogue,
// the subscription change it asks for, the chat's routes and its WebSocket, and the conversation
// log's writer. Each function takes the ChatState, whose parts are thread-safe; call them from
// any I/O thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "config/config.h"
#include "connectors/rate_limiter.h"
#include "intents/dialogue/dialogue.h"
#include "server/chat/live_sessions.h"
#include "server/chat/mailbox_relay.h"
#include "server/chat/session_ids.h"
#include "server/common/content_holder.h"
#include "server/common/conversation_logger.h"
#include "server/common/conversation_states.h"
#include "server/common/metrics.h"
#include "server/http/connection_tracker.h"
#include "server/http/route.h"
#include "server/notify/handoff_desk.h"
#include "server/notify/notifications.h"

namespace loket::server {

inline constexpr std::string_view kChatSocketPath = "/api/v1/chat/ws";
inline constexpr std::string_view kChatChannel = "websocket";  // the chat's own contacts

// What a chat turn uses, owned by the server.
struct ChatState {
  ContentHolder& content;
  const config::Limits& limits;
  const Notifications& notifications;
  Metrics& metrics;
  ConversationLogger& conversation_log;
  connectors::RateLimiter& subscription_pace;  // new subscriptions, per client address
  connectors::RateLimiter& client_pace;        // chat messages, per client address block
  connectors::RateLimiter& session_pace;       // chat messages, per chat session
  LiveSessionRegistry& live_sessions;          // open chat sockets, for the websocket channel
  MailboxRelay& mailbox;                       // shows alerts on the open chat sockets
  ConnectionTracker& tracker;                  // chat sockets count as connections
  const SessionIssuer& sessions;               // issues and recognises chat sessions
  ConversationStates& conversations;           // where each conversation stands
  const std::string& direct_line_secret;       // empty: Direct Line tokens for anyone (paced)
  HandoffDesk& handoffs;                       // residents handed to a person
};

// Who a subscription made in the chat is for (and, on a messaging channel, who a person
// handed the conversation answers).
struct ContactRef {
  std::string channel, address;
  std::string context;  // what answering them needs besides the address (a page id)
};

// One chat turn answered by `chat`, including any subscription change it asks for; `message`
// must have no refusal(). `channel` names where it came from in the conversation log ("web",
// "websocket", "telegram", ...); `contact` is who subscribes (null: the chat session on the
// websocket channel, whose new subscriptions count against `limits.subscriptions_per_minute`
// for `client`, the resident's network address).
asio::awaitable<dialogue::Reply> run_chat_exchange(
    ChatState& state, std::shared_ptr<dialogue::Dialogue> chat, const dialogue::Message& message,
    std::string_view channel, const ContactRef* contact = nullptr, std::string_view client = {});

// A chat API exchange (REST or WebSocket): the JSON request in, the status and JSON body out.
struct ChatApiAnswer {
  unsigned status = 200;
  std::string body;
  // For logs and metrics; never the resident's text.
  std::string session;  // the chat session answered (empty for a refused request)
  std::string intent;   // empty on fallback or refusal
  double confidence = 0;
  unsigned retry_after_s = 0;  // 429: when the client may send again
};
asio::awaitable<ChatApiAnswer> answer_chat_json(ChatState& state, std::string_view body,
                                                std::string_view channel, std::string_view client);

// The chat API (POST, and the browser's preflight).
asio::awaitable<Response> handle_chat_api(const Request& request, RequestContext& context,
                                          ChatState& state);
// Ends the chat session's alerts on one topic: {"session", "topic"} -> {"topics": [what remains]}.
asio::awaitable<Response> handle_chat_unsubscribe(const Request& request, RequestContext& context,
                                                  ChatState& state);
// GET ?session&after: the session's mailbox after `after` (a person's replies, alerts).
asio::awaitable<Response> handle_chat_messages(const Request& request, RequestContext& context,
                                               ChatState& state);
// A thumb on an answer, or a comment on one (see chat_feedback.cpp).
asio::awaitable<Response> handle_chat_feedback(const Request& request, RequestContext& context,
                                               ChatState& state);
// Direct Line 3.0 under /v3/directline/ (direct_line.cpp), and its stream WebSocket.
asio::awaitable<Response> handle_direct_line(const Request& request, RequestContext& context,
                                             ChatState& state);
asio::awaitable<void> run_direct_line_stream(beast::tcp_stream stream, Request upgrade,
                                             std::string client, ChatState& state);
// The chat socket's path without an Upgrade: 426.
asio::awaitable<Response> handle_chat_socket_path(const Request& request, RequestContext& context);
// The chat socket, after the HTTP layer read its Upgrade request.
asio::awaitable<void> run_websocket_session(beast::tcp_stream stream, Request upgrade,
                                            std::string client, ChatState& state);

// Writes the queued conversation log every second and purges it past its retention hourly,
// while notifications (the database) are on, until `timer` is cancelled.
asio::awaitable<void> flush_conversation_log(ChatState& state, asio::steady_timer& timer);

}  // namespace loket::server
