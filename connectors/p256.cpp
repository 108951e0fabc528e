#include "connectors/p256.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include <stdexcept>

namespace loket::connectors::p256 {
namespace {

template <class T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using Group = std::unique_ptr<EC_GROUP, Deleter<EC_GROUP, EC_GROUP_free>>;
using Point = std::unique_ptr<EC_POINT, Deleter<EC_POINT, EC_POINT_free>>;
using Bignum = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using ParamBuilder = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using Context = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;

constexpr char kCurve[] = "prime256v1";

Key from_params(const std::string& point, const BIGNUM* scalar) {
  ParamBuilder builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, kCurve, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1)
    return nullptr;
  if (scalar != nullptr &&
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, scalar) != 1)
    return nullptr;
  Params params(OSSL_PARAM_BLD_to_param(builder.get()));
  Context ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) return nullptr;
  EVP_PKEY* key = nullptr;
  const int selection = scalar != nullptr ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;
  if (EVP_PKEY_fromdata(ctx.get(), &key, selection, params.get()) != 1) return nullptr;
  return Key(key);
}

}  // namespace

Key public_key(std::string_view point) {
  if (point.size() != 65 || point[0] != 0x04) return nullptr;
  // EVP_PKEY_fromdata does not check that the point is on the curve: do it here, since an
  // invalid point from a browser subscription must be refused, not used in ECDH.
  Group group(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
  Point p(group ? EC_POINT_new(group.get()) : nullptr);
  if (!p ||
      EC_POINT_oct2point(group.get(), p.get(), reinterpret_cast<const unsigned char*>(point.data()),
                         point.size(), nullptr) != 1 ||
      EC_POINT_is_on_curve(group.get(), p.get(), nullptr) != 1)
    return nullptr;
  return from_params(std::string(point), nullptr);
}

Key private_key(std::string_view scalar) {
  if (scalar.size() != 32) return nullptr;
  Group group(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
  Bignum d(BN_bin2bn(reinterpret_cast<const unsigned char*>(scalar.data()), 32, nullptr));
  Point p(group ? EC_POINT_new(group.get()) : nullptr);
  if (!d || !p || BN_is_zero(d.get()) || BN_cmp(d.get(), EC_GROUP_get0_order(group.get())) >= 0 ||
      EC_POINT_mul(group.get(), p.get(), d.get(), nullptr, nullptr, nullptr) != 1)
    return nullptr;
  std::string point(65, '\0');
  if (EC_POINT_point2oct(group.get(), p.get(), POINT_CONVERSION_UNCOMPRESSED,
                         reinterpret_cast<unsigned char*>(point.data()), point.size(),
                         nullptr) != 65)
    return nullptr;
  return from_params(point, d.get());
}

Key generate() {
  Key key(EVP_EC_gen(kCurve));
  if (!key) throw std::runtime_error("cannot generate a P-256 key");
  return key;
}

std::string public_point(EVP_PKEY* key) {
  std::string out(65, '\0');
  std::size_t length = 0;
  if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY,
                                      reinterpret_cast<unsigned char*>(out.data()), out.size(),
                                      &length) != 1 ||
      length != 65)
    return {};
  return out;
}

bool is_p256(EVP_PKEY* key) {
  char name[64] = {};
  std::size_t length = 0;
  return EVP_PKEY_is_a(key, "EC") &&
         EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name,
                                        &length) == 1 &&
         std::string_view(name, length) == kCurve;
}

std::string ecdh(EVP_PKEY* own, EVP_PKEY* peer) {
  Context ctx(EVP_PKEY_CTX_new(own, nullptr));
  std::size_t length = 0;
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
      EVP_PKEY_derive_set_peer(ctx.get(), peer) != 1 ||
      EVP_PKEY_derive(ctx.get(), nullptr, &length) != 1)
    return {};
  std::string out(length, '\0');
  if (EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &length) != 1)
    return {};
  out.resize(length);
  return out;
}

}  // namespace loket::connectors::p256
