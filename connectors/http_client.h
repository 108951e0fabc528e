// The HTTP/1.1 client for platform APIs and webhooks, http:// and https://. TLS verifies the
// certificate chain against the system store (OpenSSL's default paths, so SSL_CERT_FILE can
// name another) and the host name. Keeps idle connections per host for reuse (each on a strand
// of its own), bounds each step — name lookup, connect with TLS handshake, the exchange — by the
// timeout and every response by a size limit, and never blocks a thread: a hanging platform
// costs a timer, not a worker. Thread-safe (the idle pool is behind a mutex); requests may run
// concurrently on any executors.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loket::connectors {

struct HttpResponse {
  unsigned status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names

  std::string header(const std::string& lower_case_name) const;  // empty if absent
};

struct HttpRequest {
  std::string method = "POST";
  std::string url;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  // Safe to send twice (a GET, or a POST the receiver dedupes by Idempotency-Key): then a
  // kept-alive connection that turns out closed after the request went out is tried again.
  bool idempotent = false;
};

// The client's own refusal: the URL's host is not public (Destinations::public_only). Distinct
// from the system's EADDRNOTAVAIL, which a busy machine can give for any host.
boost::system::error_code destination_not_public();

class HttpClient {
 public:
  // Where requests may go. URLs that residents supply (browser push endpoints) must not reach
  // this machine or the municipality's internal network.
  enum class Destinations { any, public_only };

  explicit HttpClient(std::chrono::milliseconds timeout, std::size_t max_response_bytes = 1 << 20,
                      Destinations destinations = Destinations::any);
  ~HttpClient();

  // Errors: invalid_argument for a URL that is not absolute http(s), destination_not_public()
  // for a host that is not public under Destinations::public_only, otherwise the lookup, connect,
  // TLS, write or read failure (timed_out when the platform took too long).
  boost::asio::awaitable<boost::system::result<HttpResponse>> send(HttpRequest request);
  // Whether a request to `url` could be sent: it is absolute http(s), its host resolves, and
  // (under public_only) to a public address. Checked where a resident gives the URL, so a bad
  // one is refused then rather than failing every send.
  boost::asio::awaitable<boost::system::error_code> check_destination(std::string url);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace loket::connectors
