#include "server/common/json_text.h"

#include <boost/json.hpp>

#include <charconv>
#include <cmath>

#include "intents/text_normalizer.h"

namespace loket::server {
namespace {

void append_value(std::string& out, const boost::json::value& value) {
  namespace json = boost::json;
  switch (value.kind()) {
    case json::kind::null:
      out += "null";
      return;
    case json::kind::bool_:
      out += value.get_bool() ? "true" : "false";
      return;
    case json::kind::int64:
      out += std::to_string(value.get_int64());
      return;
    case json::kind::uint64:
      out += std::to_string(value.get_uint64());
      return;
    case json::kind::double_: {
      const double d = value.get_double();
      if (!std::isfinite(d)) {
        out += "null";
        return;
      }
      char buffer[32];  // the shortest text that reads back as `d`: at most 24 characters
      const auto written = std::to_chars(buffer, buffer + sizeof buffer, d);
      out.append(buffer, written.ptr);
      return;
    }
    case json::kind::string:
      append_json_string(out, value.get_string());
      return;
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value.get_array()) {
        if (!first) out += ',';
        first = false;
        append_value(out, item);
      }
      out += ']';
      return;
    }
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : value.get_object()) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, key);
        out += ':';
        append_value(out, item);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

std::string write_json(const boost::json::value& value) {
  std::string out;
  append_value(out, value);
  return out;
}

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
