// Direct Line 3.0, for Microsoft's Bot Framework Web Chat: tokens (generated, refreshed), a
// conversation started with a token, activities posted and read by watermark, and the stream
// WebSocket. A Direct Line conversation is a loket chat session: the same dialogue, state,
// subscriptions and alerts. Its activities are kept in the chat mailbox in PostgreSQL (the
// watermark is the mailbox id), so any instance serves any conversation.
#include <openssl/crypto.h>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <charconv>
#include <chrono>

#include "connectors/utc_timestamp.h"
#include "db/chat_mailbox.h"
#include "server/chat/chat.h"
#include "server/chat/chat_socket.h"
#include "server/common/db_call.h"
#include "server/common/log.h"

namespace loket::server {
namespace {

namespace json = boost::json;

constexpr std::chrono::seconds kTokenLifetime{1800};  // the protocol's usual expires_in
constexpr std::string_view kPrefix = "/v3/directline/";
constexpr std::size_t kMaxActivitiesPerRead = 100;
constexpr std::string_view kTokenPrefix = "dl1|";
constexpr std::string_view kConversationPrefix = "dlc|";

// The protocol's error body: {"error": {"code", "message"}}.
Response dl_error(const Request& request, http::status status, std::string_view code,
                  std::string_view message) {
  Response res = make_response(
      status, request, "application/json",
      json::serialize(json::object{{"error", json::object{{"code", code}, {"message", message}}}}));
  allow_any_origin(res);
  return res;
}

Response dl_json(const Request& request, http::status status, const json::value& body) {
  Response res = make_response(status, request, "application/json", json::serialize(body));
  allow_any_origin(res);
  return res;
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A conversation's id is tagged for Direct Line (kConversationPrefix), so it is no session for
// loket's own chat API: it shows in URLs and access logs, and only its token (or the Direct Line
// secret) opens it. Before, conversations were chat sessions; those still count.
bool conversation_issued(const SessionIssuer& sessions, std::string_view conversation) {
  return sessions.issued(conversation, kConversationPrefix) || sessions.issued(conversation);
}

// "<conversation>.<expiry>.<tag>": the conversation (a chat session), until when, and an HMAC of
// both under the session secret. Stateless: every instance checks it alike.
std::string issue_token(const SessionIssuer& sessions, const std::string& conversation) {
  const std::string expiry = std::to_string(unix_now() + kTokenLifetime.count());
  const std::string body = conversation + "." + expiry;
  return body + "." + sessions.sign(std::string(kTokenPrefix) + body);
}

// The conversation `token` is for, when it is ours and not expired.
std::optional<std::string> token_conversation(const SessionIssuer& sessions,
                                              std::string_view token) {
  if (token.size() > 256) return std::nullopt;
  const auto tag_dot = token.rfind('.');
  if (tag_dot == std::string_view::npos) return std::nullopt;
  const std::string_view body = token.substr(0, tag_dot);
  const auto expiry_dot = body.rfind('.');
  if (expiry_dot == std::string_view::npos) return std::nullopt;
  if (!sessions.signed_by_us(std::string(kTokenPrefix).append(body), token.substr(tag_dot + 1)))
    return std::nullopt;
  std::int64_t expiry = 0;
  const std::string_view expiry_text = body.substr(expiry_dot + 1);
  const auto [end, ec] =
      std::from_chars(expiry_text.data(), expiry_text.data() + expiry_text.size(), expiry);
  if (ec != std::errc{} || end != expiry_text.data() + expiry_text.size() || expiry < unix_now())
    return std::nullopt;
  return std::string(body.substr(0, expiry_dot));
}

// Who is asking: a conversation's token, or (where the configuration sets one) the secret.
struct Caller {
  bool secret = false;
  std::string conversation;  // from a token
};

std::optional<Caller> caller_of(const Request& request, const ChatState& state) {
  const std::string_view authorization = request[http::field::authorization];
  if (!authorization.starts_with("Bearer ")) return std::nullopt;
  const std::string_view credential = authorization.substr(7);
  const std::string& secret = state.direct_line_secret;
  if (!secret.empty() && credential.size() == secret.size() &&
      CRYPTO_memcmp(credential.data(), secret.data(), secret.size()) == 0)
    return Caller{true, {}};
  if (auto conversation = token_conversation(state.sessions, credential))
    return Caller{false, std::move(*conversation)};
  return std::nullopt;
}

// `base`: a hosted municipality's path prefix ("/m/{id}"), or empty.
std::string stream_url(const Request& request, const std::string& base,
                       const std::string& conversation, const std::string& token) {
  const std::string_view proto = request["X-Forwarded-Proto"];
  return std::string(proto == "https" ? "wss://" : "ws://") +
         std::string(request[http::field::host]) + base + std::string(kPrefix) + "conversations/" +
         conversation + "/stream?t=" + token;
}

json::object conversation_json(const Request& request, const std::string& base,
                               const std::string& conversation, const std::string& token,
                               bool with_stream) {
  json::object out{{"conversationId", conversation},
                   {"token", token},
                   {"expires_in", static_cast<std::int64_t>(kTokenLifetime.count())}};
  if (with_stream) out["streamUrl"] = stream_url(request, base, conversation, token);
  return out;
}

// A message from the municipality in the activity schema; answer links in markdown.
json::object bot_activity(const ChatState& state, const std::string& conversation,
                          const dialogue::Said& said, const std::string& lang) {
  std::string text = said.text;
  for (const auto& link : said.links) text += "\n\n[" + link.title + "](" + link.url + ")";
  const std::string& name = state.content.current()->config().widget.name;
  return json::object{{"type", "message"},
                      {"timestamp", connectors::utc_timestamp_now()},
                      {"channelId", "directline"},
                      {"from", json::object{{"id", "loket"}, {"name", name}, {"role", "bot"}}},
                      {"conversation", json::object{{"id", conversation}}},
                      {"text", text},
                      {"textFormat", "markdown"},
                      {"locale", lang},
                      {"inputHint", "acceptingInput"}};
}

// The answer as activities: one per message, loket's suggestions as suggestedActions (buttons
// that send their title back, which the dialogue knows as the offered intent).
std::vector<std::string> reply_activities(const ChatState& state, const std::string& conversation,
                                          const dialogue::Reply& reply) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < reply.messages.size(); ++i) {
    json::object activity = bot_activity(state, conversation, reply.messages[i], reply.lang);
    if (i + 1 == reply.messages.size() && !reply.suggestions.empty()) {
      json::array actions;
      for (const auto& s : reply.suggestions)
        actions.push_back(json::object{{"type", "imBack"}, {"title", s.title}, {"value", s.title}});
      activity["suggestedActions"] = json::object{{"actions", std::move(actions)}};
    }
    out.push_back(json::serialize(activity));
  }
  return out;
}

// "<conversation>|0000042", as Direct Line numbers a conversation's activities.
std::string activity_id(const std::string& conversation, std::int64_t n) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "|%07lld", static_cast<long long>(n));
  return conversation + digits;
}

