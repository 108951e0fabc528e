#include "server/chat/session_ids.h"

#include <cstdlib>
#include <stdexcept>

#include "connectors/crypto.h"
#include "server/common/log.h"

namespace loket::server {
namespace {

constexpr std::size_t kRandomBytes = 16;  // 128 bits
constexpr std::size_t kTagBytes = 16;
constexpr std::size_t kMinSecret = 32;

}  // namespace

SessionIssuer::SessionIssuer(std::string secret) : secret_(std::move(secret)) {
  if (secret_.size() < kMinSecret) throw std::invalid_argument("session secret too short");
}

std::string SessionIssuer::tag(std::string_view random_hex) const {
  return connectors::to_hex(connectors::hmac_sha256(secret_, random_hex).substr(0, kTagBytes));
}

std::string SessionIssuer::issue() const {
  const std::string random = connectors::to_hex(connectors::random_bytes(kRandomBytes));
  return random + "." + tag(random);
}

bool SessionIssuer::issued(std::string_view session) const {
  const auto dot = session.find('.');
  if (dot != kRandomBytes * 2 || session.size() != dot + 1 + kTagBytes * 2) return false;
  return connectors::constant_time_equal(tag(session.substr(0, dot)), session.substr(dot + 1));
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
