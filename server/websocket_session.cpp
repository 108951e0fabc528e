// The chat over WebSocket: one JSON request per text frame in, one JSON reply per frame out,
// through the same ChatService as the REST endpoint. A bad frame gets an error frame and the
// connection stays open.
#include "server/log.h"
#include "server/net.h"

namespace loket::server {

using WebSocket = websocket::stream<beast::tcp_stream>;

asio::awaitable<void> run_websocket_session(beast::tcp_stream stream, Request upgrade,
                                            ServerState& state) {
  auto ws = std::make_shared<WebSocket>(std::move(stream));
  auto closer = [weak = std::weak_ptr<WebSocket>(ws)] {
    if (auto s = weak.lock())
      asio::post(s->get_executor(), [s] {
        beast::error_code ignored;
        beast::get_lowest_layer(*s).socket().shutdown(tcp::socket::shutdown_both, ignored);
        beast::get_lowest_layer(*s).socket().close(ignored);
      });
  };
  ConnectionTracker::Handle connection = state.tracker.add(closer);
  if (!connection) co_return;

  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = state.limits.request_timeout;
  timeouts.idle_timeout = state.limits.websocket_idle_timeout;
  timeouts.keep_alive_pings = true;  // a live browser answers pings; a vanished one is dropped
  ws->set_option(timeouts);
  ws->set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, kServerName); }));
  ws->read_message_max(state.limits.max_body_bytes);

  auto [ec] = co_await ws->async_accept(upgrade, use_nothrow);
  if (ec) {
    log::info("websocket", {{"outcome", "handshake failed"}, {"error", ec.message()}});
    co_return;
  }
  log::info("websocket", {{"outcome", "open"}, {"path", kChatSocketPath}});

  beast::flat_buffer buffer;
  std::size_t frames = 0;
  for (;;) {
    if (!connection.enter_idle()) {
      // Say goodbye (the widget reconnects on 1001), but do not let a peer that never answers
      // the close hold the shutdown for the whole request timeout.
      timeouts.handshake_timeout = std::chrono::seconds(1);
      ws->set_option(timeouts);
      co_await ws->async_close(websocket::close_code::going_away, use_nothrow);
      break;
    }
    auto [read_ec, n] = co_await ws->async_read(buffer, use_nothrow);
    connection.leave_idle();
    if (read_ec) {
      if (read_ec == websocket::error::message_too_big)
        log::info("websocket", {{"outcome", "closed"}, {"reason", "frame over the body limit"}});
      break;
    }
    const auto start = std::chrono::steady_clock::now();
    std::string reply;
    if (!ws->got_text()) {
      reply = R"({"error":"send chat requests as JSON in text frames"})";
    } else {
      ChatOutcome outcome = state.chat.handle_json(
          std::string_view(static_cast<const char*>(buffer.data().data()), buffer.size()));
      reply = std::move(outcome.body);
      const double ms = std::chrono::duration<double, std::milli>(
                            std::chrono::steady_clock::now() - start)
                            .count();
      log::info("message", {{"path", kChatSocketPath},
                            {"status", outcome.status},
                            {"duration_ms", ms},
                            {"intent", outcome.intent.empty() ? "-" : outcome.intent},
                            {"confidence", outcome.confidence}});
    }
    buffer.consume(buffer.size());
    ++frames;
    ws->text(true);
    auto [write_ec, written] = co_await ws->async_write(asio::buffer(reply), use_nothrow);
    if (write_ec) break;
  }
  log::info("websocket", {{"outcome", "closed"}, {"frames", frames}});
}

}  // namespace loket::server
