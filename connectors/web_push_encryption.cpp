#include "connectors/web_push_encryption.h"

#include <openssl/kdf.h>

#include <boost/asio/error.hpp>

#include "connectors/crypto.h"
#include "connectors/p256.h"

namespace loket::connectors {
namespace {

constexpr std::uint32_t kRecordSize = 4096;

struct FreeContext {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};

// HKDF-SHA256 (RFC 5869), extract and expand.
std::string hkdf(std::string_view salt, std::string_view ikm, std::string_view info,
                 std::size_t length) {
  std::unique_ptr<EVP_PKEY_CTX, FreeContext> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr));
  std::string out(length, '\0');
  const auto u = [](std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
  };
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_hkdf_md(ctx.get(), EVP_sha256()) != 1 ||
      EVP_PKEY_CTX_set1_hkdf_salt(ctx.get(), u(salt), static_cast<int>(salt.size())) != 1 ||
      EVP_PKEY_CTX_set1_hkdf_key(ctx.get(), u(ikm), static_cast<int>(ikm.size())) != 1 ||
      EVP_PKEY_CTX_add1_hkdf_info(ctx.get(), u(info), static_cast<int>(info.size())) != 1 ||
      EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &length) != 1)
    throw std::runtime_error("HKDF failed");
  return out;
}

std::string aes128gcm(std::string_view key, std::string_view nonce, std::string_view plaintext) {
  std::unique_ptr<EVP_CIPHER_CTX, FreeContext> ctx(EVP_CIPHER_CTX_new());
  std::string out(plaintext.size() + 16, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  int written = 0, last = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()),
                          nullptr) != 1 ||
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr,
                         reinterpret_cast<const unsigned char*>(key.data()),
                         reinterpret_cast<const unsigned char*>(nonce.data())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), o, &written,
                        reinterpret_cast<const unsigned char*>(plaintext.data()),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), o + written, &last) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, o + written + last) != 1)
    throw std::runtime_error("AES-128-GCM failed");
  out.resize(static_cast<std::size_t>(written + last) + 16);
  return out;
}

}  // namespace

bool valid_web_push_keys(std::string_view ua_public, std::string_view auth_secret) {
  return auth_secret.size() == 16 && p256::public_key(ua_public) != nullptr;
}

boost::system::result<std::string> encrypt_web_push(std::string_view plaintext,
                                                    std::string_view ua_public,
                                                    std::string_view auth_secret,
                                                    std::string_view as_private,
                                                    std::string_view salt) {
  const boost::system::error_code invalid = boost::asio::error::invalid_argument;
  if (auth_secret.size() != 16 || plaintext.size() > kWebPushMaxPlaintext) return invalid;
  auto ua_key = p256::public_key(ua_public);
  if (!ua_key) return invalid;
  auto as_key = as_private.empty() ? p256::generate() : p256::private_key(as_private);
  if (!as_key) return invalid;
  const std::string fresh_salt = salt.empty() ? random_bytes(16) : std::string(salt);
  if (fresh_salt.size() != 16) return invalid;
  const std::string as_public = p256::public_point(as_key.get());
  const std::string shared = p256::ecdh(as_key.get(), ua_key.get());
  if (shared.empty() || as_public.empty()) return invalid;

  std::string key_info("WebPush: info", 13);
  key_info.push_back('\0');
  key_info.append(ua_public).append(as_public);
  const std::string ikm = hkdf(auth_secret, shared, key_info, 32);
  const std::string cek =
      hkdf(fresh_salt, ikm, std::string_view("Content-Encoding: aes128gcm\0", 28), 16);
  const std::string nonce =
      hkdf(fresh_salt, ikm, std::string_view("Content-Encoding: nonce\0", 24), 12);
  std::string padded(plaintext);
  padded.push_back('\x02');  // the last (only) record's delimiter

  std::string body = fresh_salt;
  for (int shift = 24; shift >= 0; shift -= 8)
    body.push_back(static_cast<char>((kRecordSize >> shift) & 0xff));
  body.push_back(static_cast<char>(as_public.size()));
  body.append(as_public);
  body.append(aes128gcm(cek, nonce, padded));
  return body;
}

}  // namespace loket::connectors
