// How the platforms prove a webhook call is theirs: Meta's X-Hub-Signature-256, X's CRC
// handshake and signed POSTs, Telegram's secret token. Every check runs over the raw body before
// anything parses it, and compares in constant time. Pure functions; thread-safe.
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

// Telegram sends the configured secret back verbatim; an empty expected secret matches nothing.
bool verify_secret_token(std::string_view expected, std::string_view given);

}  // namespace loket::connectors
