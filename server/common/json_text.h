// Small pieces of JSON text written straight into a string (through Boost.JSON's serializer, so
// escaping is never hand-written): the chat reply and every {"error"} body use them.
// Pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace boost::json {
class value;
}

namespace loket::server {

// `value` as JSON text, with its decimal numbers as people write them (0.1 and 2.5, where
// Boost.JSON 1.81 writes 1E-1 and 2.5E0): what the staff API answers, read by people and their
// scripts. Numbers that are not finite, which JSON has no way to write, become null.
std::string write_json(const boost::json::value& value);

// Appends `s` as a JSON string, quoted and escaped.
void append_json_string(std::string& out, std::string_view s);

// {"error": message}, with "retry_after_s" when it is not 0 (a rate limit).
std::string write_error(std::string_view message, unsigned retry_after_s = 0);

// Why `body`, which did not parse as JSON (`parse_error`), is refused: "body is not valid UTF-8"
// apart from "body is not valid JSON: ...", which a client would look for in its syntax.
std::string json_body_problem(std::string_view body, std::string_view parse_error);

}  // namespace loket::server
