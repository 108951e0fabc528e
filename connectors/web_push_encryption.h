// Web Push message encryption (RFC 8291, aes128gcm, one record) with OpenSSL. Pure function;
// thread-safe.
#pragma once

#include <boost/system/result.hpp>

#include <string>
#include <string_view>

namespace loket::connectors {

// Encrypts `plaintext` for the browser whose subscription gave `ua_public` (65-byte uncompressed
// P-256 point, keys.p256dh) and `auth_secret` (16 bytes, keys.auth). The body to POST: salt ||
// record size || key id || ciphertext. `as_private` (32-byte scalar) and `salt` (16 bytes) are
// for reproducing published examples; left empty, a fresh key pair and salt are drawn.
// Errors: invalid_argument for a malformed key or secret, or a plaintext over one record.
boost::system::result<std::string> encrypt_web_push(std::string_view plaintext,
                                                    std::string_view ua_public,
                                                    std::string_view auth_secret,
                                                    std::string_view as_private = {},
                                                    std::string_view salt = {});

// Whether a browser subscription's keys can be encrypted for: a P-256 point and a 16-byte secret.
bool valid_web_push_keys(std::string_view ua_public, std::string_view auth_secret);

inline constexpr std::size_t kWebPushMaxPlaintext = 3993;  // 4096-byte record minus overhead

}  // namespace loket::connectors
