#include "server/common/log.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "server/common/json_text.h"

namespace loket::log {
namespace {

std::atomic<int> g_level{static_cast<int>(Level::info)};
std::atomic<bool> g_json{false};
thread_local const std::string* t_municipality = nullptr;

const char* level_name(Level level) {
  switch (level) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
  }
  return "info";
}

// Quotes values with spaces, quotes or control characters so a line always parses as logfmt.
void append_value(std::string& line, std::string_view v) {
  bool plain = !v.empty();
  for (unsigned char c : v)
    if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7F) plain = false;
  if (plain) {
    line += v;
    return;
  }
  line += '"';
  for (unsigned char c : v) {
    if (c == '"' || c == '\\') {
      line += '\\';
      line += static_cast<char>(c);
    } else if (c < ' ' || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      line += buf;
    } else {
      line += static_cast<char>(c);
    }
  }
  line += '"';
}

}  // namespace

Value::Value(double v) : literal(std::isfinite(v)) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  text = buf;
}

void set_format(Format format) {
  g_json = format == Format::json;
}

void set_level(Level level) {
  g_level = static_cast<int>(level);
}

bool enabled(Level level) {
  return static_cast<int>(level) >= g_level.load(std::memory_order_relaxed);
}

bool parse_level(std::string_view text, Level& out) {
  for (Level l : {Level::debug, Level::info, Level::warn, Level::error}) {
    if (text == level_name(l)) {
      out = l;
      return true;
    }
  }
  return false;
}

MunicipalityScope::MunicipalityScope(const std::string* municipality) noexcept
    : outer_(t_municipality) {
  t_municipality = municipality != nullptr && !municipality->empty() ? municipality : nullptr;
}

const std::string* MunicipalityScope::current() noexcept {
  return t_municipality;
}

MunicipalityScope::~MunicipalityScope() {
  t_municipality = outer_;
}

void write(Level level, std::string_view event, std::initializer_list<Field> fields) {
  const std::string* municipality = t_municipality;
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char ts[64];
  std::snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis));
  std::string line;
  line.reserve(256);  // most lines fit: one allocation instead of one per doubling
  if (g_json.load(std::memory_order_relaxed)) {
    line.append("{\"ts\":\"").append(ts).append("\",\"level\":\"").append(level_name(level));
    line += "\",\"event\":";
    server::append_json_string(line, event);
    if (municipality != nullptr) {
      line += ",\"municipality\":";
      server::append_json_string(line, *municipality);
    }
    for (const auto& [key, value] : fields) {
      line += ',';
      server::append_json_string(line, key);
      line += ':';
      if (value.literal)
        line += value.text;
      else
        server::append_json_string(line, value.text);
    }
    line += "}\n";
  } else {
    line += "ts=";
    line += ts;
    line += " level=";
    line += level_name(level);
    line += " event=";
    append_value(line, event);
    if (municipality != nullptr) {
      line += " municipality=";
      append_value(line, *municipality);
    }
    for (const auto& [key, value] : fields) {
      line += ' ';
      line += key;
      line += '=';
      append_value(line, value.text);
    }
    line += '\n';
  }
  // One write(2) per line: atomic for lines up to PIPE_BUF on pipes, never interleaved mid-line
  // by our own threads.
  std::size_t off = 0;
  while (off < line.size()) {
    ssize_t n = ::write(STDERR_FILENO, line.data() + off, line.size() - off);
    if (n <= 0) break;
    off += static_cast<std::size_t>(n);
  }
}

}  // namespace loket::log
