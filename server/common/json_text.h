// Small pieces of JSON text written straight into a string (through Boost.JSON's serializer, so
// escaping is never hand-written): the chat reply and every {"error"} body use them.
// Pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace loket::server {

// Appends `s` as a JSON string, quoted and escaped.
void append_json_string(std::string& out, std::string_view s);

// {"error": message}, with "retry_after_s" when it is not 0 (a rate limit).
std::string write_error(std::string_view message, unsigned retry_after_s = 0);

// Why `body`, which did not parse as JSON (`parse_error`), is refused: "body is not valid UTF-8"
// apart from "body is not valid JSON: ...", which a client would look for in its syntax.
std::string json_body_problem(std::string_view body, std::string_view parse_error);

}  // namespace loket::server
