// Load generator for loket over loopback: N keep-alive connections send one request after
// another for a fixed time; prints requests per second and latency percentiles as JSON.
// Usage: loket_http_bench --port P [--path /healthz] [--body JSON] [--connections 64]
//        [--seconds 10] [--threads 1] [--keep-session 1] [--host-headers a.example,b.example]
// With --keep-session 1 each connection is one resident: the body's "session" (leave it out of
// --body) is the one loket issued in the connection's first reply, as the widget keeps it.
// With --host-headers the connections take the listed Host headers in turn (one municipality
// each in a hosting file).
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Results {
  std::mutex mutex;
  std::vector<double> latencies_us;
  std::size_t errors = 0;
};

// The session in a chat reply, which starts {"session":"...".
std::string issued_session(const std::string& reply) {
  const std::string key = "{\"session\":\"";
  if (reply.rfind(key, 0) != 0) return {};
  const auto end = reply.find('"', key.size());
  return end == std::string::npos ? std::string() : reply.substr(key.size(), end - key.size());
}

asio::awaitable<void> client(tcp::endpoint endpoint, http::request<http::string_body> req,
                             bool keep_session, Clock::time_point warmup_end, Clock::time_point end,
                             Results& results) {
  const std::string body = req.body();
  std::vector<double> mine;
  std::size_t errors = 0;
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  stream.expires_after(std::chrono::seconds(10));
  co_await stream.async_connect(endpoint, asio::use_awaitable);
  stream.socket().set_option(tcp::no_delay(true));
  beast::flat_buffer buffer;
  while (Clock::now() < end) {
    auto start = Clock::now();
    stream.expires_after(std::chrono::seconds(10));
    auto [wec, wn] = co_await http::async_write(stream, req, asio::as_tuple(asio::use_awaitable));
    http::response<http::string_body> res;
    auto [rec, rn] =
        co_await http::async_read(stream, buffer, res, asio::as_tuple(asio::use_awaitable));
    if (wec || rec) {
      ++errors;
      break;
    }
    if (res.result_int() != 200) ++errors;
    if (keep_session && req.body() == body) {
      if (const auto session = issued_session(res.body()); !session.empty()) {
        req.body() = "{\"session\":\"" + session + "\"," + body.substr(1);
        req.prepare_payload();
      }
    }
    if (start >= warmup_end)
      mine.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  std::lock_guard lock(results.mutex);
  results.latencies_us.insert(results.latencies_us.end(), mine.begin(), mine.end());
  results.errors += errors;
}

int main(int argc, char** argv) {
  std::map<std::string, std::string> args{
      {"path", "/healthz"},  {"connections", "64"}, {"seconds", "10"},    {"threads", "1"},
      {"host", "127.0.0.1"}, {"warmup", "1"},       {"keep-session", "0"}};
  for (int i = 1; i + 1 < argc; i += 2) args[std::string(argv[i]).substr(2)] = argv[i + 1];
  if (!args.count("port")) {
    std::cerr << "usage: loket_http_bench --port P [--path P] [--body JSON] [--connections N] "
                 "[--seconds S] [--threads T] [--keep-session 1] [--host-headers H1,H2]\n";
    return 2;
  }
  tcp::endpoint endpoint(asio::ip::make_address(args["host"]),
                         static_cast<unsigned short>(std::stoi(args["port"])));
  http::request<http::string_body> req{args.count("body") ? http::verb::post : http::verb::get,
                                       args["path"], 11};
  req.set(http::field::host, args["host"]);
  if (args.count("body")) {
    req.set(http::field::content_type, "application/json");
    req.body() = args["body"];
  }
  req.prepare_payload();

  const int connections = std::stoi(args["connections"]);
  const int threads = std::stoi(args["threads"]);
  const auto warmup = std::chrono::seconds(std::stoi(args["warmup"]));
  const auto seconds = std::chrono::seconds(std::stoi(args["seconds"]));
  asio::io_context io;
  Results results;
  std::vector<std::string> host_headers;
  std::istringstream listed(args.count("host-headers") ? args["host-headers"] : args["host"]);
  for (std::string h; std::getline(listed, h, ',');) host_headers.push_back(h);
  const auto start = Clock::now();
  for (int c = 0; c < connections; ++c) {
    auto own = req;
    own.set(http::field::host, host_headers[static_cast<std::size_t>(c) % host_headers.size()]);
    asio::co_spawn(io,
                   client(endpoint, std::move(own), args["keep-session"] == "1", start + warmup,
                          start + warmup + seconds, results),
                   [&results](std::exception_ptr e) {
                     if (e) {
                       std::lock_guard lock(results.mutex);
                       ++results.errors;
                     }
                   });
  }
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();

  auto& l = results.latencies_us;
  std::sort(l.begin(), l.end());
  auto pct = [&](double p) {
    return l.empty() ? 0.0 : l[std::min(l.size() - 1, static_cast<std::size_t>(p * l.size()))];
  };
  const double rps = static_cast<double>(l.size()) / static_cast<double>(seconds.count());
  std::printf(
      "{\"path\": \"%s\", \"connections\": %d, \"seconds\": %lld, \"requests\": %zu, "
      "\"errors\": %zu, \"rps\": %.0f, \"p50_ms\": %.3f, \"p90_ms\": %.3f, \"p99_ms\": %.3f, "
      "\"p999_ms\": %.3f}\n",
      args["path"].c_str(), connections, static_cast<long long>(seconds.count()), l.size(),
      results.errors, rps, pct(0.5) / 1000, pct(0.9) / 1000, pct(0.99) / 1000, pct(0.999) / 1000);
  return results.errors == 0 ? 0 : 1;
}
