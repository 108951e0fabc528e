// A WebSocket with its queue of outgoing frames (WebSocket allows one write at a time), for the
// sockets that both answer their client and push to it: the web chat, Direct Line's stream, the
// staff inbox. send() is safe from any thread; the rest runs on the socket's strand.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <deque>
#include <memory>
#include <string>

#include "config/config.h"
#include "server/http/http.h"

namespace loket::server {

using WebSocket = websocket::stream<beast::tcp_stream>;
constexpr std::size_t kMaxQueuedFrames = 256;
// Back-pressure: a client that sends faster than it reads is not read from while this many
// frames wait to be written to it.
constexpr std::size_t kMaxUnsentReplies = 8;

// The socket and its queue of outgoing frames; lives as long as a reader, writer or push needs it.
struct OutboxSocket : std::enable_shared_from_this<OutboxSocket> {
  explicit OutboxSocket(beast::tcp_stream stream)
      : ws(std::move(stream)), drained(ws.get_executor()) {}

  WebSocket ws;
  asio::steady_timer drained;      // wakes the reader when the outbox has room again
  std::deque<std::string> outbox;  // touched only on the socket's strand
  bool writing = false;
  bool closing = false;  // a close frame is on its way (on the socket's strand)
  std::atomic<bool> closed{false};
  std::atomic<std::size_t> queued{0};  // frames posted or waiting, for the check in send()

  // From any thread. False when the socket is closed or its queue is full: the frame is not
  // taken (the client asks for what it missed when it comes back).
  bool send(std::string frame) {
    if (closed || queued.load() >= kMaxQueuedFrames) return false;
    return push(std::move(frame));
  }

  // A reply to the client's own message, on the socket's strand: always queued (the reader
  // stops reading while kMaxUnsentReplies wait, so replies cannot pile up).
  void reply(std::string frame) {
    if (!closed) push(std::move(frame));
  }

  // Until fewer than kMaxUnsentReplies frames wait to be written, or the socket closes.
  asio::awaitable<void> wait_until_written() {
    while (!closed && queued.load() >= kMaxUnsentReplies) {
      drained.expires_after(std::chrono::seconds(1));
      co_await drained.async_wait(use_nothrow);
    }
  }

  bool push(std::string frame) {
    ++queued;
    asio::post(ws.get_executor(), [self = shared_from_this(), frame = std::move(frame)]() mutable {
      if (self->closed || self->closing) {  // nothing may follow a close frame
        --self->queued;
        return;
      }
      self->outbox.push_back(std::move(frame));
      if (!self->writing) {
        self->writing = true;
        asio::co_spawn(self->ws.get_executor(), self->write_all(), asio::detached);
      }
    });
    return true;
  }

  asio::awaitable<void> write_all() {
    auto self = shared_from_this();
    while (!outbox.empty() && !closed && !closing) {
      ws.text(true);
      auto [ec, n] = co_await ws.async_write(asio::buffer(outbox.front()), use_nothrow);
      outbox.pop_front();
      if (--queued < kMaxUnsentReplies) drained.cancel();
      if (ec) {
        closed = true;
        drained.cancel();
        queued -= outbox.size();
        outbox.clear();
      }
    }
    if (closing && !outbox.empty()) {  // a close frame went out meanwhile: nothing after it
      queued -= outbox.size();
      outbox.clear();
      drained.cancel();
    }
    writing = false;
  }
};

// Sends a close frame with `code` unless one is on its way; the peer has a second to answer
// it, so that one that never does cannot hold a shutdown. On the socket's strand.
inline void start_closing(const std::shared_ptr<OutboxSocket>& s, websocket::close_code code) {
  if (s->closing) return;
  s->closing = true;
  websocket::stream_base::timeout quick{};
  s->ws.get_option(quick);
  quick.handshake_timeout = std::chrono::seconds(1);
  s->ws.set_option(quick);
  s->ws.async_close(code, [s](beast::error_code) {});
}

// What closes the socket's connection at shutdown, from any thread, while it still lives: the
// first call says goodbye with 1001 (going away: the widget reconnects, to another instance),
// a later one, or one before the handshake, cuts the connection.
inline auto closer_for(const std::shared_ptr<OutboxSocket>& socket) {
  return [weak = std::weak_ptr<OutboxSocket>(socket)] {
    if (auto s = weak.lock())
      asio::post(s->ws.get_executor(), [s] {
        if (s->ws.is_open() && !s->closing) {
          start_closing(s, websocket::close_code::going_away);
          return;
        }
        beast::error_code ignored;
        beast::get_lowest_layer(s->ws).socket().shutdown(tcp::socket::shutdown_both, ignored);
        beast::get_lowest_layer(s->ws).socket().close(ignored);
      });
  };
}

// The socket's options: timeouts (a vanished browser is dropped after missed pings), the
// server's name, and the API's body limit per frame.
inline void configure_websocket(WebSocket& ws, const config::Limits& limits) {
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = limits.request_timeout;
  timeouts.idle_timeout = limits.websocket_idle_timeout;
  timeouts.keep_alive_pings = true;
  ws.set_option(timeouts);
  ws.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, kServerName); }));
  ws.read_message_max(limits.max_body_bytes);
}

}  // namespace loket::server
