#include "server/common/json_text.h"

#include <boost/json.hpp>

#include "intents/text_normalizer.h"

namespace loket::server {

void append_json_string(std::string& out, std::string_view s) {
  boost::json::serializer writer;
  writer.reset(boost::json::string_view(s.data(), s.size()));
  char buffer[1024];
  while (!writer.done()) out.append(writer.read(buffer, sizeof buffer));
}

std::string json_body_problem(std::string_view body, std::string_view parse_error) {
  if (!intents::is_valid_utf8(body)) return "body is not valid UTF-8";
  return std::string("body is not valid JSON: ").append(parse_error);
}

std::string write_error(std::string_view message, unsigned retry_after_s) {
  std::string out = "{\"error\":";
  append_json_string(out, message);
  if (retry_after_s > 0) out.append(",\"retry_after_s\":").append(std::to_string(retry_after_s));
  out += '}';
  return out;
}

}  // namespace loket::server
