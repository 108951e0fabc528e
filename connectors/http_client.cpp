#include "connectors/http_client.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <mutex>
#include <vector>

namespace loket::connectors {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {
// Enough for every dispatcher worker's concurrent sends to one host to find a kept-alive one;
// the total keeps a client talking to many hosts (webhooks) from holding sockets without end.
constexpr std::size_t kMaxIdlePerHost = 512;
constexpr std::size_t kMaxIdleTotal = 2048;
constexpr std::size_t kMaxResponseHeaderBytes = 64 * 1024;
// Idle longer than this, a kept-alive connection is more likely closed by the other side (and
// sitting in CLOSE_WAIT here) than useful: it is dropped instead of reused.
constexpr auto kMaxIdle = std::chrono::seconds(20);
constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);

struct Connection {
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::tcp_stream& tcp() { return plain ? *plain : beast::get_lowest_layer(*tls); }
};

struct Exchanged {
  boost::system::error_code error;
  bool written = false;  // the request went out whole: the platform may have acted on it
};

// One request and its response, on the connection's own strand (timer included).
template <class Stream>
asio::awaitable<Exchanged> exchange(Stream& stream, beast::tcp_stream& tcp,
                                    std::chrono::milliseconds timeout,
                                    http::request<http::string_body>& req,
                                    http::response_parser<http::string_body>& parser) {
  tcp.expires_after(timeout);
  auto [wec, written] = co_await http::async_write(stream, req, use_nothrow);
  if (wec) co_return Exchanged{wec, false};
  beast::flat_buffer buffer;
  auto [rec, read] = co_await http::async_read(stream, buffer, parser, use_nothrow);
  if (!rec) tcp.expires_never();
  co_return Exchanged{rec, true};
}

}  // namespace

namespace {
class HttpClientCategory final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "loket.http_client"; }
  std::string message(int) const override { return "the destination is not a public address"; }
};
}  // namespace

boost::system::error_code destination_not_public() {
  static const HttpClientCategory category;
  return boost::system::error_code(1, category);
}

std::string HttpResponse::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

// Loopback, private (RFC 1918, unique local), link-local, shared (RFC 6598), multicast and
// unspecified addresses are not public.
bool is_public_v4(const asio::ip::address_v4& v4) {
  const auto b = v4.to_bytes();
  return !(v4.is_loopback() || v4.is_unspecified() || v4.is_multicast() || b[0] == 0 ||
           b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168) ||
           (b[0] == 169 && b[1] == 254) || (b[0] == 100 && (b[1] & 0xC0) == 64) ||
           (b[0] == 192 && b[1] == 0 && b[2] == 0) || (b[0] == 198 && (b[1] & 0xFE) == 18) ||
           b[0] >= 240);
}

// IPv6: global unicast (2000::/3) only, and addresses that carry an IPv4 address (v4-mapped,
// NAT64, 6to4) judged by that one; Teredo and documentation prefixes are not public.
bool is_public(const asio::ip::address& a) {
  if (!a.is_v6()) return is_public_v4(a.to_v4());
  const auto v6 = a.to_v6();
  const auto b = v6.to_bytes();
  const auto embedded = [&](int at) {
    return asio::ip::address_v4({b[at], b[at + 1], b[at + 2], b[at + 3]});
  };
  if (v6.is_v4_mapped()) return is_public_v4(asio::ip::make_address_v4(asio::ip::v4_mapped, v6));
  const bool nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b;  // 64:ff9b::/32
  if (nat64) return is_public_v4(embedded(12));
  if (b[0] == 0x20 && b[1] == 0x02) return is_public_v4(embedded(2));  // 6to4
  if ((b[0] & 0xE0) != 0x20) return false;
  const bool teredo = b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00;
  const bool documentation = b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8;
  return !teredo && !documentation;
}

// A new strand on the io_context under `executor`: not on the caller's own strand (the
// dispatcher's, say), which would tie every later user of the connection to that caller.
asio::any_io_executor without_strand(const asio::any_io_executor& executor) {
  if (auto* s = executor.target<asio::strand<asio::io_context::executor_type>>())
    return s->get_inner_executor();
  if (auto* s = executor.target<asio::strand<asio::any_io_executor>>())
    return without_strand(s->get_inner_executor());
  return executor;
}

asio::strand<asio::any_io_executor> own_strand(const asio::any_io_executor& executor) {
  return asio::strand<asio::any_io_executor>(without_strand(executor));
}

