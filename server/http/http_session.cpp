// One HTTP connection as one coroutine: wait for a request (idle timeout), read it whole under
// the request timeout and the size limits, answer, repeat while keep-alive. Upgrades to WebSocket
// hand the connection over to the chat socket.
#include "server/http/http_session.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/parse.hpp>

#include <cstdio>
#include <random>

#include "server/common/log.h"
#include "server/common/logged_executor.h"

namespace loket::server {
namespace {

using Clock = std::chrono::steady_clock;

// The request's id for the logs: the caller's X-Request-Id when it is a plain token (a proxy's
// id ties its log to ours), else a new one. Echoed in the response to a caller that sent one.
std::string request_id_of(const Request& request) {
  const std::string_view given = request["X-Request-Id"];
  const bool plain =
      !given.empty() && given.size() <= 64 && std::all_of(given.begin(), given.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
      });
  if (plain) return std::string(given);
  // Twelve hex digits: unique enough to find a request in a day's log, short enough to need no
  // allocation.
  thread_local std::mt19937_64 random{std::random_device{}()};
  char id[13];
  std::snprintf(id, sizeof id, "%012llx",
                static_cast<unsigned long long>(random() & 0xFFFFFFFFFFFFull));
  return id;
}

// `base`: the hosted municipality's prefix the request came under (taken off its target).
void log_request(const Request& request, std::string_view base, std::string_view id,
                 std::string_view client, unsigned status, Clock::time_point start,
                 const RequestNote& note) {
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  const std::string_view target = request.target();
  const std::string path =
      std::string(base).append(target.substr(0, std::min(target.find('?'), std::size_t{200})));
  const std::string_view method = request.method_string();
  if (note.chat) {
    log::info("request", {{"method", method},
                          {"path", path},
                          {"client", client},
                          {"status", status},
                          {"duration_ms", ms},
                          {"request_id", id},
                          {"intent", note.intent.empty() ? "-" : note.intent},
                          {"confidence", note.confidence}});
  } else {
    log::info("request", {{"method", method},
                          {"path", path},
                          {"client", client},
                          {"status", status},
                          {"duration_ms", ms},
                          {"request_id", id}});
  }
}

// The label a request is counted under in /metrics: its route's, or one for all the others.
std::string_view metrics_label(const Route* route) {
  return route != nullptr ? route->label : "other";
}

// Sends a short error and closes: used when the request cannot be read to its end. Logged as
// `site`'s (the process's while the municipality is not known yet), and counted as the
// municipality's once known (in a hosting process, not before: the process's site counts into
// the first municipality's figures), from `start`, when its first bytes came.
asio::awaitable<void> refuse(beast::tcp_stream& stream, http::status status, std::string_view why,
                             const Site& site, Clock::time_point start,
                             const Route* route = nullptr) {
  auto res = json_error(status, 11, false, why);
  stream.expires_after(std::chrono::seconds(5));
  auto [ec, n] = co_await http::async_write(stream, res, use_nothrow);
  {
    const log::MunicipalityScope named(site.municipality);
    log::info("request", {{"status", static_cast<unsigned>(status)}, {"refused", why}});
  }
  if (site.municipality != nullptr || site.hosted.empty())
    site.metrics.observe_request(metrics_label(route), static_cast<unsigned>(status),
                                 Clock::now() - start);
  if (ec) co_return;
  // Lingering close: closing with unread input makes the kernel send a reset, which can destroy
  // the answer before the client reads it. Read and drop what is in flight, briefly and boundedly.
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.expires_after(std::chrono::seconds(2));
  std::array<char, 16 * 1024> sink;
  for (std::size_t drained = 0; drained < 4 * 1024 * 1024;) {
    auto [read_ec, read] = co_await stream.async_read_some(asio::buffer(sink), use_nothrow);
    if (read_ec) break;
    drained += read;
  }
}

// The route of a request's target, by its path without the query; null when none serves it.
const Route* route_of(const RouteTable& routes, std::string_view target) {
  auto parsed = boost::urls::parse_origin_form(target);
  return parsed ? routes.find(parsed->path()) : nullptr;
}

// Cancels the stream's reads once `timeout` has passed, without closing the socket (as the
// stream's own expiry would), so that the 408 can still be written. On the connection's thread
// (each connection lives on one io_context run by one thread).
class ReadDeadline {
 public:
  ReadDeadline(beast::tcp_stream& stream, std::chrono::steady_clock::duration timeout)
      : timer_(stream.get_executor(), timeout) {
    timer_.async_wait([&stream, state = state_](beast::error_code ec) {
      if (ec || state->over) return;
      state->passed = true;
      beast::error_code ignored;
      stream.socket().cancel(ignored);
    });
  }
  ~ReadDeadline() {
    state_->over = true;  // a wait that completed but has not run yet must not touch the stream
    timer_.cancel();
  }
  ReadDeadline(const ReadDeadline&) = delete;
  ReadDeadline& operator=(const ReadDeadline&) = delete;

