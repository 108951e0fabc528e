// VAPID (RFC 8292): the application server's P-256 key and the ES256 JWT that identifies it to
// push services. A VapidKey is immutable after construction; share it between threads.
#pragma once

#include <boost/system/result.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

typedef struct evp_pkey_st EVP_PKEY;

namespace loket::connectors {

class VapidKey {
 public:
  // From a PEM private key (PKCS#8 or SEC1 "EC PRIVATE KEY") on the P-256 curve.
  static boost::system::result<VapidKey> from_pem(std::string_view pem);
  static VapidKey generate();  // for a municipality that has not configured one yet

  // The 65-byte uncompressed public point; base64url of it is what browsers subscribe with.
  const std::string& public_key() const { return public_key_; }

  // "vapid t=<JWT>, k=<public key>" for a push endpoint at `audience` (its origin).
  std::string authorization(std::string_view audience, std::int64_t expires_at,
                            std::string_view subject) const;
  std::string sign_jwt(std::string_view audience, std::int64_t expires_at,
                       std::string_view subject) const;

 private:
  struct Free {
    void operator()(EVP_PKEY* key) const;
  };
  explicit VapidKey(std::shared_ptr<EVP_PKEY> key);
  std::shared_ptr<EVP_PKEY> key_;
  std::string public_key_;
};

// Checks an ES256 JWT's signature (raw r||s) against a 65-byte uncompressed P-256 public key.
bool verify_es256_jwt(std::string_view jwt, std::string_view public_key);

}  // namespace loket::connectors
