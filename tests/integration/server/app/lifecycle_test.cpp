// Starting and stopping the real server: SIGTERM drains and exits 0, idle keep-alive and
// WebSocket connections do not hold the exit back, and a bad config refuses to start.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "server_process.h"

namespace loket::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

TEST(Lifecycle, SigtermWithIdleConnectionsExitsZeroPromptly) {
  ServerProcess server("server: {drain_timeout_s: 20}\n");
  asio::io_context io;
  // An idle keep-alive connection after one request, and an open chat socket.
  beast::tcp_stream keep_alive(io);
  keep_alive.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
  http::request<http::empty_body> req{http::verb::get, "/healthz", 11};
  req.set(http::field::host, "x");
  http::write(keep_alive, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(keep_alive, buffer, res);
  ASSERT_EQ(200u, res.result_int());
  beast::websocket::stream<beast::tcp_stream> ws(io);
  beast::get_lowest_layer(ws).connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
  ws.handshake("x", "/api/v1/chat/ws");

  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(0, server.stop(SIGTERM)) << server.log();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5))
      << "idle connections must not wait for the drain timeout";
  EXPECT_NE(std::string::npos, server.log().find("event=stopping signal=15"));
  EXPECT_NE(std::string::npos, server.log().find("event=stopped"));
}

TEST(Lifecycle, SigtermLetsAnInFlightRequestFinish) {
  ServerProcess server("server: {drain_timeout_s: 20}\n");
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
  // Headers and half the body: the request is in flight when the signal comes.
  const std::string body = R"({"session":"drain","text":"afvalkalender"})";
  std::string head =
      "POST /api/v1/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n";
  asio::write(stream.socket(), asio::buffer(head + body.substr(0, 10)));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  kill(server.pid(), SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  asio::write(stream.socket(), asio::buffer(body.substr(10)));
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  stream.expires_after(std::chrono::seconds(5));
  http::read(stream, buffer, res);
  EXPECT_EQ(200u, res.result_int()) << res.body();
  EXPECT_FALSE(res.keep_alive()) << "a draining server closes after the answer";
  EXPECT_EQ(0, server.wait_exit()) << server.log();
}

TEST(Lifecycle, RefusesToStartWithABadConfig) {
  EXPECT_THROW(ServerProcess("limits: {max_body_bytes: lots}\n"), std::runtime_error);
}

}  // namespace
}  // namespace loket::testing
