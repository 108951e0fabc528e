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

namespace {

std::string standard_webhook_key(std::string_view secret) {
  if (secret.starts_with("whsec_"))
    if (auto key = base64_decode(secret.substr(6))) return *key;
  return std::string(secret);
}

}  // namespace

std::string standard_webhook_signature(std::string_view secret, std::string_view id,
                                       long long timestamp, std::string_view body) {
  std::string signed_text(id);
  signed_text.append(".").append(std::to_string(timestamp)).append(".").append(body);
  return "v1," + base64_encode(hmac_sha256(standard_webhook_key(secret), signed_text));
}

bool verify_standard_webhook(std::string_view secret, std::string_view id,
                             std::string_view timestamp, std::string_view body,
                             std::string_view signatures, long long now, long long tolerance_s) {
  if (secret.empty() || id.empty() || timestamp.empty() || timestamp.size() > 12) return false;
  long long when = 0;
  for (char ch : timestamp) {
    if (ch < '0' || ch > '9') return false;
    when = when * 10 + (ch - '0');
  }
  if (when < now - tolerance_s || when > now + tolerance_s) return false;
  const std::string expected = standard_webhook_signature(secret, id, when, body);
  bool matched = false;
  while (!signatures.empty()) {
    const auto space = signatures.find(' ');
    const std::string_view one = signatures.substr(0, space);
    matched = constant_time_equal(expected, one) || matched;
    if (space == std::string_view::npos) break;
    signatures.remove_prefix(space + 1);
  }
  return matched;
}

bool verify_secret_token(std::string_view expected, std::string_view given) {
  return !expected.empty() && constant_time_equal(expected, given);
}

}  // namespace loket::connectors
