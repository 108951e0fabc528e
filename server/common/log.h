// Structured logging: one logfmt line per event on stderr ("ts=... level=info event=request ...").
// Thread-safe; each line is written with a single call so lines from threads never interleave.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace loket::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3 };

void set_level(Level level);
bool parse_level(std::string_view text, Level& out);
bool enabled(Level level);

// A field value; numbers are formatted by the caller's choice of constructor.
struct Value {
  std::string text;
  Value(std::string_view s) : text(s) {}
  Value(const char* s) : text(s) {}
  Value(const std::string& s) : text(s) {}
  Value(int v) : text(std::to_string(v)) {}
  Value(unsigned v) : text(std::to_string(v)) {}
  Value(long v) : text(std::to_string(v)) {}
  Value(unsigned long v) : text(std::to_string(v)) {}
  Value(long long v) : text(std::to_string(v)) {}
  Value(unsigned long long v) : text(std::to_string(v)) {}
  Value(double v);
  Value(bool v) : text(v ? "true" : "false") {}
};

using Field = std::pair<std::string_view, Value>;

void write(Level level, std::string_view event, std::initializer_list<Field> fields);

inline void debug(std::string_view event, std::initializer_list<Field> fields = {}) {
  if (enabled(Level::debug)) write(Level::debug, event, fields);
}
inline void info(std::string_view event, std::initializer_list<Field> fields = {}) {
  if (enabled(Level::info)) write(Level::info, event, fields);
}
inline void warn(std::string_view event, std::initializer_list<Field> fields = {}) {
  if (enabled(Level::warn)) write(Level::warn, event, fields);
}
inline void error(std::string_view event, std::initializer_list<Field> fields = {}) {
  write(Level::error, event, fields);
}

}  // namespace loket::log
