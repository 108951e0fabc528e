// Test support: a chat client over a real WebSocket to `loket serve`, blocking, with a deadline
// on every call. With SessionNames, frames name their sessions and keep the issued ones.
// Not thread-safe; one per test.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <string>

#include "session_names.h"

namespace loket::testing {

class ChatSocket {
 public:
  explicit ChatSocket(unsigned short port, SessionNames* names = nullptr,
                      const std::string& path = "/api/v1/chat/ws")
      : ws_(io_), names_(names) {
    boost::beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
    boost::beast::get_lowest_layer(ws_).connect(
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    ws_.handshake("127.0.0.1", path);
  }

  void send(const std::string& frame, bool text = true) {
    boost::beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
    ws_.text(text);
    ws_.write(boost::asio::buffer(names_ != nullptr && text ? names_->request(frame) : frame));
  }

  boost::json::object read(std::chrono::seconds timeout = std::chrono::seconds(10)) {
    boost::beast::get_lowest_layer(ws_).expires_after(timeout);
    boost::beast::flat_buffer buffer;
    ws_.read(buffer);
    const std::string body = boost::beast::buffers_to_string(buffer.data());
    if (names_ != nullptr) names_->learn(body);
    return boost::json::parse(body).as_object();
  }

  // One frame out, its reply in.
  boost::json::object exchange(const std::string& frame, bool text = true) {
    send(frame, text);
    return read();
  }

  boost::beast::websocket::stream<boost::beast::tcp_stream>& stream() { return ws_; }

 private:
  boost::asio::io_context io_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  SessionNames* names_;
};

}  // namespace loket::testing
