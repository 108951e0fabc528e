// Cryptographic building blocks the channels share: HMAC-SHA256, hex and base64 codings, a
// constant-time comparison and random bytes, all on OpenSSL. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace loket::connectors {

std::string hmac_sha256(std::string_view key, std::string_view data);  // 32 raw bytes
std::string sha256(std::string_view data);                             // 32 raw bytes
std::string to_hex(std::string_view bytes);                            // lower case

std::string base64_encode(std::string_view bytes);     // RFC 4648 section 4, padded
std::string base64url_encode(std::string_view bytes);  // RFC 4648 section 5, no padding
// Accepts either alphabet, padded or not; nullopt for anything else.
std::optional<std::string> base64_decode(std::string_view text);

// Compares in time that depends on the lengths only, so a forged signature or token learns
// nothing from how fast it was turned down.
bool constant_time_equal(std::string_view a, std::string_view b);

std::string random_bytes(std::size_t n);  // from OpenSSL's CSPRNG; throws if it fails

}  // namespace loket::connectors