// An idle kept-alive connection the server has closed (or that has unexpected bytes waiting)
// is not reused: a request written into it could be lost without a sign of whether it arrived.
bool looks_alive(Connection& c) {
  char probe;
  const auto n = ::recv(c.tcp().socket().native_handle(), &probe, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

struct HttpClient::Impl {
  Impl(std::chrono::milliseconds timeout, std::size_t max_response_bytes, Destinations destinations)
      : timeout(timeout),
        max_response_bytes(max_response_bytes),
        destinations(destinations),
        tls(ssl::context::tls_client) {
    tls.set_default_verify_paths();
    tls.set_verify_mode(ssl::verify_peer);
    tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  }

  struct Idle {
    std::unique_ptr<Connection> connection;
    std::chrono::steady_clock::time_point since;
  };
  std::chrono::milliseconds timeout;
  std::size_t max_response_bytes;
  Destinations destinations;
  ssl::context tls;
  std::mutex mutex;
  std::map<std::string, std::vector<Idle>> idle;
  std::size_t idle_total = 0;

  std::unique_ptr<Connection> take(const std::string& key) {
    std::lock_guard lock(mutex);
    auto it = idle.find(key);
    if (it == idle.end()) return nullptr;
    const auto now = std::chrono::steady_clock::now();
    std::unique_ptr<Connection> found;
    while (!it->second.empty() && !found) {
      auto entry = std::move(it->second.back());
      it->second.pop_back();
      --idle_total;
      if (now - entry.since < kMaxIdle && looks_alive(*entry.connection))
        found = std::move(entry.connection);
    }
    if (it->second.empty()) idle.erase(it);
    return found;
  }

  void give(const std::string& key, std::unique_ptr<Connection> c) {
    std::lock_guard lock(mutex);
    const auto now = std::chrono::steady_clock::now();
    auto& list = idle[key];
    const auto before = list.size();
    std::erase_if(list, [&](const Idle& e) { return now - e.since >= kMaxIdle; });
    idle_total -= before - list.size();
    if (list.size() < kMaxIdlePerHost && idle_total < kMaxIdleTotal) {
      list.push_back({std::move(c), now});
      ++idle_total;
    }
    if (list.empty()) idle.erase(key);
  }

  // A name lookup has no timeout of its own: a timer cancels it.
  asio::awaitable<boost::system::result<tcp::resolver::results_type>> resolve(
      const std::string& host, const std::string& port) {
    auto executor = co_await asio::this_coro::executor;
    auto resolver = std::make_shared<tcp::resolver>(executor);
    auto guard = std::make_shared<asio::steady_timer>(executor, timeout);
    guard->async_wait([resolver](const boost::system::error_code& ec) {
      if (!ec) resolver->cancel();
    });
    auto [ec, endpoints] = co_await resolver->async_resolve(host, port, use_nothrow);
    const bool expired = guard->expiry() <= std::chrono::steady_clock::now();
    guard->cancel();
    if (ec == asio::error::operation_aborted && expired) co_return asio::error::timed_out;
    if (ec) co_return ec;
    co_return endpoints;
  }

  // Connect (and TLS handshake) on the connection's own strand.
  asio::awaitable<boost::system::error_code> establish(Connection& c,
                                                       std::vector<tcp::endpoint> endpoints,
                                                       std::string host) {
    c.tcp().expires_after(timeout);
    auto [cec, ep] = co_await c.tcp().async_connect(endpoints, use_nothrow);
    if (cec) co_return cec == beast::error::timeout ? asio::error::timed_out : cec;
    beast::error_code ignored;
    c.tcp().socket().set_option(tcp::no_delay(true), ignored);
    if (c.tls) {
      // SNI, and the certificate must name this host (the chain is checked by verify_peer).
      if (!SSL_set_tlsext_host_name(c.tls->native_handle(), host.c_str()))
        co_return boost::system::error_code(static_cast<int>(::ERR_get_error()),
                                            asio::error::get_ssl_category());
      c.tls->set_verify_callback(ssl::host_name_verification(host));
      auto [hec] = co_await c.tls->async_handshake(ssl::stream_base::client, use_nothrow);
      if (hec) co_return hec == beast::error::timeout ? asio::error::timed_out : hec;
    }
    c.tcp().expires_never();
    co_return boost::system::error_code();
  }

  asio::awaitable<boost::system::result<std::unique_ptr<Connection>>> connect(
      const std::string& host, const std::string& port, bool secure) {
    auto executor = co_await asio::this_coro::executor;
    auto resolved = co_await resolve(host, port);
    if (!resolved) co_return resolved.error();
    // Checked on the addresses actually connected to, so a public name that resolves to an
    // internal address is refused too.
    std::vector<tcp::endpoint> endpoints;
    for (const auto& e : *resolved)
      if (destinations == Destinations::any || is_public(e.endpoint().address()))
        endpoints.push_back(e.endpoint());
    if (endpoints.empty()) co_return destination_not_public();
    // Each connection has its own strand, where all its operations and its timer run: callers
    // come from any executor, and a pooled connection passes from one caller to the next.
    auto strand = own_strand(executor);
    auto c = std::make_unique<Connection>();
    if (secure)
      c->tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(strand, tls);
    else
      c->plain = std::make_unique<beast::tcp_stream>(strand);
    auto op = establish(*c, std::move(endpoints), host);
    auto ec = co_await asio::co_spawn(strand, std::move(op), asio::use_awaitable);
    if (ec) co_return ec;
    co_return c;
  }
};

HttpClient::HttpClient(std::chrono::milliseconds timeout, std::size_t max_response_bytes,
                       Destinations destinations)
    : impl_(std::make_shared<Impl>(timeout, max_response_bytes, destinations)) {}

HttpClient::~HttpClient() = default;

asio::awaitable<boost::system::error_code> HttpClient::check_destination(std::string url) {
  auto impl = impl_;
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") ||
      parsed->host().empty())
    co_return boost::system::error_code(asio::error::invalid_argument);
  const bool secure = parsed->scheme() == "https";
  const std::string address = parsed->host_address();
  const std::string port = parsed->has_port() ? std::string(parsed->port()) : secure ? "443" : "80";
  auto resolved = co_await impl->resolve(address, port);
  if (!resolved) co_return resolved.error();
  if (impl->destinations == Destinations::any) co_return boost::system::error_code();
  for (const auto& e : *resolved)
    if (is_public(e.endpoint().address())) co_return boost::system::error_code();
  co_return destination_not_public();
}

asio::awaitable<boost::system::result<HttpResponse>> HttpClient::send(HttpRequest request) {
  auto impl = impl_;  // kept alive while the request runs
  auto parsed = boost::urls::parse_absolute_uri(request.url);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") ||
      parsed->host().empty())
    co_return boost::system::error_code(asio::error::invalid_argument);
  const bool secure = parsed->scheme() == "https";
  const std::string host = parsed->host();             // as in the Host header: "[::1]" for IPv6
  const std::string address = parsed->host_address();  // what to look up: "::1"
  const std::string port = parsed->has_port() ? std::string(parsed->port()) : secure ? "443" : "80";
  const std::string target =
      parsed->encoded_target().empty() ? "/" : std::string(parsed->encoded_target());
  // Per io_context as well: a pooled connection runs on the context it was made on, and callers
  // on another one (the dispatcher has its own) must not depend on that one still running.
  const auto caller = co_await asio::this_coro::executor;
  const auto& context = caller.context();
  char context_tag[32];
  std::snprintf(context_tag, sizeof context_tag, "%p ", static_cast<const void*>(&context));
  const std::string key = context_tag + std::string(parsed->scheme()) + "://" + host + ":" + port;
  const auto verb = http::string_to_verb(request.method);
  if (verb == http::verb::unknown)
    co_return boost::system::error_code(asio::error::invalid_argument);

  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, parsed->has_port() ? host + ":" + port : host);
  req.set(http::field::user_agent, "loket");
  if (!request.body.empty() || verb == http::verb::post)
    req.set(http::field::content_type, request.content_type);
  for (auto& [name, value] : request.headers) req.set(name, value);
  req.keep_alive(true);
  req.body() = std::move(request.body);
  req.prepare_payload();

  // A pooled connection may have been closed by the server meanwhile: one fresh retry then.
  for (int round = 0; round < 2; ++round) {
    auto connection = round == 0 ? impl->take(key) : nullptr;
    const bool reused = connection != nullptr;
    if (!connection) {
      auto fresh = co_await impl->connect(address, port, secure);
      if (!fresh) co_return fresh.error();
      connection = std::move(*fresh);
    }
    http::response_parser<http::string_body> parser;
    parser.header_limit(kMaxResponseHeaderBytes);
    parser.body_limit(impl->max_response_bytes);
    auto& tcp = connection->tcp();
    auto op = connection->tls ? exchange(*connection->tls, tcp, impl->timeout, req, parser)
                              : exchange(*connection->plain, tcp, impl->timeout, req, parser);
    // Named: GCC 12 destroys temporaries with destructors inside a co_await expression twice.
    const auto strand = tcp.get_executor();
    const Exchanged done = co_await asio::co_spawn(strand, std::move(op), asio::use_awaitable);
    if (const auto ec = done.error) {
      // A kept-alive connection the server had closed fails at once: send again on a fresh one.
      // Once the request went out whole, only a request that is safe to repeat is sent again.
      const bool closed = ec == http::error::end_of_stream || ec == asio::error::connection_reset ||
                          ec == asio::error::eof || ec == asio::error::broken_pipe ||
                          ec == ssl::error::stream_truncated;
      const bool repeatable =
          request.idempotent || verb == http::verb::get || verb == http::verb::head;
      if (reused && closed && (!done.written || repeatable)) continue;
      co_return ec == beast::error::timeout ? asio::error::timed_out : ec;
    }
    auto& res = parser.get();
    HttpResponse out;
    out.status = res.result_int();
    out.body = std::move(res.body());
    for (const auto& field : res) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      out.headers[name] = std::string(field.value());
    }
    if (res.keep_alive()) impl->give(key, std::move(connection));
    co_return out;
  }
  co_return boost::system::error_code(asio::error::connection_reset);
}

}  // namespace loket::connectors
