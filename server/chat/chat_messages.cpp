// What a REST chat client fetches besides its answers: GET /api/v1/chat/messages?session&after
// gives the session's mailbox after `after` (a person's replies while it is handed to one, and
// alerts), oldest first, each with its id. A WebSocket gets the same pushed.
#include <boost/url/parse.hpp>

#include <charconv>

#include "db/chat_mailbox.h"
#include "server/chat/chat.h"
#include "server/chat/chat_side_call.h"
#include "server/common/db_call.h"
#include "server/common/json_text.h"
#include "server/common/log.h"
#include "server/http/refusal.h"

namespace loket::server {
namespace {

constexpr std::size_t kMaxEntries = 100;

struct MessagesQuery {
  std::string session;
  std::int64_t after = 0;
};

Refusable<MessagesQuery> read_query(std::string_view target, const SessionIssuer& sessions) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return Refusal{400, "request target is not a valid path"};
  MessagesQuery out;
  bool has_session = false;
  for (const auto& param : url->params()) {
    if (param.key == "session") {
      out.session = param.value;
      has_session = true;
    } else if (param.key == "after") {
      const std::string& v = param.value;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out.after);
      if (ec != std::errc{} || end != v.data() + v.size() || out.after < 0)
        return Refusal{400, "'after' must be a whole number, 0 or more"};
    }
  }
  if (!has_session || out.session.empty()) return Refusal{400, "'session' is missing"};
  if (out.session.size() > 128 || !sessions.issued(out.session))
    return Refusal{404, "no such chat session"};
  return out;
}

}  // namespace

asio::awaitable<Response> handle_chat_messages(const Request& request, RequestContext& context,
                                               ChatState& state) {
  if (auto early = before_chat_side_call(request, context, state)) co_return std::move(*early);
  auto query = read_query(request.target(), state.sessions);
  if (!query)
    co_return chat_json_reply(request, static_cast<http::status>(query.error().status),
                              write_error(query.error().message));
  if (!state.notifications.ready())
    co_return chat_json_reply(request, http::status::service_unavailable,
                              write_error("messages cannot be fetched right now; try again later"));
  const auto job = [q = *query](pqxx::connection_base& c) {
    return db::chat_mailbox_after(c, q.session, q.after, false, kMaxEntries);
  };
  const auto entries = co_await db_call(*state.notifications.database, job);
  if (!entries) {
    log::warn("chat messages not read", {{"error", describe(entries.error())}});
    co_return chat_json_reply(request, http::status::service_unavailable,
                              write_error("messages cannot be fetched right now; try again later"));
  }
  // The frames are JSON already: each gets its id in front, as on the WebSocket.
  std::string body = "{\"messages\":[";
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const auto& e = (*entries)[i];
    if (i > 0) body += ',';
    body += "{\"id\":" + std::to_string(e.id);
    if (e.frame.size() > 2) body += ',';
    body.append(e.frame, 1, std::string::npos);
  }
  body += "]}";
  co_return chat_json_reply(request, http::status::ok, std::move(body));
}

}  // namespace loket::server