// What staff (or loket about the handoff) said, from the chat's frame ({"from": "staff" | "bot",
// "name"?, "lang", "messages", "suggestions", "handoff"?}): a message shown as from the staff
// member, its buttons as suggested actions, the handoff's state in channelData.
json::object said_activity(const ChatState& state, const std::string& conversation,
                           const json::object& frame) {
  std::string text;
  if (const auto* messages = frame.if_contains("messages"); messages && messages->is_array())
    for (const auto& m : messages->get_array())
      if (const auto* t = m.is_object() ? m.get_object().if_contains("text") : nullptr;
          t && t->is_string())
        text.append(text.empty() ? "" : "\n\n").append(t->get_string());
  std::string lang;
  if (const auto* l = frame.if_contains("lang"); l && l->is_string()) lang = l->get_string();
  json::object activity = bot_activity(state, conversation, {text, {}}, lang);
  if (const auto* name = frame.if_contains("name"); name && name->is_string())
    activity["from"].as_object()["name"] = *name;
  json::array actions;
  if (const auto* suggestions = frame.if_contains("suggestions");
      suggestions && suggestions->is_array())
    for (const auto& s : suggestions->get_array())
      if (const auto* title = s.is_object() ? s.get_object().if_contains("title") : nullptr;
          title && title->is_string())
        actions.push_back(json::object{{"type", "imBack"}, {"title", *title}, {"value", *title}});
  if (!actions.empty())
    activity["suggestedActions"] = json::object{{"actions", std::move(actions)}};
  json::object data{{"from", frame.at("from")}};
  if (const auto* handoff = frame.if_contains("handoff")) data["handoff"] = *handoff;
  activity["channelData"] = std::move(data);
  return activity;
}

