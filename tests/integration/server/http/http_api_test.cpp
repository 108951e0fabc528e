// The real `loket serve` over loopback HTTP: the chat API, probes, static files, and every kind
// of bad input, none of which may crash or stall the server.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/json.hpp>

#include "server_process.h"

namespace loket::testing {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using tcp = asio::ip::tcp;

class HttpApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(
        "limits: {idle_timeout_s: 1, request_timeout_s: 1, chat_per_client_per_minute: 0, "
        "chat_per_session_per_minute: 0}\n");
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(0, server_->stop(SIGTERM)) << server_->log();
    delete server_;
  }
  void TearDown() override {
    // Whatever the test did, the server must still answer.
    EXPECT_EQ(200u, http_request(server_->port(), http::verb::get, "/healthz").status);
  }

  static HttpReply chat(const std::string& body) {
    return http_request(server_->port(), http::verb::post, "/api/v1/chat", body);
  }
  static std::string error_of(const HttpReply& r) {
    return std::string(json::parse(r.body).as_object().at("error").as_string());
  }

  // Sends raw bytes and returns everything the server answers until it closes (or 5 s pass).
  static std::string raw_exchange(const std::string& bytes) {
    asio::io_context io;
    tcp::socket socket(io);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
    asio::write(socket, asio::buffer(bytes));
    std::string answer;
    char buf[4096];
    boost::system::error_code ec;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    socket.non_blocking(true);
    while (std::chrono::steady_clock::now() < deadline) {
      auto n = socket.read_some(asio::buffer(buf), ec);
      if (ec == asio::error::would_block) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      if (ec) break;
      answer.append(buf, n);
    }
    return answer;
  }

  static ServerProcess* server_;
};

ServerProcess* HttpApiTest::server_ = nullptr;

TEST_F(HttpApiTest, ProbesAnswerWhileServing) {
  EXPECT_EQ(200u, http_request(server_->port(), http::verb::get, "/healthz").status);
  auto ready = http_request(server_->port(), http::verb::get, "/readyz");
  EXPECT_EQ(200u, ready.status);
  EXPECT_EQ("ready", json::parse(ready.body).at("status"));
}

TEST_F(HttpApiTest, CrossValidationChoosesTheThresholdSanitizedBuildsAreGiven) {
  if (kTrainingSlowdown > 1) GTEST_SKIP() << "this build gives the example its threshold";
  EXPECT_TRUE(server_->wait_for_log("threshold=" + std::string(kExampleThreshold) + " "))
      << server_->log();
}

TEST_F(HttpApiTest, AnswersInTheResidentsLanguage) {
  auto nl = chat(R"({"session":"it-1","text":"Hoe vraag ik een paspoort aan?"})");
  ASSERT_EQ(200u, nl.status) << nl.body;
  auto reply = json::parse(nl.body).as_object();
  EXPECT_EQ("nl", reply["lang"]);
  EXPECT_EQ("paspoort-aanvragen", reply["intent"]);
  EXPECT_GT(reply["confidence"].to_number<double>(), 0.5);
  EXPECT_FALSE(reply["messages"].as_array().empty());
  EXPECT_EQ("application/json", nl.headers[http::field::content_type]);

  auto en = json::parse(chat(R"({"session":"it-2","text":"How do I renew my passport?"})").body);
  EXPECT_EQ("en", en.at("lang"));
  EXPECT_EQ("paspoort-aanvragen", en.at("intent"));
}

TEST_F(HttpApiTest, RejectsBadChatRequestsWith400) {
  struct Case {
    std::string body;
    std::string want;
  } cases[] = {
      {"{\"text\": ", "not valid JSON"},
      {R"({"session":"it"})", "'text' is missing or empty"},
      {R"({"session":"it","text":""})", "'text' is missing or empty"},
      {R"({"session":"it","text":")" + std::string(1001, 'x') + "\"}", "longer than 1000"},
      // PostgreSQL cannot store it: once it cost a whole second of other residents' log lines.
      {R"({"session":"it","text":"paspoort\u0000aanvragen"})", "'text' contains a NUL character"},
  };
  for (const auto& c : cases) {
    auto r = chat(c.body);
    EXPECT_EQ(400u, r.status) << c.body.substr(0, 40);
    EXPECT_NE(std::string::npos, error_of(r).find(c.want)) << r.body;
  }
}

