#include "server/admin/oidc_issuer.h"

#include <boost/json/parse.hpp>

#include "server/common/log.h"

namespace loket::server {
namespace {

namespace json = boost::json;

std::string text_of(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

OidcIssuer::OidcIssuer() : http_(std::chrono::seconds(10), 256 * 1024) {}

boost::asio::awaitable<Refusable<json::value>> OidcIssuer::fetch_json(std::string url,
                                                                      std::string what) {
  connectors::HttpRequest request;
  request.method = "GET";
  request.url = url;
  request.idempotent = true;
  auto sending = http_.send(std::move(request));
  auto answer = co_await std::move(sending);
  if (!answer || answer->status != 200) {
    const std::string why =
        answer ? "HTTP " + std::to_string(answer->status) : answer.error().message();
    log::warn("oidc issuer unreachable", {{"what", what}, {"url", url}, {"error", why}});
    co_return Refusal{502, "the sign-in service cannot be reached (" + what + ": " + why + ")"};
  }
  boost::system::error_code ec;
  json::value v = json::parse(answer->body, ec);
  if (ec || !v.is_object())
    co_return Refusal{502, "the sign-in service's " + what + " is not JSON"};
  co_return v;
}

boost::asio::awaitable<Refusable<IssuerEndpoints>> OidcIssuer::endpoints(std::string issuer) {
  {
    std::lock_guard lock(mutex_);
    if (issuer_ == issuer && std::chrono::steady_clock::now() - endpoints_at_ < kKeep)
      co_return endpoints_;
  }
  std::string base = issuer;
  while (base.ends_with('/')) base.pop_back();
  auto fetching = fetch_json(base + "/.well-known/openid-configuration", "discovery document");
  auto document = co_await std::move(fetching);
  if (!document) co_return document.error();
  const json::object& d = document->as_object();
  // The document must be the issuer's own (OpenID Connect Discovery, section 4.3).
  if (text_of(d, "issuer") != issuer)
    co_return Refusal{502, "the discovery document names issuer '" + text_of(d, "issuer") +
                               "', not the configured one"};
  IssuerEndpoints found{text_of(d, "authorization_endpoint"), text_of(d, "token_endpoint"),
                        text_of(d, "jwks_uri")};
  if (found.authorization.empty() || found.token.empty() || found.jwks.empty())
    co_return Refusal{502, "the discovery document lacks an endpoint"};
  std::lock_guard lock(mutex_);
  issuer_ = issuer;
  endpoints_ = found;
  endpoints_at_ = std::chrono::steady_clock::now();
  co_return found;
}

boost::asio::awaitable<Refusable<json::value>> OidcIssuer::keys(std::string jwks_uri, bool fresh) {
  if (!fresh) {
    std::lock_guard lock(mutex_);
    if (jwks_uri_ == jwks_uri && std::chrono::steady_clock::now() - jwks_at_ < kKeep)
      co_return jwks_;
  }
  auto fetching = fetch_json(jwks_uri, "JWKS");
  auto keys = co_await std::move(fetching);
  if (!keys) co_return keys.error();
  std::lock_guard lock(mutex_);
  jwks_uri_ = jwks_uri;
  jwks_ = *keys;
  jwks_at_ = std::chrono::steady_clock::now();
  co_return std::move(*keys);
}

}  // namespace loket::server