// A mailbox entry as an activity with its id: a conversation's own activities as stored, an
// alert (stored for the chat session by the dispatcher) as a message from the municipality.
std::optional<json::object> entry_activity(const ChatState& state, const std::string& conversation,
                                           const db::MailboxEntry& entry) {
  boost::system::error_code ec;
  json::value v = json::parse(entry.frame, ec);
  if (ec || !v.is_object()) return std::nullopt;
  json::object activity;
  if (const auto* from = v.as_object().if_contains("from"); from != nullptr && from->is_string()) {
    activity = said_activity(state, conversation, v.as_object());
  } else if (const auto* notification = v.as_object().if_contains("notification")) {
    std::string text;
    for (const auto& m : v.as_object().at("messages").as_array())
      text += std::string(m.at("text").as_string());
    std::string lang;
    if (const auto* l = v.as_object().if_contains("lang"); l && l->is_string())
      lang = l->get_string();
    activity = bot_activity(state, conversation, {text, {}}, lang);
    activity["channelData"] = json::object{{"notification", *notification}};
  } else {
    activity = std::move(v.as_object());
  }
  activity["id"] = activity_id(conversation, entry.id);
  return activity;
}

// The resident's message as the stream gives it back: who sent it, and what their client put in
// it to recognise it (channelData).
json::object echo_of(const json::object& activity, const std::string& conversation,
                     const std::string& text) {
  json::object echo{{"type", "message"},
                    {"timestamp", connectors::utc_timestamp_now()},
                    {"channelId", "directline"},
                    {"conversation", json::object{{"id", conversation}}},
                    {"text", text}};
  json::object from{{"role", "user"}};
  if (const auto* f = activity.if_contains("from"); f && f->is_object())
    for (const char* key : {"id", "name"})
      if (const auto* s = f->as_object().if_contains(key); s && s->is_string())
        from[key] = s->get_string().subview().substr(0, 128);
  echo["from"] = std::move(from);
  for (const char* key : {"locale", "channelData", "textFormat"})
    if (const auto* value = activity.if_contains(key)) echo[key] = *value;
  return echo;
}

json::object activity_set(std::vector<json::object> activities, std::int64_t watermark) {
  json::array list;
  for (auto& a : activities) list.emplace_back(std::move(a));
  return json::object{{"activities", std::move(list)}, {"watermark", std::to_string(watermark)}};
}

// The path after /v3/directline/, split at '/'.
std::vector<std::string_view> path_parts(std::string_view target) {
  std::string_view path = target.substr(0, target.find('?'));
  path.remove_prefix(kPrefix.size());
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
  }
  return parts;
}

std::optional<std::string> query_value(std::string_view target, std::string_view key) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return std::nullopt;
  if (auto it = url->params().find(key); it != url->params().end()) return std::string((*it).value);
  return std::nullopt;
}

std::optional<std::int64_t> watermark_of(std::string_view target) {
  const auto text = query_value(target, "watermark");
  if (!text || text->empty()) return 0;
  std::int64_t w = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), w);
  if (ec != std::errc{} || end != text->data() + text->size() || w < 0) return std::nullopt;
  return w;
}

class DirectLineCall {
 public:
  DirectLineCall(const Request& request, RequestContext& context, ChatState& state)
      : req_(request), context_(context), state_(state) {}

