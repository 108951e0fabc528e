// Internal to server/: the Beast and Asio names the connection code shares, and the state every
// connection sees. Heavy headers live here (and in the precompiled header), not in public ones.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config/config.h"
#include "connectors/rate_limiter.h"
#include "server/channel_hub.h"
#include "server/connection_tracker.h"
#include "server/content_holder.h"
#include "server/conversation_logger.h"
#include "server/metrics.h"
#include "server/notify/live_sessions.h"
#include "server/staff_cache.h"

namespace loket::db {
class Database;
}

namespace loket::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

inline constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);
inline constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
inline constexpr std::string_view kServerName = "loket";
inline constexpr std::string_view kChatPath = "/api/v1/chat";
inline constexpr std::string_view kChatSocketPath = "/api/v1/chat/ws";
inline constexpr std::string_view kChatChannel = "websocket";  // the chat's own contacts

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

class Dispatcher;

struct ServerState {
  ContentHolder& content;
  // Fixed at start-up: a reload brings new content (the dialogue in `content`), but the limits,
  // the server's settings and the channels take a restart.
  const config::Limits limits;
  ConnectionTracker tracker;
  std::atomic<bool> ready{false};
  db::Database* database = nullptr;  // null: notifications are off
  Dispatcher* dispatcher = nullptr;
  std::string admin_token;  // from LOKET_ADMIN_TOKEN (an admin); empty: none
  StaffCache staff_cache;
  std::set<std::string> channels;     // channels contacts may use
  LiveSessionRegistry live_sessions;  // open chat sockets, for the websocket channel
  Metrics metrics;
  ConversationLogger conversation_log;
  connectors::RateLimiter subscription_pace;  // new browser subscriptions, per client address

  asio::thread_pool blocking{1};  // reloads: file loading and training, off the I/O threads
  // One io_context per I/O thread, each run by exactly one thread: a connection stays on its
  // thread, so passing work between its steps (a platform connection's strand, a database
  // reply, an answer spawned for a webhook) never wakes another thread. `io` also runs the
  // accept loop, the signals and the timers. After the others, so destroyed before them:
  // coroutines they still hold at exit release their connection handles into a tracker that is
  // still alive.
  asio::io_context io{1};
  std::vector<std::unique_ptr<asio::io_context>> more_io;  // one per I/O thread after the first
  std::atomic<std::size_t> next_io{0};
  // The dispatcher's own (one thread): see serve().
  asio::io_context dispatch_io{1};
  // After both, so destroyed before them: its idle platform connections belong to them.
  ChannelHub channel_hub;

  ServerState(ContentHolder& holder, unsigned threads)
      : content(holder),
        limits(holder.current()->config().limits),
        tracker(limits.max_connections),
        channel_hub(
            holder.current()->config().channels,
            std::chrono::duration_cast<std::chrono::milliseconds>(
                holder.current()->config().notifications.send_timeout),
            [&holder](const std::string& topic, const std::string& lang) {
              return topic_info(holder.current()->config(), topic, lang);
            },
            holder.current()->config().municipality) {
    for (unsigned i = 1; i < threads; ++i) more_io.push_back(std::make_unique<asio::io_context>(1));
    if (limits.subscriptions_per_minute > 0)
      subscription_pace.set_default_limit(limits.subscriptions_per_minute / 60.0,
                                          limits.subscriptions_per_minute);
  }
};

// The context a new connection lives on: each in turn.
inline asio::io_context& io_for_connection(ServerState& state) {
  const std::size_t n = state.next_io++ % (state.more_io.size() + 1);
  return n == 0 ? state.io : *state.more_io[n - 1];
}

// True when notifications are on and the database is migrated and reachable enough for the
// dispatcher to have started: subscriptions and inbound messages can be stored.
bool database_ready(const ServerState& state);

// What a handled request leaves for the access log besides method, path and status.
struct RequestNote {
  std::string intent;
  double confidence = 0;
  bool chat = false;
};

struct Route;

// What a route's handler gets besides the request: the state, its own route (methods, role),
// the caller's address, who the staff member is (staff routes), and the access log's note.
struct RequestContext {
  ServerState& state;
  const Route& route;
  const std::string& client;
  std::optional<Staff> staff;
  RequestNote note;
};

// Every route's handler has this shape (see route_table.h).
using Handler = asio::awaitable<Response> (*)(const Request&, RequestContext&);

// A response to `request` (its HTTP version and keep-alive) with this body.
Response make_response(http::status status, const Request& request, std::string_view type,
                       std::string body);

// The residents' APIs may be called from the municipality's own site (the embedded widget):
// any origin may read the answer.
void allow_any_origin(Response& res);
// The answer to a browser's CORS preflight (OPTIONS) for an API that allows `methods`.
Response cors_preflight(const Request& request, std::string_view methods);

// A JSON error response: {"error": message}.
Response json_error(http::status status, unsigned version, bool keep_alive,
                    std::string_view message);