TEST_F(HttpApiTest, RefusesAnOversizedBodyWithoutReadingIt) {
  // Announce 10 MB, send 1 KB: the answer must come at once, not after the whole body.
  std::string request =
      "POST /api/v1/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 10485760\r\n\r\n" +
      std::string(1024, 'a');
  auto answer = raw_exchange(request);
  EXPECT_EQ(0u, answer.rfind("HTTP/1.1 413", 0)) << answer;
  EXPECT_NE(std::string::npos, answer.find("larger than 65536 bytes"));

  // Chunked bodies have no length up front; the limit still holds.
  std::string chunked =
      "POST /api/v1/chat HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 20; ++i) chunked += "1000\r\n" + std::string(4096, 'a') + "\r\n";
  answer = raw_exchange(chunked);
  EXPECT_EQ(0u, answer.rfind("HTTP/1.1 413", 0)) << answer.substr(0, 200);

  // Over every limit at once: still the chat's own limit is named, and the refusals are counted.
  answer =
      raw_exchange("POST /api/v1/chat HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n{}");
  EXPECT_EQ(0u, answer.rfind("HTTP/1.1 413", 0)) << answer;
  EXPECT_NE(std::string::npos, answer.find("larger than 65536 bytes")) << answer;
  const auto metrics = http_request(server_->port(), http::verb::get, "/metrics");
  EXPECT_NE(std::string::npos,
            metrics.body.find("loket_requests_total{route=\"/api/v1/chat\",status=\"413\"} 3"))
      << metrics.body;
}

TEST_F(HttpApiTest, UnknownPathsAndMethodsGetJsonErrors) {
  auto missing = http_request(server_->port(), http::verb::get, "/nope");
  EXPECT_EQ(404u, missing.status);
  EXPECT_NE(std::string::npos, error_of(missing).find("/nope"));

  auto wrong = http_request(server_->port(), http::verb::get, "/api/v1/chat");
  EXPECT_EQ(405u, wrong.status);
  EXPECT_EQ("POST, OPTIONS", wrong.headers[http::field::allow]);
  EXPECT_FALSE(error_of(wrong).empty());

  EXPECT_EQ(405u, http_request(server_->port(), http::verb::delete_, "/healthz").status);
  EXPECT_EQ(426u, http_request(server_->port(), http::verb::get, "/api/v1/chat/ws").status);
  // A page asked for with a slash after its name is sent to the page.
  auto slash = http_request(server_->port(), http::verb::get, "/admin/?lang=en");
  EXPECT_EQ(308u, slash.status);
  EXPECT_EQ("/admin?lang=en", slash.headers[http::field::location]);
  EXPECT_EQ(404u, http_request(server_->port(), http::verb::get, "/api/v1/chat/").status)
      << "not an API that is no page";
}