  bool passed() const { return state_->passed; }

 private:
  struct State {
    bool passed = false, over = false;
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
  asio::steady_timer timer_;
};

// What reading one request came to: a request to answer, a WebSocket upgrade to hand over, or
// the end of the connection (closed, timed out, or refused with an answer already sent).
struct Incoming {
  enum class Kind { request, upgrade, done } kind = Kind::done;
  Request request;
  const Site* site = nullptr;  // whose request it is (a hosted municipality's)
  const Route* route = nullptr;
  std::optional<Staff> staff;
  std::string base_path;
  Clock::time_point start;  // when its first bytes came
};

// A hosted municipality's path without its slash: the same path with it, so that the page's
// relative links resolve under the prefix.
asio::awaitable<void> redirect_to(beast::tcp_stream& stream, std::string_view location) {
  http::response<http::string_body> res{http::status::permanent_redirect, 11};
  res.set(http::field::location, location);
  res.set(http::field::content_type, "text/plain; charset=utf-8");
  res.body() = "see " + std::string(location) + "\n";
  res.keep_alive(false);
  res.prepare_payload();
  stream.expires_after(std::chrono::seconds(5));
  co_await http::async_write(stream, res, use_nothrow);
}

// Which municipality's Site answers; false when the request was answered here (a redirect, an
// unknown municipality).
// `proxied`: from a trusted proxy, whose X-Forwarded-Host (its first entry) names the host the
// client asked for.
asio::awaitable<bool> choose_hosted_site(beast::tcp_stream& stream, const Site& site,
                                         Request& header, bool proxied, Incoming& in) {
  in.site = &site;
  if (site.hosted.empty()) co_return true;
  std::string_view host = header[http::field::host];
  if (const std::string_view forwarded = header["X-Forwarded-Host"]; proxied && !forwarded.empty())
    host = forwarded.substr(0, forwarded.find(','));
  while (!host.empty() && host.front() == ' ') host.remove_prefix(1);
  while (!host.empty() && host.back() == ' ') host.remove_suffix(1);
  SiteChoice choice = choose_site(site.hosted, header.target(), host);
  if (choice.kind == SiteChoice::Kind::unknown) {
    const std::string why = "no municipality by that name under /m/";
    co_await refuse(stream, http::status::not_found, why, site, in.start);
    co_return false;
  }
  if (choice.kind == SiteChoice::Kind::elsewhere) {
    const std::string why = elsewhere_problem(*choice.hosted);
    co_await refuse(stream, http::status::not_found, why, site, in.start);
    co_return false;
  }
  if (choice.kind == SiteChoice::Kind::redirect) {
    co_await redirect_to(stream, choice.target);
    co_return false;
  }
  in.site = choice.hosted->site;
  in.base_path = std::move(choice.base_path);
  if (!in.base_path.empty()) header.target(choice.target);
  co_return true;
}

// Answers a header read that failed, where an answer can still reach the client.
asio::awaitable<void> refuse_header(beast::tcp_stream& stream, beast::error_code ec,
                                    const Site& site, Clock::time_point start) {
  // Messages for refuse() are named locals: GCC 12 destroys temporaries with non-trivial
  // destructors twice when they sit in a co_await expression.
  if (ec == http::error::header_limit) {
    co_await refuse(stream, http::status::request_header_fields_too_large,
                    "request headers are larger than 16 KiB", site, start);
  } else if (ec && ec != beast::error::timeout && ec != http::error::end_of_stream &&
             ec != asio::error::eof && ec != asio::error::connection_reset &&
             ec != asio::error::operation_aborted) {
    const std::string why = "malformed HTTP request: " + ec.message();
    co_await refuse(stream, http::status::bad_request, why, site, start);
  }
}

// `work` as it is for the only municipality; a hosted one's runs as its own coroutine on an
// executor that names the municipality on each line it logs. Not a coroutine itself.
template <typename T>
asio::awaitable<T> named_for(const Site& site, const asio::any_io_executor& executor,
                             asio::awaitable<T> work) {
  if (site.municipality == nullptr) return work;
  return asio::co_spawn(logged_as(executor, site.municipality), std::move(work),
                        asio::use_awaitable);
}

// Reads one request under the request timeout and the size limits. A staff route's token is
// checked on the headers alone, so an unauthorised body is never read; the route decides the
// body limit, and the route is known only after the header.
asio::awaitable<Incoming> read_request(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                       const Site& site, bool proxied, Clock::time_point start) {
  const config::Limits& limits = site.limits;
  Incoming in;
  in.start = start;
  const std::string too_slow =
      "request not received within " + std::to_string(limits.request_timeout.count()) + " s";
  ReadDeadline deadline(stream, limits.request_timeout);
  // A backstop only: the deadline cancels the reads first.
  stream.expires_after(limits.request_timeout + std::chrono::seconds(5));
  http::request_parser<http::string_body> parser;
  parser.header_limit(kMaxHeaderBytes);
  // The route's limit is set once the route is known, before any of the body is read: a
  // Content-Length over it is refused with that limit, not the largest of all.
  parser.body_limit(boost::none);
  auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, use_nothrow);
  if (ec && deadline.passed()) {
    co_await refuse(stream, http::status::request_timeout, too_slow, site, in.start);
    co_return in;
  }
  if (ec) {
    co_await refuse_header(stream, ec, site, in.start);
    co_return in;
  }
  auto choosing = choose_hosted_site(stream, site, parser.get(), proxied, in);
  if (!co_await std::move(choosing)) co_return in;
  const Site& chosen = *in.site;
  in.route = route_of(in.site->routes, parser.get().target());
  if (in.route != nullptr && !in.route->role.empty()) {
    auto checking = named_for(*in.site, stream.get_executor(), in.site->authenticate(parser.get()));
    Refusable<Staff> checked = co_await std::move(checking);
    if (!checked) {
      const Refusal refusal = checked.error();
      co_await refuse(stream, static_cast<http::status>(refusal.status), refusal.message, chosen,
                      in.start, in.route);
      co_return in;
    }
    in.staff = std::move(*checked);
  }
  const std::size_t body_limit =
      in.route != nullptr && in.route->large_body ? limits.max_import_bytes : limits.max_body_bytes;
  const std::string too_large = "body is larger than " + std::to_string(body_limit) + " bytes";
  if (auto length = parser.content_length(); length && *length > body_limit) {
    co_await refuse(stream, http::status::payload_too_large, too_large, chosen, in.start, in.route);
    co_return in;
  }
  if (const std::string_view coding = parser.get()[http::field::transfer_encoding];
      !coding.empty() && !beast::iequals(coding, "chunked")) {
    // Only chunked is undone here; a body in another coding would be taken as it is.
    const std::string why = "Transfer-Encoding '" + std::string(coding.substr(0, 64)) +
                            "' is not supported: send the body as it is, or chunked";
    co_await refuse(stream, http::status::not_implemented, why, chosen, in.start, in.route);
    co_return in;
  }
  parser.body_limit(body_limit);
  if (in.route != nullptr && in.route->upgrade && websocket::is_upgrade(parser.get())) {
    in.kind = Incoming::Kind::upgrade;
    in.request = parser.release();
    co_return in;
  }
  if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
    http::response<http::empty_body> go_on{http::status::continue_, 11};
    co_await http::async_write(stream, go_on, use_nothrow);
  }
  if (!deadline.passed())
    std::tie(ec, n) = co_await http::async_read(stream, buffer, parser, use_nothrow);
  if (deadline.passed()) {
    co_await refuse(stream, http::status::request_timeout, too_slow, chosen, in.start, in.route);
    co_return in;
  }
  if (ec == http::error::body_limit) {
    co_await refuse(stream, http::status::payload_too_large, too_large, chosen, in.start, in.route);
  } else if (ec && ec != http::error::end_of_stream && ec != http::error::partial_message &&
             ec != asio::error::eof && ec != asio::error::connection_reset &&
             ec != asio::error::operation_aborted && ec != beast::error::timeout) {
    const std::string why = "malformed HTTP request body: " + ec.message();
    co_await refuse(stream, http::status::bad_request, why, chosen, in.start, in.route);
  }
  if (ec) co_return in;
  in.kind = Incoming::Kind::request;
  in.request = parser.release();
  co_return in;
}

