// The municipality's OpenID Connect issuer as staff sign-in uses it: its endpoints (from its
// discovery document) and its signing keys (its JWKS), fetched over HTTPS and kept for an hour;
// the keys again at once when a token names one not seen yet (the issuer rotated them).
// Thread-safe: the caches are behind a mutex, held for a copy only.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <mutex>
#include <string>

#include "connectors/http_client.h"
#include "server/http/refusal.h"

namespace loket::server {

struct IssuerEndpoints {
  std::string authorization, token, jwks;
};

class OidcIssuer {
 public:
  OidcIssuer();

  // `issuer`'s endpoints; a refusal (502) naming what went wrong when they cannot be had.
  boost::asio::awaitable<Refusable<IssuerEndpoints>> endpoints(std::string issuer);
  // The keys at `jwks_uri`; `fresh`: fetched now, not from the cache.
  boost::asio::awaitable<Refusable<boost::json::value>> keys(std::string jwks_uri, bool fresh);

  connectors::HttpClient& http() { return http_; }

 private:
  boost::asio::awaitable<Refusable<boost::json::value>> fetch_json(std::string url,
                                                                   std::string what);

  static constexpr std::chrono::hours kKeep{1};
  connectors::HttpClient http_;
  std::mutex mutex_;
  std::string issuer_;
  IssuerEndpoints endpoints_;
  std::chrono::steady_clock::time_point endpoints_at_;
  std::string jwks_uri_;
  boost::json::value jwks_;
  std::chrono::steady_clock::time_point jwks_at_;
};

}  // namespace loket::server
