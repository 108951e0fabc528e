#include "connectors/http_client.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include <map>
#include <mutex>

namespace loket::connectors {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {
// Enough for every dispatcher worker's concurrent sends to one host to find a kept-alive one.
constexpr std::size_t kMaxIdlePerHost = 512;
constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);
}  // namespace

// Idle longer than this, a kept-alive connection is more likely closed by the other side (and
// sitting in CLOSE_WAIT here) than useful: it is dropped instead of reused.
constexpr auto kMaxIdle = std::chrono::seconds(20);

struct HttpClient::Pool {
  struct Idle {
    std::unique_ptr<beast::tcp_stream> stream;
    std::chrono::steady_clock::time_point since;
  };
  std::mutex mutex;
  std::map<std::string, std::vector<Idle>> idle;

  std::unique_ptr<beast::tcp_stream> take(const std::string& key) {
    std::lock_guard lock(mutex);
    auto& list = idle[key];
    const auto now = std::chrono::steady_clock::now();
    while (!list.empty()) {
      auto entry = std::move(list.back());
      list.pop_back();
      if (now - entry.since < kMaxIdle) return std::move(entry.stream);
    }
    return nullptr;
  }
  void give(const std::string& key, std::unique_ptr<beast::tcp_stream> s) {
    std::lock_guard lock(mutex);
    auto& list = idle[key];
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(list, [&](const Idle& e) { return now - e.since >= kMaxIdle; });
    if (list.size() < kMaxIdlePerHost) list.push_back({std::move(s), now});
  }
};

HttpClient::HttpClient(std::chrono::milliseconds timeout, std::size_t max_response_bytes)
    : timeout_(timeout), max_response_bytes_(max_response_bytes), pool_(std::make_unique<Pool>()) {}

HttpClient::~HttpClient() = default;

asio::awaitable<boost::system::result<HttpResponse>> HttpClient::post(
    std::string_view url, std::string body, std::string content_type,
    std::vector<std::pair<std::string, std::string>> headers) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || parsed->scheme() != "http" || parsed->host().empty())
    co_return boost::system::error_code(asio::error::invalid_argument);
  const std::string host = parsed->host();
  const std::string port = parsed->has_port() ? std::string(parsed->port()) : "80";
  std::string target = parsed->encoded_target().empty() ? "/" : std::string(parsed->encoded_target());
  const std::string key = host + ":" + port;

  http::request<http::string_body> req{http::verb::post, target, 11};
  req.set(http::field::host, parsed->has_port() ? key : host);
  req.set(http::field::user_agent, "loket");
  req.set(http::field::content_type, content_type);
  for (auto& [name, value] : headers) req.set(name, value);
  req.keep_alive(true);
  req.body() = std::move(body);
  req.prepare_payload();

  auto executor = co_await asio::this_coro::executor;
  // A pooled connection may have been closed by the server meanwhile: one fresh retry then.
  for (int round = 0; round < 2; ++round) {
    auto stream = round == 0 ? pool_->take(key) : nullptr;
    const bool reused = stream != nullptr;
    if (!stream) {
      stream = std::make_unique<beast::tcp_stream>(executor);
      tcp::resolver resolver(executor);
      auto [rec, endpoints] = co_await resolver.async_resolve(host, port, use_nothrow);
      if (rec) co_return rec;
      stream->expires_after(timeout_);
      auto [cec, ep] = co_await stream->async_connect(endpoints, use_nothrow);
      if (cec) co_return cec;
      beast::error_code ignored;
      stream->socket().set_option(tcp::no_delay(true), ignored);
    }
    stream->expires_after(timeout_);
    auto [wec, written] = co_await http::async_write(*stream, req, use_nothrow);
    if (wec) {
      if (reused) continue;
      co_return wec;
    }
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(max_response_bytes_);
    auto [rec, read] = co_await http::async_read(*stream, buffer, parser, use_nothrow);
    if (rec) {
      if (reused && (rec == http::error::end_of_stream || rec == asio::error::connection_reset ||
                     rec == asio::error::eof))
        continue;
      co_return rec;
    }
    auto& res = parser.get();
    HttpResponse out{res.result_int(), std::move(res.body()),
                     std::string(res[http::field::retry_after])};
    if (res.keep_alive()) {
      stream->expires_never();
      pool_->give(key, std::move(stream));
    }
    co_return out;
  }
  co_return boost::system::error_code(asio::error::connection_reset);
}

}  // namespace loket::connectors
