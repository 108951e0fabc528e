// A small HTTP/1.1 client for platform APIs and webhooks: keeps idle connections per host for
// reuse, bounds every request by a timeout and every response by a size limit, and never blocks
// a thread (a hanging platform costs a timer, not a worker). Safe to use from coroutines on one
// executor at a time per client... and from several: the idle pool is behind a mutex.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loket::connectors {

struct HttpResponse {
  unsigned status = 0;
  std::string body;
  std::string retry_after;  // the Retry-After header, if any
};

class HttpClient {
 public:
  HttpClient(std::chrono::milliseconds timeout, std::size_t max_response_bytes = 1 << 20);
  ~HttpClient();

  // POSTs `body` to an http:// URL. Errors: bad URL, connect/read failures, timeouts.
  boost::asio::awaitable<boost::system::result<HttpResponse>> post(
      std::string_view url, std::string body, std::string content_type,
      std::vector<std::pair<std::string, std::string>> headers);

 private:
  struct Pool;
  std::chrono::milliseconds timeout_;
  std::size_t max_response_bytes_;
  std::unique_ptr<Pool> pool_;
};

}  // namespace loket::connectors
