#include "connectors/signatures.h"

#include <boost/json.hpp>

#include "connectors/crypto.h"

namespace loket::connectors {

std::string meta_signature(std::string_view app_secret, std::string_view raw_body) {
  return "sha256=" + to_hex(hmac_sha256(app_secret, raw_body));
}

bool verify_meta_signature(std::string_view app_secret, std::string_view raw_body,
                           std::string_view header) {
  if (app_secret.empty()) return false;
  return constant_time_equal(meta_signature(app_secret, raw_body), header);
}

std::string x_signature(std::string_view consumer_secret, std::string_view data) {
  return "sha256=" + base64_encode(hmac_sha256(consumer_secret, data));
}

bool verify_x_signature(std::string_view consumer_secret, std::string_view raw_body,
                        std::string_view header) {
  if (consumer_secret.empty()) return false;
  return constant_time_equal(x_signature(consumer_secret, raw_body), header);
}

std::string x_crc_response(std::string_view consumer_secret, std::string_view crc_token) {
  return boost::json::serialize(
      boost::json::object{{"response_token", x_signature(consumer_secret, crc_token)}});
}

bool verify_secret_token(std::string_view expected, std::string_view given) {
  return !expected.empty() && constant_time_equal(expected, given);
}

}  // namespace loket::connectors
