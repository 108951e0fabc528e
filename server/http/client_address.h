// Who sent a request: the peer, or, when the peer is a trusted proxy (server.trusted_proxies),
// the client the proxy names in X-Forwarded-For or Forwarded (RFC 7239), whichever it appends
// to. Built once at start-up and then only read: safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "server/http/http.h"

namespace loket::server {

class TrustedProxies {
 public:
  // `ranges` as the configuration checked them: "10.0.0.0/8", "::1/128", "192.0.2.7";
  // `header`: "x-forwarded-for" or "forwarded", the one the proxies append to.
  explicit TrustedProxies(const std::vector<std::string>& ranges,
                          std::string_view header = "x-forwarded-for");

  bool empty() const { return ranges_.empty(); }
  bool trusts(const asio::ip::address& address) const;

  // The client of `request`, which came from `peer`: walking the proxies' list (every instance
  // of the header, in order) from the right, the first address that is not a trusted proxy (a
  // client cannot forge what its own proxy appends). The peer when it is not trusted or names
  // nobody.
  std::string client_of(const asio::ip::address& peer, const Request& request) const;

 private:
  struct Range {
    asio::ip::address_v6::bytes_type bytes{};  // IPv4 as IPv4-mapped IPv6
    unsigned prefix = 0;                       // of the 128 bits
  };
  std::vector<Range> ranges_;
  bool forwarded_ = false;  // read Forwarded, not X-Forwarded-For
};

}  // namespace loket::server
