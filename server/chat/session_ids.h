// Chat sessions are issued by loket, never chosen by the client: 128 random bits and an HMAC of
// them under the server's session secret, so nobody can pick or guess another resident's
// session (it holds their subscriptions and alerts), and every instance with the same secret
// recognises every other's. Immutable after construction; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace loket::server {

class SessionIssuer {
 public:
  // `secret`: at least 32 bytes (LOKET_SESSION_SECRET, shared by the instances).
  explicit SessionIssuer(std::string secret);

  // "<32 hex digits>.<32 hex digits>": the random part and its tag. A `kind` other than chat
  // sessions' (empty) is in the tag: such an id is no chat session, nor one of another kind.
  std::string issue(std::string_view kind = {}) const;
  // Whether loket issued `session` (under this secret, of that kind).
  bool issued(std::string_view session, std::string_view kind = {}) const;

  // A tag (32 hex digits) of `payload` under the same secret, for credentials derived from a
  // chat session (Direct Line tokens): start `payload` with the credential's own prefix.
  std::string sign(std::string_view payload) const;
  bool signed_by_us(std::string_view payload, std::string_view tag) const;

 private:
  // The tag of `random_hex`, in hex: the first 16 bytes of HMAC-SHA256 under the secret.
  std::array<char, 32> tag(std::string_view random_hex) const;
  std::string secret_;
  std::uint64_t id_;  // tells this issuer's keyed HMAC contexts from another's
};

// The secret in LOKET_SESSION_SECRET (at least 32 characters), or a random one for this process,
// with a warning: sessions then neither survive a restart nor cross to another instance.
std::string session_secret_from_environment();

}  // namespace loket::server
