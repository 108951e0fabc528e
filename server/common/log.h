// Structured logging: one line per event on stderr, logfmt ("ts=... level=info event=request ...")
// or one JSON object (server.log_format: json). Thread-safe; each line is written with a single
// call so lines from threads never interleave.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace loket::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3 };
enum class Format { logfmt, json };

void set_level(Level level);
void set_format(Format format);  // at start-up, before other threads log
bool parse_level(std::string_view text, Level& out);
bool enabled(Level level);

// A field value; numbers are formatted by the caller's choice of constructor.
struct Value {
  std::string text;
  bool literal = false;  // a number or true/false: unquoted in JSON
  Value(std::string_view s) : text(s) {}
  Value(const char* s) : text(s) {}
  Value(const std::string& s) : text(s) {}
  Value(int v) : text(std::to_string(v)), literal(true) {}
  Value(unsigned v) : text(std::to_string(v)), literal(true) {}
  Value(long v) : text(std::to_string(v)), literal(true) {}
  Value(unsigned long v) : text(std::to_string(v)), literal(true) {}
  Value(long long v) : text(std::to_string(v)), literal(true) {}
  Value(unsigned long long v) : text(std::to_string(v)), literal(true) {}
  Value(double v);
  Value(bool v) : text(v ? "true" : "false"), literal(true) {}
};

using Field = std::pair<std::string_view, Value>;

void write(Level level, std::string_view event, std::initializer_list<Field> fields);

// While it lives, every line this thread writes names `municipality` (one of several a process
// serves); a nested one names its own until it ends. Null or empty names none; the string must
// outlive the scope. Never hold one across a co_await: other coroutines run on the thread
// meanwhile (a coroutine gets its scope from its executor, LoggedExecutor).
class MunicipalityScope {
 public:
  // What this thread's lines name now (null: none), for work handed to another thread.
  static const std::string* current() noexcept;
  explicit MunicipalityScope(const std::string* municipality) noexcept;
  ~MunicipalityScope();
  MunicipalityScope(const MunicipalityScope&) = delete;
  MunicipalityScope& operator=(const MunicipalityScope&) = delete;

 private:
  const std::string* outer_;
};

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
