// Test support: an RSA signing key of a fake OpenID Connect issuer, its JWKS, and ID tokens it
// signs (RS256), for the tests of loket's sign-in. Not shared between threads.
#pragma once

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <boost/json.hpp>

#include <memory>
#include <stdexcept>
#include <string>

namespace loket::testing {

inline std::string base64url(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (i + 2 == bytes.size()) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8);
    for (int s = 18; s >= 6; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  return out;
}

class TestSigningKey {
 public:
  explicit TestSigningKey(std::string kid) : kid_(std::move(kid)), key_(EVP_RSA_gen(2048)) {
    if (key_ == nullptr) throw std::runtime_error("EVP_RSA_gen failed");
  }
  ~TestSigningKey() { EVP_PKEY_free(key_); }
  TestSigningKey(const TestSigningKey&) = delete;
  TestSigningKey& operator=(const TestSigningKey&) = delete;

  // {"kty": "RSA", "kid", "use": "sig", "n", "e"}
  boost::json::object jwk() const {
    return {{"kty", "RSA"},
            {"kid", kid_},
            {"use", "sig"},
            {"alg", "RS256"},
            {"n", base64url(number(OSSL_PKEY_PARAM_RSA_N))},
            {"e", base64url(number(OSSL_PKEY_PARAM_RSA_E))}};
  }

  // header.claims.signature, signed with this key (or as `alg` says, unsigned for "none").
  std::string sign(const boost::json::object& claims, const std::string& alg = "RS256") const {
    const std::string head = base64url(
        boost::json::serialize(boost::json::object{{"alg", alg}, {"kid", kid_}, {"typ", "JWT"}}));
    const std::string signed_part = head + "." + base64url(boost::json::serialize(claims));
    if (alg == "none") return signed_part + ".";
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    std::size_t length = 0;
    if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length,
                       reinterpret_cast<const unsigned char*>(signed_part.data()),
                       signed_part.size()) != 1)
      throw std::runtime_error("signing failed");
    std::string signature(length, '\0');
    EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                   reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size());
    signature.resize(length);
    return signed_part + "." + base64url(signature);
  }

 private:
  std::string number(const char* name) const {
    BIGNUM* bn = nullptr;
    if (EVP_PKEY_get_bn_param(key_, name, &bn) != 1) throw std::runtime_error("no RSA number");
    std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
    BN_free(bn);
    return bytes;
  }

  std::string kid_;
  EVP_PKEY* key_;
};

}  // namespace loket::testing
