// Internal to connectors/: what the HTTP-based channels share when reading a platform's answer.
// Pure functions; thread-safe.
#pragma once

#include <boost/json/fwd.hpp>
#include <boost/system/error_code.hpp>

#include <string>
#include <string_view>

#include "connectors/connector.h"

namespace loket::connectors {

// Maps an HTTP status to what the dispatcher does next: 2xx delivered; 408, 429 and 5xx retry
// (after Retry-After when given); other statuses fail for good (404, 410 and 403: the contact
// is gone).
SendResult classify_http_answer(unsigned status, const std::string& retry_after);

// A request that got no answer (timeout, refused, TLS): retry, unless the URL itself is bad.
SendResult transport_failure(const boost::system::error_code& error);

// Platform ids that go into URL paths (X user ids, Meta page and phone number ids, Telegram chat
// ids): digits only (a leading '-' for Telegram groups), so a forged id cannot reach another path.
bool is_numeric_id(std::string_view id);

// The string at a JSON pointer ("/message/chat/id") of a platform's payload; empty when it is
// missing or not a string.
std::string string_at(const boost::json::value& v, std::string_view pointer);

// At most `max_bytes`, cut at a character boundary.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

}  // namespace loket::connectors