  asio::awaitable<Response> run() {
    const auto parts = path_parts(req_.target());
    const auto method = req_.method();
    if (method == http::verb::options) {
      Response res = make_response(http::status::no_content, req_, "text/plain", "");
      allow_any_origin(res);
      res.set(http::field::access_control_allow_methods, "GET, POST, OPTIONS");
      res.set(http::field::access_control_allow_headers,
              "Authorization, Content-Type, X-Requested-With, x-ms-bot-agent");
      res.set(http::field::access_control_max_age, "86400");
      co_return res;
    }
    if (parts.size() == 2 && parts[0] == "tokens" && parts[1] == "generate" &&
        method == http::verb::post)
      co_return generate_token();
    if (parts.size() == 2 && parts[0] == "tokens" && parts[1] == "refresh" &&
        method == http::verb::post)
      co_return refresh_token();
    if (parts.size() == 1 && parts[0] == "conversations" && method == http::verb::post)
      co_return co_await start_conversation();
    if (parts.size() == 2 && parts[0] == "conversations" && method == http::verb::get)
      co_return reconnect(std::string(parts[1]));
    if (parts.size() == 3 && parts[0] == "conversations" && parts[2] == "activities") {
      if (method == http::verb::post) co_return co_await post_activity(std::string(parts[1]));
      if (method == http::verb::get) co_return co_await get_activities(std::string(parts[1]));
    }
    if (parts.size() == 3 && parts[0] == "conversations" && parts[2] == "stream")
      co_return dl_error(req_, http::status::upgrade_required, "BadArgument",
                         "the stream speaks WebSocket: send an Upgrade request");
    co_return dl_error(req_, http::status::not_found, "NotFound", "no such Direct Line operation");
  }

 private:
  Response forbidden() const {
    return dl_error(req_, http::status::forbidden, "TokenExpired",
                    "the token or secret is missing, not valid, or expired");
  }

  bool database_ready() const { return state_.notifications.ready(); }
  Response unavailable() const {
    return dl_error(req_, http::status::service_unavailable, "ServiceUnavailable",
                    "conversations cannot be kept right now; try again later");
  }

  // The conversation the caller may use at `path_conversation` (a token for it, or the secret).
  std::optional<std::string> conversation_for(const std::string& path_conversation) const {
    const auto caller = caller_of(req_, state_);
    if (!caller) return std::nullopt;
    if (caller->secret) {
      if (!conversation_issued(state_.sessions, path_conversation)) return std::nullopt;
      return path_conversation;
    }
    if (caller->conversation != path_conversation) return std::nullopt;
    return caller->conversation;
  }

  // Like loket's own chat, the public chat needs no secret: anyone gets a token (paced per
  // address) unless the configuration sets a Direct Line secret.
  Response generate_token() {
    if (!state_.direct_line_secret.empty()) {
      const auto caller = caller_of(req_, state_);
      if (!caller || !caller->secret) return forbidden();
    } else if (state_.client_pace.reserve(address_block(context_.client),
                                          connectors::RateLimiter::Clock::now(), false) >
               connectors::RateLimiter::Clock::duration::zero()) {
      return dl_error(req_, http::status::too_many_requests, "TooManyRequests",
                      "too many tokens for this address; try again later");
    }
    const std::string conversation = state_.sessions.issue(kConversationPrefix);
    return dl_json(req_, http::status::ok,
                   conversation_json(req_, context_.base_path, conversation,
                                     issue_token(state_.sessions, conversation), false));
  }

  Response refresh_token() {
    const auto caller = caller_of(req_, state_);
    if (!caller || caller->secret) return forbidden();
    return dl_json(req_, http::status::ok,
                   conversation_json(req_, context_.base_path, caller->conversation,
                                     issue_token(state_.sessions, caller->conversation), false));
  }

  asio::awaitable<Response> start_conversation() {
    const auto caller = caller_of(req_, state_);
    if (!caller) co_return forbidden();
    if (!database_ready()) co_return unavailable();
    const std::string conversation =
        caller->secret ? state_.sessions.issue(kConversationPrefix) : caller->conversation;
    const std::string token = issue_token(state_.sessions, conversation);
    // The municipality speaks first, once: the welcome and the ways on.
    const auto seen = [conversation](pqxx::connection_base& c) {
      return !db::chat_mailbox_after(c, conversation, 0, false, 1).empty();
    };
    const auto started = co_await db_call(*state_.notifications.database, seen);
    if (!started) co_return unavailable();
    if (!*started) {
      dialogue::Message hello;
      hello.kind = dialogue::Message::Kind::start;
      hello.session = conversation;
      hello.new_session = true;
      hello.buttons_by_label = true;
      const dialogue::Reply reply = co_await run_chat_exchange(
          state_, state_.content.current(), hello, kChannel, nullptr, context_.client);
      if (!co_await append(conversation, reply_activities(state_, conversation, reply)))
        co_return unavailable();
    }
    co_return dl_json(req_, *started ? http::status::ok : http::status::created,
                      conversation_json(req_, context_.base_path, conversation, token, true));
  }

