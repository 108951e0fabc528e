// The chat over WebSocket: one JSON request per text frame in, one JSON reply per frame out,
// through the same chat exchange as the REST endpoint. A bad frame gets an error frame and the
// connection stays open. While open, the socket also carries notifications for its chat session
// (the `websocket` channel): every outgoing frame goes through one queue, as WebSocket allows one
// write at a time.
#include <boost/json.hpp>

#include "server/chat/chat.h"
#include "server/chat/chat_socket.h"
#include "server/common/log.h"

namespace loket::server {
namespace {

namespace json = boost::json;
using WebSocket = websocket::stream<beast::tcp_stream>;

// {"session", "resume": true, "after": N}: a chat (re)opened with the session loket issued it,
// telling the last mailbox entry it showed. Null for any other frame (a chat request).
struct Resume {
  std::string session;  // empty: not one loket issued
  std::int64_t after = 0;
  std::string problem;  // a malformed resume frame: what is wrong with it
};
std::optional<Resume> read_resume(std::string_view frame, const SessionIssuer& sessions) {
  if (frame.find("\"resume\"") == std::string_view::npos) return std::nullopt;
  boost::system::error_code ec;
  const json::value v = json::parse(frame, ec);
  const json::object* obj = ec ? nullptr : v.if_object();
  if (obj == nullptr || !obj->contains("resume")) return std::nullopt;
  Resume out;
  const auto* s = obj->if_contains("session");
  const auto* a = obj->if_contains("after");
  if (s == nullptr || !s->is_string()) {
    out.problem = "resume: \"session\" must be the session loket issued, as a string";
  } else if (a != nullptr && !(a->is_int64() && a->get_int64() >= 0)) {
    out.problem = "resume: \"after\" must be the last mailbox id shown, a whole number from 0";
  } else {
    out.session = s->get_string();
    if (a != nullptr) out.after = a->get_int64();
  }
  // A session loket did not issue (another deployment's, or from before the secret changed)
  // has no mailbox here: the chat goes on as new.
  if (out.session.size() > 128 || !sessions.issued(out.session)) out.session.clear();
  return out;
}

// What a resume frame gets back, so that a chat holding a session loket does not know drops it
// instead of offering it again at every reconnect.
std::string resume_reply(const Resume& resume) {
  if (!resume.problem.empty()) return json::serialize(json::object{{"error", resume.problem}});
  if (!resume.session.empty()) return R"({"resumed":true})";
  return json::serialize(json::object{
      {"resumed", false},
      {"reason", "this session was not issued here: the next message starts a new one"}});
}

// Answers one text frame: a chat request in, the reply (or the refusal) out on the socket.
// Returns the chat session answered (empty for a refusal).
asio::awaitable<std::string> answer_frame(ChatState& state, ChatSocket& socket,
                                          std::string_view request, const std::string& client) {
  const auto start = std::chrono::steady_clock::now();
  ChatApiAnswer outcome = co_await answer_chat_json(state, request, kChatChannel, client);
  const auto took = std::chrono::steady_clock::now() - start;
  state.metrics.observe_request(kChatSocketPath, outcome.status, took);
  log::info("message", {{"path", kChatSocketPath},
                        {"status", outcome.status},
                        {"duration_ms", std::chrono::duration<double, std::milli>(took).count()},
                        {"intent", outcome.intent.empty() ? "-" : outcome.intent},
                        {"confidence", outcome.confidence}});
  socket.reply(std::move(outcome.body));
  co_return std::move(outcome.session);
}

}  // namespace

asio::awaitable<void> run_websocket_session(beast::tcp_stream stream, Request upgrade,
                                            std::string client, ChatState& state) {
  auto socket = std::make_shared<ChatSocket>(std::move(stream));
  auto closer = closer_for(socket);
  ConnectionTracker::Handle connection = state.tracker.add(closer);
  if (!connection) co_return;
  auto& ws = socket->ws;
  configure(ws, state);
  auto [ec] = co_await ws.async_accept(upgrade, use_nothrow);
  if (ec) {
    log::info("websocket", {{"outcome", "handshake failed"}, {"error", ec.message()}});
    co_return;
  }
  log::info("websocket", {{"outcome", "open"}, {"path", kChatSocketPath}});

  std::string live_session;
  std::uint64_t live_token = 0;
  // From now on this socket shows `session`'s alerts (the relay pushes them through it).
  const auto go_live = [&](const std::string& session, std::int64_t seen, bool resumed) {
    if (live_token != 0) state.live_sessions.remove(live_token);
    live_session = session;
    live_token = state.live_sessions.add(
        live_session,
        [weak = std::weak_ptr<ChatSocket>(socket)](std::string frame) {
          auto s = weak.lock();
          return s && s->send(std::move(frame));
        },
        seen, resumed);
    state.mailbox.wake(live_session);
  };
  beast::flat_buffer buffer;
  std::size_t frames = 0;
  for (;;) {
    if (!connection.enter_idle()) {
      // Say goodbye: the widget reconnects on 1001.
      start_closing(socket, websocket::close_code::going_away);
      break;
    }
    auto [read_ec, n] = co_await ws.async_read(buffer, use_nothrow);
    connection.leave_idle();
    if (read_ec) {
      if (read_ec == websocket::error::message_too_big)
        log::info("websocket", {{"outcome", "closed"}, {"reason", "frame over the body limit"}});
      break;
    }
    if (!ws.got_text()) {
      socket->reply(R"({"error":"send chat requests as JSON in text frames"})");
    } else {
      const std::string request = beast::buffers_to_string(buffer.data());
      if (auto resume = read_resume(request, state.sessions)) {
        socket->reply(resume_reply(*resume));
        if (!resume->session.empty()) go_live(resume->session, resume->after, true);
      } else {
        const std::string session = co_await answer_frame(state, *socket, request, client);
        if (!session.empty() && session != live_session) go_live(session, 0, false);
      }
    }
    buffer.consume(buffer.size());
    ++frames;
    co_await socket->wait_until_written();
  }
  if (live_token != 0) state.live_sessions.remove(live_token);
  socket->closed = true;
  log::info("websocket", {{"outcome", "closed"}, {"frames", frames}});
}

}  // namespace loket::server
