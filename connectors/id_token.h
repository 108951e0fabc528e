// An OpenID Connect ID token checked as the core specification (section 3.1.3.7) asks: an RS256
// JSON Web Token signed by one of the issuer's published keys (its JWKS), from that issuer, for
// this client, not expired, and carrying the nonce this sign-in sent. Pure function; thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace loket::connectors {

struct IdTokenExpectations {
  std::string issuer;
  std::string audience;  // the client id
  std::string nonce;
  std::int64_t now = 0;        // Unix time
  std::int64_t leeway_s = 60;  // clocks differ
};

// The token's claims, or why it is refused (in words for the log; never the token).
boost::system::result<boost::json::object, std::string> verify_id_token(
    std::string_view token, const boost::json::value& jwks, const IdTokenExpectations& expected);

// Whether the token's key (its header's kid) is among `jwks`: when not, the issuer may have
// rotated its keys and the JWKS is fetched again.
bool id_token_key_known(std::string_view token, const boost::json::value& jwks);

}  // namespace loket::connectors