  Response reconnect(const std::string& path_conversation) {
    const auto conversation = conversation_for(path_conversation);
    if (!conversation) return forbidden();
    return dl_json(req_, http::status::ok,
                   conversation_json(req_, context_.base_path, *conversation,
                                     issue_token(state_.sessions, *conversation), true));
  }

  asio::awaitable<std::optional<std::vector<std::int64_t>>> append(
      const std::string& conversation, std::vector<std::string> frames) {
    const auto job = [conversation, frames = std::move(frames)](pqxx::connection_base& c) {
      return db::append_to_chat_mailbox(c, conversation, frames);
    };
    auto ids = co_await db_call(*state_.notifications.database, job);
    if (!ids) {
      log::warn("direct line activities not stored", {{"error", describe(ids.error())}});
      co_return std::nullopt;
    }
    co_return std::move(*ids);
  }

  asio::awaitable<Response> post_activity(const std::string& path_conversation) {
    const auto conversation = conversation_for(path_conversation);
    if (!conversation) co_return forbidden();
    if (!database_ready()) co_return unavailable();
    boost::system::error_code ec;
    json::value v = json::parse(req_.body(), ec);
    if (ec || !v.is_object())
      co_return dl_error(req_, http::status::bad_request, "BadArgument",
                         "the body must be an activity (a JSON object)");
    json::object& activity = v.as_object();
    const json::value* type = activity.if_contains("type");
    if (type == nullptr || !type->is_string())
      co_return dl_error(req_, http::status::bad_request, "BadArgument",
                         "the activity has no type");
    // Typing, events and the like need no answer; only messages are conversation.
    if (type->get_string() != "message")
      co_return dl_json(req_, http::status::ok, json::object{{"id", *conversation + "|0"}});
    const json::value* text = activity.if_contains("text");
    if (text == nullptr || !text->is_string())
      co_return dl_error(req_, http::status::bad_request, "BadArgument",
                         "a message activity needs a text");
    if (state_.client_pace.reserve(address_block(context_.client),
                                   connectors::RateLimiter::Clock::now(),
                                   false) > connectors::RateLimiter::Clock::duration::zero())
      co_return dl_error(req_, http::status::too_many_requests, "TooManyRequests",
                         "too many messages from this address; try again later");
    dialogue::Message message;
    message.session = *conversation;
    message.text = std::string(text->get_string());
    message.buttons_by_label = true;
    if (const auto* locale = activity.if_contains("locale"); locale && locale->is_string())
      message.lang_hint = std::string(locale->get_string()).substr(0, 2);
    message.actions_available = state_.notifications.answering();
    const auto chat = state_.content.current();
    if (auto why = chat->refusal(message))
      co_return dl_error(req_, http::status::bad_request, "BadArgument", *why);

    const dialogue::Reply reply =
        co_await run_chat_exchange(state_, chat, message, kChannel, nullptr, context_.client);
    // The resident's own activity comes back in the stream (Web Chat marks it sent by that),
    // before the answer. An answer about their circumstances (the scheme finder) is not kept.
    const json::object echo =
        echo_of(activity, *conversation, reply.private_text ? std::string("…") : message.text);
    std::vector<std::string> echo_frame;
    echo_frame.push_back(json::serialize(echo));
    const auto echoed = co_await append(*conversation, std::move(echo_frame));
    if (!echoed) co_return unavailable();
    context_.note.chat = true;
    context_.note.intent = reply.intent;
    context_.note.confidence = reply.confidence;
    if (!co_await append(*conversation, reply_activities(state_, *conversation, reply)))
      co_return unavailable();
    co_return dl_json(req_, http::status::ok,
                      json::object{{"id", activity_id(*conversation, echoed->front())}});
  }

