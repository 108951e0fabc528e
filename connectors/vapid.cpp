#include "connectors/vapid.h"

#include <openssl/bio.h>
#include <openssl/ecdsa.h>
#include <openssl/pem.h>

#include <boost/asio/error.hpp>
#include <boost/json.hpp>

#include "connectors/crypto.h"
#include "connectors/p256.h"

namespace loket::connectors {
namespace {

struct FreeAll {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
  void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
  void operator()(BIO* b) const { BIO_free(b); }
};

std::string es256_sign(EVP_PKEY* key, std::string_view data) {
  std::unique_ptr<EVP_MD_CTX, FreeAll> ctx(EVP_MD_CTX_new());
  std::size_t length = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1)
    throw std::runtime_error("ES256 signing failed");
  std::string der(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(der.data()), &length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1)
    throw std::runtime_error("ES256 signing failed");
  // JWS wants r || s, 32 bytes each, where OpenSSL gives DER.
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<ECDSA_SIG, FreeAll> sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(length)));
  if (!sig) throw std::runtime_error("ES256 signature not DER");
  std::string raw(64, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out, 32) != 32 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out + 32, 32) != 32)
    throw std::runtime_error("ES256 signature out of range");
  return raw;
}

}  // namespace

void VapidKey::Free::operator()(EVP_PKEY* key) const {
  EVP_PKEY_free(key);
}

VapidKey::VapidKey(std::shared_ptr<EVP_PKEY> key)
    : key_(std::move(key)), public_key_(p256::public_point(key_.get())) {}

boost::system::result<VapidKey> VapidKey::from_pem(std::string_view pem) {
  std::unique_ptr<BIO, FreeAll> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  // No passphrase: an encrypted key is refused, never prompted for on the terminal.
  const auto no_passphrase = [](char*, int, int, void*) { return 0; };
  EVP_PKEY* key =
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr) : nullptr;
  if (key == nullptr) return boost::system::error_code(boost::asio::error::invalid_argument);
  std::shared_ptr<EVP_PKEY> owned(key, Free{});
  if (!p256::is_p256(key)) return boost::system::error_code(boost::asio::error::invalid_argument);
  return VapidKey(std::move(owned));
}

VapidKey VapidKey::generate() {
  return VapidKey(std::shared_ptr<EVP_PKEY>(p256::generate().release(), Free{}));
}

std::string VapidKey::sign_jwt(std::string_view audience, std::int64_t expires_at,
                               std::string_view subject) const {
  namespace json = boost::json;
  const std::string header = base64url_encode(R"({"typ":"JWT","alg":"ES256"})");
  const std::string claims = base64url_encode(
      json::serialize(json::object{{"aud", audience}, {"exp", expires_at}, {"sub", subject}}));
  std::string signing_input = header;
  signing_input.append(".").append(claims);
  const std::string signature = base64url_encode(es256_sign(key_.get(), signing_input));
  return signing_input.append(".").append(signature);
}

std::string VapidKey::authorization(std::string_view audience, std::int64_t expires_at,
                                    std::string_view subject) const {
  std::string out = "vapid t=";
  out.append(sign_jwt(audience, expires_at, subject))
      .append(", k=")
      .append(base64url_encode(public_key_));
  return out;
}

bool verify_es256_jwt(std::string_view jwt, std::string_view public_key) {
  const auto last_dot = jwt.rfind('.');
  if (last_dot == std::string_view::npos || jwt.find('.') == last_dot) return false;
  auto raw = base64_decode(jwt.substr(last_dot + 1));
  auto key = p256::public_key(public_key);
  if (!raw || raw->size() != 64 || !key) return false;
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw->data());
  std::unique_ptr<ECDSA_SIG, FreeAll> sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(bytes, 32, nullptr);
  BIGNUM* s = BN_bin2bn(bytes + 32, 32, nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return false;
  }
  unsigned char* der = nullptr;
  const int der_length = i2d_ECDSA_SIG(sig.get(), &der);
  if (der_length <= 0) return false;
  std::unique_ptr<EVP_MD_CTX, FreeAll> ctx(EVP_MD_CTX_new());
  const std::string_view signed_part = jwt.substr(0, last_dot);
  const bool ok = ctx &&
                  EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
                  EVP_DigestVerify(ctx.get(), der, static_cast<std::size_t>(der_length),
                                   reinterpret_cast<const unsigned char*>(signed_part.data()),
                                   signed_part.size()) == 1;
  OPENSSL_free(der);
  return ok;
}

}  // namespace loket::connectors
