#include "connectors/platform_answer.h"

#include "connectors/http_client.h"

#include <boost/asio/error.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <charconv>

namespace loket::connectors {

SendResult classify_http_answer(unsigned status, const std::string& retry_after) {
  SendResult r;
  if (status >= 200 && status < 300) return r;
  r.error = "HTTP " + std::to_string(status);
  if (status == 429 || status == 408 || status >= 500) {
    r.kind = SendResult::Kind::retry;
    long seconds = 0;
    auto [end, ec] =
        std::from_chars(retry_after.data(), retry_after.data() + retry_after.size(), seconds);
    if (ec == std::errc{} && seconds > 0)
      r.retry_after = std::chrono::seconds(std::min(seconds, 86400L));
    return r;
  }
  r.kind = SendResult::Kind::permanent;
  r.contact_gone = status == 404 || status == 410 || status == 403;
  return r;
}

SendResult transport_failure(const boost::system::error_code& error) {
  SendResult r;
  if (error == destination_not_public()) {
    // The address points inside (this machine, a private network): it will never be allowed.
    r.kind = SendResult::Kind::permanent;
    r.contact_gone = true;
    r.error = "the address is not public";
    return r;
  }
  const bool bad_url = error == boost::asio::error::invalid_argument;
  r.kind = bad_url ? SendResult::Kind::permanent : SendResult::Kind::retry;
  r.error = bad_url ? "the address is not a valid http:// or https:// URL" : error.message();
  return r;
}

bool is_numeric_id(std::string_view id) {
  if (!id.empty() && id[0] == '-') id.remove_prefix(1);
  return !id.empty() && id.size() <= 32 &&
         std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string string_at(const boost::json::value& v, std::string_view pointer) {
  boost::json::error_code ec;
  const boost::json::value* found = v.find_pointer(pointer, ec);
  return found != nullptr && found->is_string() ? std::string(found->get_string()) : std::string();
}

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

}  // namespace loket::connectors