TEST_F(HttpApiTest, RejectsMalformedHttp) {
  EXPECT_EQ(0u, raw_exchange("GARBAGE\r\n\r\n").rfind("HTTP/1.1 400", 0));
  // A body's framing that is broken, or in a coding loket does not undo, is answered too.
  const std::string chat = "POST /api/v1/chat HTTP/1.1\r\nHost: x\r\n";
  auto answer = raw_exchange(chat + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
  EXPECT_EQ(0u, answer.rfind("HTTP/1.1 400", 0)) << answer;
  EXPECT_NE(std::string::npos, answer.find("malformed HTTP request body")) << answer;
  answer = raw_exchange(chat + "Transfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}");
  EXPECT_EQ(0u, answer.rfind("HTTP/1.1 501", 0)) << answer;
  EXPECT_NE(std::string::npos, answer.find("Transfer-Encoding 'gzip' is not supported")) << answer;
  std::string huge_header =
      "GET /healthz HTTP/1.1\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n";
  EXPECT_EQ(0u, raw_exchange(huge_header).rfind("HTTP/1.1 431", 0));
}

TEST_F(HttpApiTest, ServesTheChatPageAndWidget) {
  auto page = http_request(server_->port(), http::verb::get, "/");
  EXPECT_EQ(200u, page.status);
  EXPECT_NE(std::string::npos, page.body.find("src=\"widget.js\""))
      << "relative: under a hosted municipality's /m/{id}/ as well";
  EXPECT_EQ("text/html; charset=utf-8", page.headers[http::field::content_type]);
  auto widget = http_request(server_->port(), http::verb::get, "/widget.js");
  EXPECT_EQ(200u, widget.status);
  EXPECT_NE(std::string::npos, widget.body.find("'api/v1/chat/ws'"));
}

TEST_F(HttpApiTest, TimesOutSilentAndSlowClients) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ("", raw_exchange(""));  // connects, says nothing: closed after the 1 s idle timeout
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));

  // Half a body, then silence: 408 after the 1 s request timeout (once the socket was closed
  // before the answer could be written).
  auto answer = raw_exchange(
      "POST /api/v1/chat HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"text\":");
  EXPECT_EQ(0u, answer.rfind("HTTP/1.1 408", 0)) << answer;
  EXPECT_NE(std::string::npos, answer.find("not received within 1 s")) << answer;
  // Half a header, then silence: the same.
  answer = raw_exchange("POST /api/v1/chat HTTP/1.1\r\nHost: x\r\nContent-Le");
  EXPECT_EQ(0u, answer.rfind("HTTP/1.1 408", 0)) << answer;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(8));
}

TEST_F(HttpApiTest, LogsOneLinePerRequestWithoutTheResidentsText) {
  chat(R"({"session":"it-log","text":"geheimtekst paspoort 8317"})");
  EXPECT_TRUE(server_->wait_for_log(
      "event=request method=POST path=/api/v1/chat client=127.0.0.1 status=200 duration_ms="));
  EXPECT_EQ(std::string::npos, server_->log().find("geheimtekst"))
      << "the message text must not be logged";
}

TEST_F(HttpApiTest, ExposesMetricsForPrometheus) {
  http_request(server_->port(), http::verb::get, "/healthz");
  http_request(server_->port(), http::verb::get, "/api/v1/topics");
  http_request(server_->port(), http::verb::post, "/webhooks/telegram", "{}");
  chat(R"({"session":"m-1","text":"Hoe vraag ik een paspoort aan?"})");
  chat(R"({"session":"m-1","text":"wie wint de champions league"})");
  auto metrics = http_request(server_->port(), http::verb::get, "/metrics");
  ASSERT_EQ(200u, metrics.status);
  EXPECT_EQ(0u, metrics.headers[http::field::content_type].find("text/plain; version=0.0.4"));
  for (const char* want :
       {"loket_requests_total{route=\"/healthz\",status=\"200\"}",
        "loket_requests_total{route=\"/api/v1/chat\",status=\"200\"}",
        // Every route has its own label, those of the residents' API and webhooks too.
        "loket_requests_total{route=\"/api/v1/topics\",status=\"200\"}",
        "loket_requests_total{route=\"/webhooks/telegram\",status=\"404\"}",
        "loket_request_duration_seconds_bucket{le=\"+Inf\"}",
        "loket_request_duration_seconds_count", "loket_chat_messages_total{outcome=\"answered\"}",
        "loket_chat_messages_total{outcome=\"fallback\"}",
        "loket_conversation_log_dropped_total 0"})
    EXPECT_NE(std::string::npos, metrics.body.find(want)) << want << "\n" << metrics.body;
  EXPECT_EQ(std::string::npos, metrics.body.find("champions")) << "no resident text in metrics";
}

TEST_F(HttpApiTest, KeepsServingManyConnectionsAtOnce) {
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int i = 0; i < 16; ++i)
    clients.emplace_back([&] {
      for (int k = 0; k < 10; ++k)
        if (chat(R"({"session":"load","text":"afvalkalender"})").status == 200) ++ok;
    });
  for (auto& c : clients) c.join();
  EXPECT_EQ(160, ok.load());
}

}  // namespace
}  // namespace loket::testing
