// The shared platform client over real loopback HTTP and HTTPS: certificate and host-name
// checks, connection reuse, timeouts against a hanging platform, the response size limit.
#include <gtest/gtest.h>

#include <boost/asio.hpp>

#include <cstdlib>

#include "connectors/http_client.h"
#include "fake_receiver.h"

namespace loket::testing {
namespace {

namespace asio = boost::asio;
using connectors::HttpClient;
using connectors::HttpRequest;
using connectors::HttpResponse;

const std::string kTlsDir = std::string(LOKET_TEST_DATA) + "/tls/";
const FakeTls kTls{kTlsDir + "server.pem", kTlsDir + "server.key"};

// SSL_CERT_FILE is read when a client's TLS context is made: set before each client.
struct TrustTestCa {
  explicit TrustTestCa(bool trust) {
    if (trust)
      ::setenv("SSL_CERT_FILE", (kTlsDir + "ca.pem").c_str(), 1);
    else
      ::unsetenv("SSL_CERT_FILE");
  }
  ~TrustTestCa() { ::unsetenv("SSL_CERT_FILE"); }
};

// One io_context for the whole process: pooled connections belong to the context that made them.
asio::io_context io;

boost::system::result<HttpResponse> run(HttpClient& client, HttpRequest request) {
  io.restart();
  boost::system::result<HttpResponse> out = boost::system::error_code(asio::error::in_progress);
  asio::co_spawn(io, client.send(std::move(request)), [&](std::exception_ptr e, auto r) {
    if (e) std::rethrow_exception(e);
    out = std::move(r);
  });
  io.run();
  return out;
}

HttpRequest get(const std::string& url) {
  HttpRequest r;
  r.method = "GET";
  r.url = url;
  return r;
}

TEST(HttpClient, HttpsWithATrustedCertificateWorksAndReusesTheConnection) {
  TrustTestCa trust(true);
  FakeReceiver platform(
      [](const ReceivedRequest& r) {
        return FakeAnswer{
            200, R"({"ok":true,"path":")" + r.target + "\"}", {{"X-RateLimit-Remaining", "299"}}};
      },
      kTls);
  HttpClient client(std::chrono::seconds(5));
  for (int i = 0; i < 3; ++i) {
    auto r = run(client, get(platform.url("/api/v1/x?y=1")));
    ASSERT_TRUE(r) << i << ": " << r.error().message();
    EXPECT_EQ(r->status, 200u);
    EXPECT_EQ(r->body, R"({"ok":true,"path":"/api/v1/x?y=1"})");
    EXPECT_EQ(r->header("x-ratelimit-remaining"), "299");
  }
  EXPECT_EQ(platform.count(), 3u);
  EXPECT_EQ(platform.connections(), 1u);
}

TEST(HttpClient, HttpsRefusesAnUntrustedCertificate) {
  TrustTestCa trust(false);  // the system store does not know the test CA
  FakeReceiver platform({}, kTls);
  HttpClient client(std::chrono::seconds(5));
  auto r = run(client, get(platform.url("/")));
  ASSERT_FALSE(r);
  EXPECT_EQ(platform.count(), 0u);
}

TEST(HttpClient, HttpsRefusesACertificateForAnotherHost) {
  TrustTestCa trust(true);
  FakeReceiver platform({}, kTls);  // the certificate names "localhost" only
  HttpClient client(std::chrono::seconds(5));
  auto r = run(client, get("https://127.0.0.1:" + std::to_string(platform.port()) + "/"));
  ASSERT_FALSE(r);
  EXPECT_EQ(platform.count(), 0u);
}

TEST(HttpClient, AHangingPlatformCostsOnlyTheTimeout) {
  FakeReceiver platform([](const ReceivedRequest&) {
    FakeAnswer a;
    a.delay = std::chrono::seconds(5);
    return a;
  });
  HttpClient client(std::chrono::milliseconds(300));
  const auto start = std::chrono::steady_clock::now();
  auto r = run(client, get(platform.url("/")));
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), asio::error::timed_out);
  EXPECT_LT(took, std::chrono::seconds(3));
}

TEST(HttpClient, ResponsesOverTheLimitAreRefused) {
  FakeReceiver platform([](const ReceivedRequest&) {
    return FakeAnswer{200, std::string(5000, 'x'), {}};
  });
  HttpClient client(std::chrono::seconds(5), 4096);
  EXPECT_FALSE(run(client, get(platform.url("/"))));
  HttpClient roomy(std::chrono::seconds(5), 8192);
  EXPECT_TRUE(run(roomy, get(platform.url("/"))));
}

TEST(HttpClient, PublicOnlyRefusesThisMachineAndPrivateNetworks) {
  FakeReceiver inside;
  HttpClient client(std::chrono::seconds(1), 1 << 20, HttpClient::Destinations::public_only);
  for (const std::string& url :
       {inside.url("/"), std::string("http://localhost:") + std::to_string(inside.port()) + "/",
        std::string("http://10.1.2.3/"), std::string("http://192.168.1.1/"),
        std::string("http://169.254.169.254/latest/meta-data"), std::string("http://[::1]/"),
        std::string("http://[64:ff9b::7f00:1]/"), std::string("http://[2002:c0a8:101::1]/"),
        std::string("http://[fd00::1]/"), std::string("http://198.18.0.1/")}) {
    auto r = run(client, get(url));
    ASSERT_FALSE(r) << url;
    EXPECT_EQ(r.error(), connectors::destination_not_public()) << url;
  }
  EXPECT_EQ(0u, inside.count());
  HttpClient any(std::chrono::seconds(1));
  EXPECT_TRUE(run(any, get(inside.url("/"))));
}

TEST(HttpClient, OnlyAbsoluteHttpUrlsAreAccepted) {
  HttpClient client(std::chrono::seconds(1));
  for (const char* url : {"ftp://example.org/", "/relative", "https://", "not a url"}) {
    auto r = run(client, get(url));
    ASSERT_FALSE(r) << url;
    EXPECT_EQ(r.error(), asio::error::invalid_argument) << url;
  }
}

}  // namespace
}  // namespace loket::testing