Response not_found(const Request& request) {
  auto target = boost::urls::parse_origin_form(request.target());
  if (!target)
    return json_error(http::status::bad_request, request.version(), request.keep_alive(),
                      "request target is not a valid path");
  const std::string path = target->path();
  return json_error(http::status::not_found, request.version(), request.keep_alive(),
                    "no such path: " + path.substr(0, 200));
}

// The answer when no handler is asked: 404 without a route, 405 for a method the route does not
// take (staff routes check that themselves, after the role, so that it is audited).
std::optional<Response> answer_without_handler(const Incoming& in) {
  if (in.route == nullptr) {
    // "/admin/" for the page at "/admin": sent there, where its relative links resolve.
    const auto target = boost::urls::parse_origin_form(in.request.target());
    const bool reads =
        in.request.method() == http::verb::get || in.request.method() == http::verb::head;
    if (reads && target && target->path().size() > 1 && target->path().ends_with('/')) {
      const std::string path = target->path();
      const std::string page = path.substr(0, path.size() - 1);
      if (const Route* route = in.site->routes.find(page);
          route != nullptr && allows(*route, "GET")) {
        Response moved = make_response(http::status::permanent_redirect, in.request,
                                       "text/plain; charset=utf-8", "see " + page + "\n");
        moved.set(http::field::location,
                  in.base_path + page +
                      (target->has_query() ? "?" + std::string(target->encoded_query()) : ""));
        return moved;
      }
    }
    return not_found(in.request);
  }
  if (in.route->role.empty() && !allows(*in.route, in.request.method_string()))
    return method_not_allowed(in.request, in.route->methods);
  return std::nullopt;
}

