#include "fake_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace loket::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;

FakeReceiver::FakeReceiver(Responder responder, std::optional<FakeTls> tls)
    : tls_(std::move(tls)), responder_(std::move(responder)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::listen(listen_fd_, 512);
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] {
    while (!stopping_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      ++accepted_;
      std::lock_guard lock(mutex_);
      open_fds_.insert(fd);
      connections_.emplace_back([this, fd] { serve(fd); });
    }
  });
}

FakeReceiver::~FakeReceiver() {
  stopping_ = true;
  acceptor_.join();
  ::close(listen_fd_);
  {
    std::lock_guard lock(mutex_);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  std::vector<std::thread> connections;
  {
    std::lock_guard lock(mutex_);
    connections.swap(connections_);
  }
  for (auto& t : connections) t.join();
}

std::string FakeReceiver::url(const std::string& path) const {
  return (tls_ ? "https://localhost:" : "http://127.0.0.1:") + std::to_string(port_) + path;
}

std::vector<ReceivedRequest> FakeReceiver::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::size_t FakeReceiver::count() const {
  std::lock_guard lock(mutex_);
  return requests_.size();
}

void FakeReceiver::set_responder(Responder responder) {
  std::lock_guard lock(mutex_);
  responder_ = std::move(responder);
}

void FakeReceiver::serve(int fd) {
  // Declared after the stream, so destroyed before it closes the socket: the destructor never
  // shuts down a descriptor number that was closed and given to something else.
  struct Forget {
    FakeReceiver* self;
    int fd;
    ~Forget() {
      std::lock_guard lock(self->mutex_);
      self->open_fds_.erase(fd);
    }
  };
  asio::io_context io;
  if (!tls_) {
    beast::tcp_stream stream(io);
    stream.socket().assign(asio::ip::tcp::v4(), fd);
    Forget forget{this, fd};
    serve_stream(stream, fd);
    return;
  }
  ssl::context context(ssl::context::tls_server);
  context.use_certificate_chain_file(tls_->certificate_file);
  context.use_private_key_file(tls_->key_file, ssl::context::pem);
  beast::ssl_stream<beast::tcp_stream> stream(io, context);
  beast::get_lowest_layer(stream).socket().assign(asio::ip::tcp::v4(), fd);
  Forget forget{this, fd};
  beast::error_code ec;
  stream.handshake(ssl::stream_base::server, ec);
  if (!ec) serve_stream(stream, fd);
  beast::error_code ignored;
  beast::get_lowest_layer(stream).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
}

template <class Stream>
void FakeReceiver::serve_stream(Stream& stream, int fd) {
  beast::flat_buffer buffer;
  while (!stopping_) {
    // Poll so that the destructor is not held up by an idle keep-alive connection. Not under
    // TLS: the stream may hold bytes it read ahead from the socket, which poll() cannot see; the
    // destructor shuts those sockets down instead.
    pollfd p{fd, POLLIN, 0};
    if (!tls_ && buffer.size() == 0 && ::poll(&p, 1, 100) <= 0) continue;
    http::request<http::string_body> req;
    beast::error_code ec;
    http::read(stream, buffer, req, ec);
    if (ec) break;
    ReceivedRequest r{std::string(req.method_string()), std::string(req.target()), req.body(), {}};
    for (const auto& f : req) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[name] = std::string(f.value());
    }
    Responder responder;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(r);
      responder = responder_;
    }
    FakeAnswer answer;
    if (responder) answer = responder(r);
    for (auto waited = std::chrono::milliseconds(0); waited < answer.delay && !stopping_;
         waited += std::chrono::milliseconds(20))
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (stopping_) break;
    http::response<http::string_body> res{static_cast<http::status>(answer.status), 11};
    for (const auto& [k, v] : answer.headers) res.set(k, v);
    res.body() = answer.body;
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    http::write(stream, res, ec);
    if (ec || !req.keep_alive()) break;
  }
  beast::error_code ignored;
  beast::get_lowest_layer(stream).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
}

}  // namespace loket::testing
