// Test support: an HTTP or HTTPS server on 127.0.0.1 standing in for a webhook receiver or a
// platform. Records every request; answers through a function of the request (which may take
// its time: a hanging platform). Thread per connection; all methods are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace loket::testing {

struct ReceivedRequest {
  std::string method, target, body;
  std::map<std::string, std::string> headers;  // lower-case names
};

struct FakeAnswer {
  unsigned status = 200;
  std::string body;
  std::map<std::string, std::string> headers;
  std::chrono::milliseconds delay{0};  // before answering: a slow or hanging platform
};

// Serve HTTPS with this certificate chain and key (PEM files).
struct FakeTls {
  std::string certificate_file, key_file;
};

class FakeReceiver {
 public:
  using Responder = std::function<FakeAnswer(const ReceivedRequest&)>;

  explicit FakeReceiver(Responder responder = {}, std::optional<FakeTls> tls = std::nullopt);
  ~FakeReceiver();

  unsigned short port() const { return port_; }
  std::string url(const std::string& path = "/hook") const;
  std::vector<ReceivedRequest> requests() const;
  std::size_t count() const;
  std::size_t connections() const { return accepted_; }
  void set_responder(Responder responder);

 private:
  void serve(int fd);
  template <class Stream>
  void serve_stream(Stream& stream, int fd);

  int listen_fd_ = -1;
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> accepted_{0};
  std::optional<FakeTls> tls_;
  std::thread acceptor_;
  mutable std::mutex mutex_;
  Responder responder_;
  std::vector<ReceivedRequest> requests_;
  std::vector<std::thread> connections_;
  std::set<int> open_fds_;
};

}  // namespace loket::testing