std::optional<asio::ip::address> peer_of(const beast::tcp_stream& stream) {
  beast::error_code ec;
  const auto remote = stream.socket().remote_endpoint(ec);
  if (ec) return std::nullopt;
  return remote.address();
}

}  // namespace

asio::awaitable<void> run_http_session(tcp::socket socket, const Site& site) {
  auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
  auto closer = [weak = std::weak_ptr<beast::tcp_stream>(stream)] {
    if (auto s = weak.lock())
      asio::post(s->get_executor(), [s] {
        beast::error_code ignored;
        s->socket().shutdown(tcp::socket::shutdown_both, ignored);
        s->socket().close(ignored);
      });
  };
  ConnectionTracker::Handle connection = site.tracker.add(closer);
  if (!connection) {
    co_await refuse(*stream, http::status::service_unavailable,
                    "the server is at its connection limit or stopping; try again shortly", site,
                    Clock::now());
    co_return;
  }
  const auto peer = peer_of(*stream);
  // Behind a trusted proxy each request names its own client; otherwise the peer is the client.
  const bool proxied = peer && site.proxies.trusts(*peer);
  const std::string peer_address = peer ? peer->to_string() : std::string();
  std::string client = peer_address;
  const asio::any_io_executor stream_executor = stream->get_executor();
  beast::flat_buffer buffer;
  for (;;) {
    if (buffer.size() == 0) {
      if (!connection.enter_idle()) break;
      stream->expires_after(site.limits.idle_timeout);
      auto [ec, n] = co_await stream->async_read_some(buffer.prepare(4096), use_nothrow);
      connection.leave_idle();
      if (ec) break;
      buffer.commit(n);
    }
    const auto start = Clock::now();
    auto reading = read_request(*stream, buffer, site, proxied, start);
    Incoming in = co_await std::move(reading);
    if (in.kind == Incoming::Kind::done) break;
    if (proxied) client = site.proxies.client_of(*peer, in.request);
    if (in.kind == Incoming::Kind::upgrade) {
      stream->expires_never();
      // The socket moves to the WebSocket session, which registers itself.
      beast::tcp_stream moved(std::move(*stream));
      connection.reset();
      auto upgraded = named_for(*in.site, stream_executor,
                                in.route->upgrade(std::move(moved), std::move(in.request), client));
      co_await std::move(upgraded);
      co_return;
    }
    RequestNote note;
    const std::string base_path = in.base_path;
    std::optional<Response> early = answer_without_handler(in);
    Response response;
    if (early) {
      response = std::move(*early);
    } else {
      RequestContext context{*in.route, client, std::move(in.staff), {}, std::move(in.base_path)};
      auto handled = named_for(*in.site, stream_executor, in.route->handler(in.request, context));
      response = co_await std::move(handled);
      note = std::move(context.note);
    }
    const std::string request_id = request_id_of(in.request);
    // A caller that sends an id (a proxy) gets back the one the log uses; others need none.
    if (in.request.count("X-Request-Id") > 0) response.set("X-Request-Id", request_id);
    response.keep_alive(response.keep_alive() && !site.tracker.stopping());
    const bool keep_alive = response.keep_alive();
    const unsigned status = response.result_int();
    stream->expires_after(site.limits.request_timeout);
    auto [ec, n] = co_await http::async_write(*stream, response, use_nothrow);
    {
      const log::MunicipalityScope municipality(in.site->municipality);
      log_request(in.request, base_path, request_id, client, status, start, note);
    }
    // Labels stay few whatever paths are asked for.
    in.site->metrics.observe_request(metrics_label(in.route), status, Clock::now() - start);
    if (ec || !keep_alive) break;
  }
  beast::error_code ignored;
  stream->socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace loket::server
