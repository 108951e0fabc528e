// The messaging channels' side of the server: the platforms' webhooks and the Mastodon poller
// take residents' messages, keep them until answered, and answer each through the chat; the
// residents' notification API (topics, Web Push subscriptions). Each function takes the
// ChannelState, whose parts are thread-safe; call them from any I/O thread.
#pragma once

#include <vector>

#include "connectors/connector.h"
#include "server/chat/chat.h"
#include "server/http/route.h"
#include "server/notify/channel_hub.h"

namespace loket::server {

// What the channels use, owned by the server: the chat they answer through, and the platforms.
struct ChannelState {
  ChatState& chat;
  ChannelHub& hub;
};

// The platforms' inbound webhooks: verified, taken by receive_inbound(), acknowledged.
asio::awaitable<Response> telegram_webhook(const Request& request, ChannelState& state);
asio::awaitable<Response> meta_webhook(const Request& request, ChannelState& state);
asio::awaitable<Response> x_webhook(const Request& request, ChannelState& state);
// The contact centre's system answering handed-over residents (contact_centre_hooks.cpp):
// Chatwoot's webhook, and the generic one signed with Standard Webhooks.
asio::awaitable<Response> chatwoot_webhook(const Request& request, ChannelState& state);
asio::awaitable<Response> handoff_webhook(const Request& request, ChannelState& state);

// Takes residents' messages from a channel (redeliveries dropped; kept in the database until
// answered) and answers each in the background on the caller's thread. False: some could not be
// taken now (the database is away, or too many answers are under way); the platform should
// deliver them again (503).
asio::awaitable<bool> receive_inbound(ChannelState& state,
                                      std::vector<connectors::InboundMessage> messages);
// Every few seconds, answers what was taken long ago but never answered, until `timer` is
// cancelled.
asio::awaitable<void> redeliver_inbound(ChannelState& state, asio::steady_timer& timer);

// Fetches and answers mentions of the Mastodon account until `timer` is cancelled (no-op when
// Mastodon is off).
asio::awaitable<void> poll_mastodon(ChannelState& state, asio::steady_timer& timer);

// The residents' notification API: the topics to choose, the Web Push key, and browser
// subscriptions (the context's `client` counts against the per-address limit on new ones).
asio::awaitable<Response> handle_topics(const Request& request, RequestContext& context,
                                        ChannelState& state);
asio::awaitable<Response> handle_webpush_key(const Request& request, RequestContext& context,
                                             ChannelState& state);
asio::awaitable<Response> handle_webpush_subscriptions(const Request& request,
                                                       RequestContext& context,
                                                       ChannelState& state);

}  // namespace loket::server