  asio::awaitable<Response> get_activities(const std::string& path_conversation) {
    const auto conversation = conversation_for(path_conversation);
    if (!conversation) co_return forbidden();
    const auto watermark = watermark_of(req_.target());
    if (!watermark)
      co_return dl_error(req_, http::status::bad_request, "BadArgument",
                         "watermark must be a number loket gave");
    if (!database_ready()) co_return unavailable();
    const auto job = [conversation = *conversation, after = *watermark](pqxx::connection_base& c) {
      return db::chat_mailbox_after(c, conversation, after, false, kMaxActivitiesPerRead);
    };
    const auto entries = co_await db_call(*state_.notifications.database, job);
    if (!entries) co_return unavailable();
    std::vector<json::object> activities;
    std::int64_t last = *watermark;
    for (const auto& e : *entries) {
      last = e.id;
      if (auto a = entry_activity(state_, *conversation, e)) activities.push_back(std::move(*a));
    }
    co_return dl_json(req_, http::status::ok, activity_set(std::move(activities), last));
  }

  static constexpr std::string_view kChannel = "directline";
  const Request& req_;
  RequestContext& context_;
  ChatState& state_;
};

}  // namespace

asio::awaitable<Response> handle_direct_line(const Request& request, RequestContext& context,
                                             ChatState& state) {
  DirectLineCall call(request, context, state);
  co_return co_await call.run();
}

asio::awaitable<void> run_direct_line_stream(beast::tcp_stream stream, Request upgrade, std::string,
                                             ChatState& state) {
  const auto parts = path_parts(upgrade.target());
  const auto token = query_value(upgrade.target(), "t");
  const auto watermark = watermark_of(upgrade.target());
  std::optional<std::string> conversation;
  if (parts.size() == 3 && parts[0] == "conversations" && parts[2] == "stream" && token)
    if (auto c = token_conversation(state.sessions, *token); c && *c == parts[1]) conversation = c;
  if (!conversation || !watermark) {
    Response refused = dl_error(upgrade, http::status::forbidden, "TokenExpired",
                                "the stream needs the conversation's valid token in t=");
    refused.keep_alive(false);
    co_await http::async_write(stream, refused, use_nothrow);
    co_return;
  }
  auto socket = std::make_shared<ChatSocket>(std::move(stream));
  ConnectionTracker::Handle connection = state.tracker.add(closer_for(socket));
  if (!connection) co_return;
  configure(socket->ws, state);
  if (auto [ec] = co_await socket->ws.async_accept(upgrade, use_nothrow); ec) co_return;
  // Each mailbox entry the relay pushes goes out as an activity set of one.
  const std::uint64_t live = state.live_sessions.add(
      *conversation,
      [weak = std::weak_ptr(socket), &state, conversation = *conversation](std::string frame) {
        auto s = weak.lock();
        if (!s) return false;
        // The relay's frame carries the entry's id first ({"id":N,...}).
        boost::system::error_code ec;
        json::value v = json::parse(frame, ec);
        if (ec || !v.is_object() || !v.as_object().contains("id")) return false;
        const std::int64_t id = v.as_object().at("id").to_number<std::int64_t>();
        v.as_object().erase("id");
        const db::MailboxEntry entry{id, json::serialize(v)};
        auto activity = entry_activity(state, conversation, entry);
        if (!activity) return false;
        std::vector<json::object> one;
        one.push_back(std::move(*activity));
        return s->send(json::serialize(activity_set(std::move(one), id)));
      },
      *watermark, true);
  state.mailbox.wake(*conversation);
  beast::flat_buffer buffer;
  for (;;) {
    if (!connection.enter_idle()) {
      start_closing(socket, websocket::close_code::going_away);  // Web Chat reconnects on 1001
      break;
    }
    auto [ec, n] = co_await socket->ws.async_read(buffer, use_nothrow);
    connection.leave_idle();
    if (ec) break;
    buffer.consume(buffer.size());  // the client has nothing to say on the stream
  }
  state.live_sessions.remove(live);
  socket->closed = true;
}

}  // namespace loket::server
