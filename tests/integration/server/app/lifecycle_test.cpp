// Starting and stopping the real server: SIGTERM drains and exits 0 (after the shutdown delay,
// when there is one), idle keep-alive and WebSocket connections do not hold the exit back (a chat
// socket is told 1001, going away), a bad config or too few open files refuse to start, and logs
// can be JSON with request ids.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>
#include <vector>

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
  // The chat socket was told why it closed (this client never answered the close).
  beast::flat_buffer frames;
  beast::error_code ec;
  beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(5));
  ws.read(frames, ec);
  EXPECT_TRUE(ec);
  EXPECT_EQ(beast::websocket::close_code::going_away, ws.reason().code)
      << "1001, on which the widget reconnects: " << ec.message();
}

// A database that takes the connection and never answers (a stuck pooler) holds neither the
// start nor the stop: each connection attempt gives up after its timeout.
TEST(Lifecycle, ADatabaseThatNeverAnswersDoesNotHoldTheStop) {
  asio::io_context io;
  tcp::acceptor silent(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  std::vector<tcp::socket> taken;
  std::function<void()> take = [&] {
    silent.async_accept([&](beast::error_code ec, tcp::socket socket) {
      if (ec) return;
      taken.push_back(std::move(socket));  // held open, never written to
      take();
    });
  };
  take();
  std::thread accepting([&io] { io.run(); });
  {
    ServerProcess server("", {{"LOKET_DATABASE_URL",
                               "postgresql://loket@127.0.0.1:" +
                                   std::to_string(silent.local_endpoint().port()) + "/loket"}});
    std::this_thread::sleep_for(std::chrono::seconds(1));  // its database threads connecting
    EXPECT_EQ(0, server.stop(SIGTERM, std::chrono::seconds(60))) << server.log();
  }
  asio::post(io, [&] {
    silent.close();
    taken.clear();
  });
  accepting.join();
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

namespace loket::testing {
namespace {

TEST(Lifecycle, DuringTheShutdownDelayItServesButIsNotReady) {
  ServerProcess server("server: {shutdown_delay_s: 2, drain_timeout_s: 5}\n");
  ASSERT_EQ(200u, http_request(server.port(), http::verb::get, "/readyz").status);
  const auto start = std::chrono::steady_clock::now();
  kill(server.pid(), SIGTERM);
  ASSERT_TRUE(server.wait_for_log("event=\"shutdown delay\""));
  const auto draining = http_request(server.port(), http::verb::get, "/readyz");
  EXPECT_EQ(503u, draining.status);
  EXPECT_NE(std::string::npos, draining.body.find("\"status\":\"stopping\"")) << draining.body;
  EXPECT_EQ(200u, http_request(server.port(), http::verb::get, "/healthz").status);
  EXPECT_EQ(200u,
            http_request(server.port(), http::verb::post, "/api/v1/chat", R"({"text":"paspoort"})")
                .status)
      << "requests are still answered while the load balancer takes the instance out";
  EXPECT_EQ(0, server.wait_exit()) << server.log();
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

// /metrics was public: with a token configured only Prometheus' bearer token opens it.
TEST(Lifecycle, MetricsCanBeKeptForTheScraperAlone) {
  ServerProcess server("server: {metrics_token: {env: LOKET_TEST_METRICS_TOKEN}}\n",
                       {{"LOKET_TEST_METRICS_TOKEN", "scrape-0123456789"}});
  const auto open = http_request(server.port(), http::verb::get, "/metrics");
  EXPECT_EQ(401u, open.status);
  EXPECT_EQ("Bearer", open.headers[http::field::www_authenticate]);
  EXPECT_EQ(std::string::npos, open.body.find("loket_")) << open.body;
  EXPECT_EQ(401u, http_request(server.port(), http::verb::get, "/metrics", "", "",
                               {{"Authorization", "Bearer scrape-0123456788"}})
                      .status);
  const auto scraped = http_request(server.port(), http::verb::get, "/metrics", "", "",
                                    {{"Authorization", "Bearer scrape-0123456789"}});
  EXPECT_EQ(200u, scraped.status);
  EXPECT_NE(std::string::npos, scraped.body.find("loket_chat_messages_total")) << scraped.body;
  EXPECT_EQ(200u, http_request(server.port(), http::verb::get, "/healthz").status)
      << "the probes stay open";
}

TEST(Lifecycle, JsonLogsCarryTheRequestIdGivenOrMadeUp) {
  ServerProcess server("server: {log_format: json}\n");
  const auto given = http_request(server.port(), http::verb::get, "/healthz", "",
                                  "application/json", {{"X-Request-Id", "lb-7f3a-42"}});
  EXPECT_EQ("lb-7f3a-42", given.headers["X-Request-Id"]);
  EXPECT_TRUE(server.wait_for_log(R"("event":"request","method":"GET","path":"/healthz")"));
  EXPECT_TRUE(server.wait_for_log(R"("request_id":"lb-7f3a-42")")) << server.log();
  EXPECT_TRUE(server.wait_for_log(R"("status":200)")) << "numbers are JSON numbers";
  const auto made = http_request(server.port(), http::verb::get, "/healthz", "", "application/json",
                                 {{"X-Request-Id", "not allowed; spaces"}});
  EXPECT_EQ(12u, std::string(made.headers["X-Request-Id"]).size()) << "a plain token, or a new id";
}

// A server file with the example content and `max_connections`, in a directory of its own.
std::string config_with_connections(const std::filesystem::path& dir, unsigned long n) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "loket.yaml") << "municipality: Test\n"
                                       "languages: {default: nl, supported: [nl, en, de]}\n"
                                    << "content: " << kExampleContentLayers << "\n"
                                    << "limits: {max_connections: " << n << "}\n";
  return (dir / "loket.yaml").string();
}

TEST(Lifecycle, RefusesMoreConnectionsThanItMayOpenFiles) {
  rlimit limit{};
  ASSERT_EQ(0, getrlimit(RLIMIT_NOFILE, &limit));
  if (limit.rlim_max == RLIM_INFINITY || limit.rlim_max > 900000)
    GTEST_SKIP() << "the open-files limit here is higher than max_connections can be set";
  const auto dir = std::filesystem::temp_directory_path() / "loket-nofile-test";
  const auto config = config_with_connections(dir, limit.rlim_max);
  const auto result = run_loket("serve --listen 127.0.0.1:0 --config " + config);
  EXPECT_EQ(1, result.status) << result.out;
  EXPECT_NE(std::string::npos, result.out.find("too few open files")) << result.out;
  std::filesystem::remove_all(dir);
}

TEST(Lifecycle, RefusesTheExamplesPlaceholderSecrets) {
  for (const char* name : {"LOKET_ADMIN_TOKEN", "LOKET_SESSION_SECRET"}) {
    const auto result =
        run_loket("serve --listen 127.0.0.1:0 --config " LOKET_EXAMPLE_CONTENT "/../loket.yaml",
                  {{name, "CHANGE-ME-32-OR-MORE-RANDOM-CHARACTERS"}});
    EXPECT_EQ(1, result.status) << result.out;
    EXPECT_NE(std::string::npos,
              result.out.find(std::string(name) + " is still the example's placeholder"))
        << result.out;
  }
}

}  // namespace
}  // namespace loket::testing
