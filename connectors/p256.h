// Internal to connectors/: P-256 keys as OpenSSL EVP_PKEYs, from and to the raw forms Web Push
// uses (65-byte uncompressed points, 32-byte scalars). Pure functions; thread-safe.
#pragma once

#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>

namespace loket::connectors::p256 {

struct FreeKey {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Key = std::unique_ptr<EVP_PKEY, FreeKey>;

Key public_key(std::string_view point);    // null if not a point on the curve
Key private_key(std::string_view scalar);  // null if not a valid scalar
Key generate();
std::string public_point(EVP_PKEY* key);  // 65 bytes, uncompressed
bool is_p256(EVP_PKEY* key);

// ECDH shared secret (the x coordinate, 32 bytes); empty on failure.
std::string ecdh(EVP_PKEY* own, EVP_PKEY* peer);

}  // namespace loket::connectors::p256
