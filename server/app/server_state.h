// Internal to server/app: what one `loket serve` process owns (ProcessParts: the I/O threads and
// connections), what it holds for each municipality it serves (ServerState, and the parts of it
// each feature is given: ChatState, ChannelState, AdminState, the HTTP Site). Built once at
// start-up; their parts are thread-safe or fixed before serving.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "config/config.h"
#include "connectors/rate_limiter.h"
#include "server/admin/admin.h"
#include "server/app/serve.h"
#include "server/channels/channels.h"
#include "server/chat/chat.h"
#include "server/chat/live_sessions.h"
#include "server/common/content_holder.h"
#include "server/common/content_reload.h"
#include "server/common/conversation_logger.h"
#include "server/common/conversation_states.h"
#include "server/common/logged_executor.h"
#include "server/common/metrics.h"
#include "server/common/staff_cache.h"
#include "server/http/client_address.h"
#include "server/http/connection_tracker.h"
#include "server/http/http_session.h"
#include "server/notify/channel_hub.h"
#include "server/notify/notifications.h"
#include "server/open/open.h"

namespace loket::server {

// Shared by every municipality the process serves.
struct ProcessParts {
  ProcessParts(unsigned threads, std::size_t max_connections);

  ConnectionTracker tracker;
  asio::thread_pool blocking{1};  // reloads: file loading and training, off the I/O threads
  // One io_context per I/O thread, each run by exactly one thread: a connection stays on its
  // thread, so passing work between its steps (a platform connection's strand, a database
  // reply, an answer spawned for a webhook) never wakes another thread. `io` also runs the
  // accept loop, the signals and the timers.
  asio::io_context io{1};
  std::vector<std::unique_ptr<asio::io_context>> more_io;  // one per I/O thread after the first
  std::atomic<std::size_t> next_io{0};
  // The dispatchers' own (one thread): see serve().
  asio::io_context dispatch_io{1};
};

// One municipality: destroyed before the ProcessParts it uses, so coroutines still held at exit
// release their connection handles into a tracker that is still alive, and its idle platform
// connections go before the contexts they belong to.
struct ServerState {
  ContentHolder& content;
  // Its id in a hosting file (metrics labels, the /m/{id}/ prefix); empty for a plain loket.yaml.
  const std::string municipality;
  // Fixed at start-up: a reload brings new content (the dialogue in `content`), but the limits,
  // the server's settings and the channels take a restart.
  const config::Limits limits;
  ConnectionTracker& tracker;
  std::atomic<bool> ready{false};
  std::atomic<bool> stopping{false};  // a signal came: /readyz says "stopping", not "starting"
  Notifications notifications;        // set before serving when there is a database
  std::string admin_token;            // from LOKET_ADMIN_TOKEN (an admin); empty: none
  StaffCache staff_cache;
  std::set<std::string> channels;  // channels contacts may use
  LiveSessionRegistry live_sessions;
  Metrics metrics;
  ConversationLogger conversation_log;
  connectors::RateLimiter subscription_pace;  // new subscriptions, per client address
  connectors::RateLimiter client_pace;        // chat messages, per client address block
  connectors::RateLimiter session_pace;       // chat messages, per chat session
  TrustedProxies proxies;                     // whose X-Forwarded-For is believed
  // A hosted municipality's own key (derived from LOKET_SESSION_SECRET): one municipality's
  // session ids and Direct Line tokens mean nothing at another's.
  SessionIssuer sessions{municipality_secret(session_secret_from_environment(), municipality)};
  ConversationStates conversations;  // in the database once notifications are on
  // Every municipality of a process with a hosting file (for /metrics); null for a plain one.
  const std::vector<ServerState*>* hosting = nullptr;

  asio::thread_pool& blocking;
  asio::io_context& io;
  asio::io_context& dispatch_io;
  ChannelHub channel_hub;

  // What each feature is given.
  ContentSync content_sync{content, blocking, metrics};  // with the other instances
  ContentReloader reloader{content, blocking, metrics, content_sync};
  // Alerts onto the open chats here; what it logs names the municipality.
  MailboxRelay mailbox{live_sessions, logged_as(io.get_executor(), &municipality)};
  HandoffDesk handoffs{&channel_hub};  // residents handed to a person
  // LOKET_DIRECTLINE_SECRET (a hosted municipality's LOKET_DIRECTLINE_SECRET_<ID>): only callers
  // with it get Direct Line tokens; unset: anyone (paced).
  const std::string direct_line_secret =
      environment_secret(municipal_name("LOKET_DIRECTLINE_SECRET", municipality).c_str());
  ChatState chat{content,          limits,
                 notifications,    metrics,
                 conversation_log, subscription_pace,
                 client_pace,      session_pace,
                 live_sessions,    mailbox,
                 tracker,          sessions,
                 conversations,    direct_line_secret,
                 handoffs};
  ChannelState channel{chat, channel_hub};
  OpenDataState open{content, notifications, limits.log_retention_days, {}, {}};
  OidcIssuer oidc_issuer;  // staff sign-in with the municipality's accounts
  AdminState admin{reloader, notifications, staff_cache, admin_token, channels,
                   handoffs, metrics,       limits,      oidc_issuer};

  ServerState(ContentHolder& holder, ProcessParts& process, std::string municipality = {});
  static std::string environment_secret(const char* name);
  // `secret` for municipality `id`: itself for a plain loket.yaml (empty id), else an HMAC of
  // the id under it.
  static std::string municipality_secret(const std::string& secret, const std::string& id);
};

// The context a new connection lives on: each in turn.
asio::io_context& io_for_connection(ProcessParts& process);

// Every route loket serves, each handler bound to its feature's state.
RouteTable make_route_table(ServerState& state);

// The HTTP layer's view of the server: `routes` must outlive it.
Site make_site(ServerState& state, const RouteTable& routes);

}  // namespace loket::server
