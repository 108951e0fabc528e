#include "server/chat/session_ids.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include "connectors/crypto.h"
#include "server/common/log.h"

namespace loket::server {
namespace {

constexpr std::size_t kRandomBytes = 16;  // 128 bits
constexpr std::size_t kTagBytes = 16;
constexpr std::size_t kMinSecret = 32;

std::atomic<std::uint64_t> g_next_issuer{1};

// Each thread keeps one HMAC context keyed for the issuer it last served: every chat request
// checks its session, and fetching and keying HMAC anew cost a dozen allocations each time.
struct KeyedMac {
  std::uint64_t issuer = 0;
  EVP_MAC* mac = nullptr;
  EVP_MAC_CTX* ctx = nullptr;
  ~KeyedMac() { reset(); }
  void reset() {
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
    ctx = nullptr;
    mac = nullptr;
    issuer = 0;
  }
};

using Tag = std::array<char, kTagBytes * 2>;  // hex

Tag hex(const unsigned char* bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  Tag out;
  for (std::size_t i = 0; i < kTagBytes; ++i) {
    out[2 * i] = kHex[bytes[i] >> 4];
    out[2 * i + 1] = kHex[bytes[i] & 0xF];
  }
  return out;
}

}  // namespace

SessionIssuer::SessionIssuer(std::string secret)
    : secret_(std::move(secret)), id_(g_next_issuer++) {
  if (secret_.size() < kMinSecret) throw std::invalid_argument("session secret too short");
}

std::array<char, 32> SessionIssuer::tag(std::string_view random_hex) const {
  thread_local KeyedMac keyed;
  bool ready = keyed.issuer == id_ && EVP_MAC_init(keyed.ctx, nullptr, 0, nullptr) == 1;
  if (!ready) {
    keyed.reset();
    keyed.mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    keyed.ctx = keyed.mac ? EVP_MAC_CTX_new(keyed.mac) : nullptr;
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_END};
    if (keyed.ctx == nullptr ||
        EVP_MAC_init(keyed.ctx, reinterpret_cast<const unsigned char*>(secret_.data()),
                     secret_.size(), params) != 1)
      throw std::runtime_error("HMAC-SHA256 is not available");
    keyed.issuer = id_;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  std::size_t length = 0;
  if (EVP_MAC_update(keyed.ctx, reinterpret_cast<const unsigned char*>(random_hex.data()),
                     random_hex.size()) != 1 ||
      EVP_MAC_final(keyed.ctx, mac, &length, sizeof mac) != 1 || length < kTagBytes)
    throw std::runtime_error("HMAC-SHA256 failed");
  return hex(mac);
}

std::string SessionIssuer::issue(std::string_view kind) const {
  const std::string random = connectors::to_hex(connectors::random_bytes(kRandomBytes));
  const auto t = tag(std::string(kind).append(random));
  std::string session;
  session.reserve(random.size() + 1 + t.size());
  session.append(random).append(1, '.').append(t.data(), t.size());
  return session;
}

bool SessionIssuer::issued(std::string_view session, std::string_view kind) const {
  const auto dot = session.find('.');
  if (dot != kRandomBytes * 2 || session.size() != dot + 1 + kTagBytes * 2) return false;
  const auto expected = tag(std::string(kind).append(session.substr(0, dot)));
  return CRYPTO_memcmp(expected.data(), session.data() + dot + 1, expected.size()) == 0;
}

std::string SessionIssuer::sign(std::string_view payload) const {
  const auto t = tag(payload);
  return std::string(t.data(), t.size());
}

bool SessionIssuer::signed_by_us(std::string_view payload, std::string_view given) const {
  if (given.size() != kTagBytes * 2) return false;
  const auto expected = tag(payload);
  return CRYPTO_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

std::string session_secret_from_environment() {
  const char* given = std::getenv("LOKET_SESSION_SECRET");
  if (given != nullptr && std::string_view(given).size() >= kMinSecret) return given;
  log::warn("chat sessions last only as long as this process",
            {{"why", given == nullptr || *given == '\0'
                         ? "LOKET_SESSION_SECRET is not set"
                         : "LOKET_SESSION_SECRET is shorter than 32 characters"},
             {"fix",
              "set LOKET_SESSION_SECRET (the same on every instance) to 32 or more "
              "random characters"}});
  return connectors::to_hex(connectors::random_bytes(kMinSecret));
}

}  // namespace loket::server
