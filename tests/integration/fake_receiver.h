// Test support: an HTTP server on 127.0.0.1 standing in for a webhook receiver or a platform.
// Records every request; answers through a function of the request. Thread per connection;
// all methods are thread-safe.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
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
};

class FakeReceiver {
 public:
  using Responder = std::function<FakeAnswer(const ReceivedRequest&)>;

  explicit FakeReceiver(Responder responder = {});
  ~FakeReceiver();

  unsigned short port() const { return port_; }
  std::string url(const std::string& path = "/hook") const;
  std::vector<ReceivedRequest> requests() const;
  std::size_t count() const;
  void set_responder(Responder responder);

 private:
  void serve(int fd);

  int listen_fd_ = -1;
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  mutable std::mutex mutex_;
  Responder responder_;
  std::vector<ReceivedRequest> requests_;
  std::vector<std::thread> connections_;
};

}  // namespace loket::testing
