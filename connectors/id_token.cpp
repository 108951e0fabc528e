#include "connectors/id_token.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <boost/json/parse.hpp>

#include <memory>
#include <vector>

#include "connectors/crypto.h"

namespace loket::connectors {
namespace {

namespace json = boost::json;
using Refused = boost::system::result<json::object, std::string>;

struct Parts {
  std::string_view header, payload, signature;
};

std::optional<Parts> split(std::string_view token) {
  const std::size_t a = token.find('.');
  if (a == std::string_view::npos) return std::nullopt;
  const std::size_t b = token.find('.', a + 1);
  if (b == std::string_view::npos || token.find('.', b + 1) != std::string_view::npos)
    return std::nullopt;
  return Parts{token.substr(0, a), token.substr(a + 1, b - a - 1), token.substr(b + 1)};
}

std::optional<json::object> decode_object(std::string_view part) {
  const auto bytes = base64_decode(part);
  if (!bytes) return std::nullopt;
  boost::system::error_code ec;
  json::value v = json::parse(*bytes, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

std::string text_of(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::optional<std::int64_t> number_of(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->get_uint64());
  if (v->is_double()) return static_cast<std::int64_t>(v->get_double());
  return std::nullopt;
}

// The JWK with this kid (or the only RSA signing key when the token names none).
const json::object* key_for(const json::value& jwks, const std::string& kid) {
  const json::object* set = jwks.if_object();
  const json::value* keys = set == nullptr ? nullptr : set->if_contains("keys");
  if (keys == nullptr || !keys->is_array()) return nullptr;
  const json::object* only = nullptr;
  std::size_t rsa = 0;
  for (const auto& k : keys->get_array()) {
    const json::object* key = k.if_object();
    if (key == nullptr || text_of(*key, "kty") != "RSA") continue;
    if (const std::string use = text_of(*key, "use"); !use.empty() && use != "sig") continue;
    if (!kid.empty() && text_of(*key, "kid") == kid) return key;
    only = key;
    ++rsa;
  }
  return kid.empty() && rsa == 1 ? only : nullptr;
}

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

Key rsa_key(const json::object& jwk) {
  Key none(nullptr, EVP_PKEY_free);
  const auto n = base64_decode(text_of(jwk, "n")), e = base64_decode(text_of(jwk, "e"));
  if (!n || !e || n->empty() || e->empty()) return none;
  std::unique_ptr<BIGNUM, decltype(&BN_free)> bn_n(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()), static_cast<int>(n->size()),
                nullptr),
      BN_free);
  std::unique_ptr<BIGNUM, decltype(&BN_free)> bn_e(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()), static_cast<int>(e->size()),
                nullptr),
      BN_free);
  std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> build(OSSL_PARAM_BLD_new(),
                                                                        OSSL_PARAM_BLD_free);
  if (!bn_n || !bn_e || !build ||
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1)
    return none;
  std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(
      OSSL_PARAM_BLD_to_param(build.get()), OSSL_PARAM_free);
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr), EVP_PKEY_CTX_free);
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
    return none;
  return Key(key, EVP_PKEY_free);
}

bool signature_holds(EVP_PKEY* key, std::string_view signed_part, const std::string& signature) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
         EVP_DigestVerify(
             ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
             reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size()) == 1;
}

bool audience_has(const json::object& claims, const std::string& audience) {
  const json::value* aud = claims.if_contains("aud");
  if (aud == nullptr) return false;
  if (aud->is_string()) return aud->get_string() == audience;
  if (!aud->is_array()) return false;
  for (const auto& a : aud->get_array())
    if (a.is_string() && a.get_string() == audience) return true;
  return false;
}

}  // namespace

bool id_token_key_known(std::string_view token, const boost::json::value& jwks) {
  const auto parts = split(token);
  const auto header = parts ? decode_object(parts->header) : std::nullopt;
  return header && key_for(jwks, text_of(*header, "kid")) != nullptr;
}

Refused verify_id_token(std::string_view token, const boost::json::value& jwks,
                        const IdTokenExpectations& expected) {
  const auto parts = split(token);
  if (!parts) return std::string("not a signed JSON Web Token");
  const auto header = decode_object(parts->header);
  if (!header) return std::string("the token's header is not JSON");
  // RS256 only: the algorithm is the issuer's choice, not the token's ("none", HS256 with the
  // public key as secret).
  if (text_of(*header, "alg") != "RS256")
    return "the token is signed with '" + text_of(*header, "alg") + "', not RS256";
  const json::object* jwk = key_for(jwks, text_of(*header, "kid"));
  if (jwk == nullptr) return "no key '" + text_of(*header, "kid") + "' in the issuer's JWKS";
  const Key key = rsa_key(*jwk);
  if (!key) return std::string("the issuer's key is not a usable RSA key");
  const auto signature = base64_decode(parts->signature);
  const std::size_t signed_length = parts->header.size() + 1 + parts->payload.size();
  if (!signature || !signature_holds(key.get(), token.substr(0, signed_length), *signature))
    return std::string("the signature does not hold");
  auto claims = decode_object(parts->payload);
  if (!claims) return std::string("the token's claims are not JSON");
  if (text_of(*claims, "iss") != expected.issuer)
    return "issued by '" + text_of(*claims, "iss") + "', not by the configured issuer";
  if (!audience_has(*claims, expected.audience)) return std::string("not issued for this client");
  const auto exp = number_of(*claims, "exp");
  if (!exp || *exp + expected.leeway_s < expected.now) return std::string("expired");
  if (const auto iat = number_of(*claims, "iat"); iat && *iat > expected.now + expected.leeway_s)
    return std::string("issued in the future");
  if (expected.nonce.empty() || !constant_time_equal(text_of(*claims, "nonce"), expected.nonce))
    return std::string("its nonce is not this sign-in's");
  if (text_of(*claims, "sub").empty()) return std::string("it names no subject");
  return std::move(*claims);
}

}  // namespace loket::connectors
