#include "server/http/listener.h"

#include "server/common/log.h"

namespace loket::server {

void log_escaped(std::exception_ptr e, std::string_view where) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    log::error("unhandled exception", {{"in", where}, {"what", ex.what()}});
  }
}

std::string listen_problem(const ListenAddress& address) {
  beast::error_code ec;
  const auto ip = asio::ip::make_address(address.host, ec);
  if (ec) return address.host + " is not an IP address";
  asio::io_context io;
  tcp::acceptor probe(io);
  const tcp::endpoint endpoint(ip, address.port);
  probe.open(endpoint.protocol(), ec);
  if (!ec) probe.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) probe.bind(endpoint, ec);
  if (ec == asio::error::address_in_use)
    return "port " + std::to_string(address.port) + " on " + address.host +
           " is in use by another program (another loket?); stop it, or choose another port "
           "with --listen (ss -ltnp shows who listens)";
  if (ec == boost::system::errc::address_not_available)
    return address.host + " is not an address of this machine";
  if (ec) return ec.message();
  return {};
}

bool open_listener(tcp::acceptor& acceptor, const ListenAddress& address, unsigned threads) {
  beast::error_code ec;
  auto ip = asio::ip::make_address(address.host, ec);
  if (ec) {
    log::error("cannot listen", {{"address", address.host}, {"error", "not an IP address"}});
    return false;
  }
  tcp::endpoint endpoint(ip, address.port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    log::error("cannot listen",
               {{"address", address.host}, {"port", address.port}, {"error", ec.message()}});
    return false;
  }
  const auto bound = acceptor.local_endpoint();
  log::info(
      "listening",
      {{"address", bound.address().to_string()}, {"port", bound.port()}, {"threads", threads}});
  return true;
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, std::function<asio::io_context&()> place,
                                  const Site& site) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(place(), use_nothrow);
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      // Out of file descriptors or similar: back off instead of spinning on the error.
      log::warn("accept failed", {{"error", ec.message()}});
      asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(50));
      co_await pause.async_wait(use_nothrow);
      continue;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto executor = socket.get_executor();
    asio::co_spawn(executor, run_http_session(std::move(socket), site),
                   [](std::exception_ptr e) { log_escaped(e, "http session"); });
  }
}

}  // namespace loket::server
