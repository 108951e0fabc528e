// How the platforms prove a webhook call is theirs: Meta's X-Hub-Signature-256, X's CRC
// handshake and signed POSTs, Telegram's secret token, Standard Webhooks. Every check runs over the
// raw body before anything parses it, and compares in constant time. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace loket::connectors {

// "sha256=<hex HMAC-SHA256(app_secret, raw_body)>", as in X-Hub-Signature-256.
std::string meta_signature(std::string_view app_secret, std::string_view raw_body);
bool verify_meta_signature(std::string_view app_secret, std::string_view raw_body,
                           std::string_view header);

// "sha256=<base64 HMAC-SHA256(consumer_secret, data)>": the CRC response token and the
// x-twitter-webhooks-signature header use the same construction.
std::string x_signature(std::string_view consumer_secret, std::string_view data);
bool verify_x_signature(std::string_view consumer_secret, std::string_view raw_body,
                        std::string_view header);
// The JSON body answering GET ?crc_token=T: {"response_token":"sha256=..."}.
std::string x_crc_response(std::string_view consumer_secret, std::string_view crc_token);

// Standard Webhooks (standardwebhooks.com), as the handoff webhook signs both ways: headers
// webhook-id, webhook-timestamp (Unix seconds) and webhook-signature "v1,<base64 HMAC-SHA256(key,
// id.timestamp.body)>", several space-separated while a secret is rotated. The key is the
// base64 after "whsec_", or a secret without that prefix taken as it is.
std::string standard_webhook_signature(std::string_view secret, std::string_view id,
                                       long long timestamp, std::string_view body);
// Any of the header's v1 signatures matches, and `timestamp` is within `tolerance_s` of `now`
// (a replayed call is refused).
bool verify_standard_webhook(std::string_view secret, std::string_view id,
                             std::string_view timestamp, std::string_view body,
                             std::string_view signatures, long long now,
                             long long tolerance_s = 300);

// Telegram sends the configured secret back verbatim; an empty expected secret matches nothing.
bool verify_secret_token(std::string_view expected, std::string_view given);

}  // namespace loket::connectors