// The chat API (POST, and the browser's preflight), which may talk to the database
// (subscriptions), hence a coroutine.
asio::awaitable<Response> handle_chat_api(const Request& request, RequestContext& context);
// The chat socket's path without an Upgrade: 426.
asio::awaitable<Response> handle_chat_socket_path(const Request& request, RequestContext& context);
// The liveness and readiness probes.
asio::awaitable<Response> handle_healthz(const Request& request, RequestContext& context);
asio::awaitable<Response> handle_readyz(const Request& request, RequestContext& context);
// A path no route serves: a web asset (the chat page, the widget, the dashboard), or 404.
Response serve_asset_or_not_found(const Request& request);
// 405 naming the method, with the methods the path takes.
Response method_not_allowed(const Request& request, std::string_view allow);

// Reloads the content (off the I/O threads) and logs the outcome; `reason` says what asked.
asio::awaitable<ContentHolder::ReloadResult> reload_content(ServerState& state,
                                                            std::string_view reason);

// GET /metrics, which reads the queue depth from the database, hence a coroutine.
asio::awaitable<Response> handle_metrics(const Request& request, RequestContext& context);

// Who a subscription made in the chat is for.
struct ContactRef {
  std::string channel, address;
};

// One chat turn (REST, WebSocket or a messaging channel) answered by `chat`, including any
// subscription change it asks for; `message` must have no refusal(). `channel` names where it
// came from in the conversation log ("web", "websocket", "telegram", ...); `contact` is who
// subscribes (null: the chat session on the websocket channel, whose new subscriptions count
// against `limits.subscriptions_per_minute` for `client`, the resident's network address).
asio::awaitable<dialogue::Reply> run_chat_exchange(
    ServerState& state, std::shared_ptr<dialogue::Dialogue> chat, const dialogue::Message& message,
    std::string_view channel, const ContactRef* contact = nullptr, std::string_view client = {});

// A chat API exchange (REST or WebSocket): the JSON request in, the status and JSON body out.
struct ChatApiAnswer {
  unsigned status = 200;
  std::string body;
  // For logs and metrics; never the resident's text.
  std::string session;  // the chat session answered (empty for a refused request)
  std::string intent;   // empty on fallback or refusal
  double confidence = 0;
};
asio::awaitable<ChatApiAnswer> answer_chat_json(ServerState& state, std::string_view body,
                                                std::string_view channel, std::string_view client);

// The block of addresses one client counts as for per-address limits: the address itself, or
// its /64 for IPv6.
std::string address_block(const std::string& client);

// Writes the queued conversation log every second and purges it past its retention hourly,
// while notifications (the database) are on.
asio::awaitable<void> flush_conversation_log(ServerState& state, asio::steady_timer& timer);

// The staff token from the Authorization header (LOKET_ADMIN_TOKEN, or a token made with
// `loket token create`); checked on the headers alone, so an unauthorised body is never read.
asio::awaitable<std::optional<Staff>> authenticate_staff(std::string authorization,
                                                         ServerState& state);
// What a staff API route (/admin/v1/...) does. Each checks the route's role, and every call,
// refusals included, is audited.
enum class AdminCall {
  reload,
  statistics,
  create_contact,
  import_contacts,
  delete_contact,
  create_notification,
  notification,
  unknown
};
asio::awaitable<Response> run_admin(const Request& request, RequestContext& context,
                                    AdminCall call);
// The route table's handler for one AdminCall.
template <AdminCall call>
asio::awaitable<Response> admin(const Request& request, RequestContext& context) {
  return run_admin(request, context, call);
}

// The residents' notification API: the topics to choose, the Web Push key, and browser
// subscriptions (the context's `client` counts against the per-address limit on new ones).
asio::awaitable<Response> handle_topics(const Request& request, RequestContext& context);
asio::awaitable<Response> handle_webpush_key(const Request& request, RequestContext& context);
asio::awaitable<Response> handle_webpush_subscriptions(const Request& request,
                                                       RequestContext& context);

// The platforms' inbound webhooks: verified, taken by receive_inbound(), acknowledged.
asio::awaitable<Response> telegram_webhook(const Request& request, RequestContext& context);
asio::awaitable<Response> meta_webhook(const Request& request, RequestContext& context);
asio::awaitable<Response> x_webhook(const Request& request, RequestContext& context);

// Takes residents' messages from a channel (redeliveries dropped; kept in the database until
// answered) and answers each in the background. False: some could not be
// taken now (the database is away, or too many answers are under way); the platform should
// deliver them again (503).
asio::awaitable<bool> receive_inbound(ServerState& state,
                                      std::vector<connectors::InboundMessage> messages);
// Every few seconds, answers what was taken long ago but never answered, until `timer` is
// cancelled.
asio::awaitable<void> redeliver_inbound(ServerState& state, asio::steady_timer& timer);

// Fetches and answers mentions of the Mastodon account until `timer` is cancelled (no-op when
// Mastodon is off).
asio::awaitable<void> poll_mastodon(ServerState& state, asio::steady_timer& timer);

asio::awaitable<void> run_http_session(tcp::socket socket, ServerState& state);
asio::awaitable<void> run_websocket_session(beast::tcp_stream stream, Request upgrade,
                                            ServerState& state);

}  // namespace loket::server
