#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>

#include "config/channel_settings.h"
#include "config/config.h"
#include "config/file_reader.h"
#include "config/handoff_settings.h"
#include "config/lookup_table.h"
#include "config/office_hours.h"
#include "config/scheme_settings.h"
#include "config/web_link.h"
#include "config/widget_settings.h"
#include "config/yaml_checker.h"
#include "config/yaml_text.h"

namespace loket::config {
namespace fs = std::filesystem;

// "host:port", "[v6]:port" or ":port".
bool parse_listen(const std::string& text, std::string& host, std::uint16_t& port) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos) return false;
  host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  auto port_text = text.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5 ||
      !std::all_of(port_text.begin(), port_text.end(), ::isdigit))
    return false;
  auto value = std::stoul(port_text);
  if (value > 65535) return false;
  port = static_cast<std::uint16_t>(value);
  return true;
}

namespace {

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

// "…", "...", "TODO", "xxx", "?": what a draft says where a text still has to be written.
bool is_placeholder(std::string_view text) {
  std::string t = trimmed(text);
  for (auto& ch : t) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (t == "todo" || t == "tbd" || t == "xxx" || t == "nog invullen" || t == "invullen")
    return true;
  std::string_view rest = t;
  bool any = false;
  while (!rest.empty()) {
    if (rest.starts_with("\xE2\x80\xA6")) {
      rest.remove_prefix(3);  // … in UTF-8
    } else if (rest.front() == '.' || rest.front() == '?' || rest.front() == ' ') {
      rest.remove_prefix(1);
    } else {
      return false;
    }
    any = true;
  }
  return any;
}

// "10.0.0.0/8", "2001:db8::/32", "192.0.2.7" (one address): an IPv4 or IPv6 address and an
// optional prefix length that fits it.
bool is_cidr(const std::string& text) {
  const auto slash = text.find('/');
  const std::string address = text.substr(0, slash);
  unsigned char bytes[16];
  const bool v4 = inet_pton(AF_INET, address.c_str(), bytes) == 1;
  if (!v4 && inet_pton(AF_INET6, address.c_str(), bytes) != 1) return false;
  if (slash == std::string::npos) return true;
  const std::string bits = text.substr(slash + 1);
  if (bits.empty() || bits.size() > 3 || !std::all_of(bits.begin(), bits.end(), ::isdigit))
    return false;
  return std::stoi(bits) <= (v4 ? 32 : 128);
}

constexpr std::size_t kMaxContentFiles = 1000;

// `languages`: those whose texts are looked at for a comment that cuts them short (the warnings
// go to `config.file_warnings`); none for the server file, read before the languages are known.
std::optional<YAML::Node> parse_file(FileReader& files, const fs::path& path,
                                     std::vector<Diagnostic>& errors, Config& config,
                                     const std::vector<std::string>& languages) {
  std::string error;
  const auto bytes = files.read(path, kMaxConfigFileBytes, error);
  if (!bytes) {
    errors.push_back({path.string(), 1, 1, error});
    return std::nullopt;
  }
  try {
    YAML::Node root = parse_yaml(*bytes);
    if (!languages.empty()) {
      for (auto& w : comments_cutting_texts(*bytes, root, path.string(), languages))
        config.file_warnings.push_back(std::move(w));
      for (auto& w : list_items_read_as_text(*bytes, root, path.string()))
        config.file_warnings.push_back(std::move(w));
      for (auto& w : languages_read_as_text(*bytes, root, path.string(), languages))
        config.file_warnings.push_back(std::move(w));
    }
    return root;
  } catch (const YAML::ParserException& e) {
    errors.push_back({path.string(), e.mark.line + 1, e.mark.column + 1, e.msg});
  }
  return std::nullopt;
}

class ConfigReader {
 public:
  ConfigReader(std::vector<Diagnostic>& errors, FileReader& files)
      : errors_(errors), files_(files) {}

  void read_server_file(const fs::path& path, Config& config);
  void read_content_file(const Config::ContentFile& file, Config& config);
  void check_whole(Config& config);

 private:
  void read_server(YamlChecker& c, const YAML::Node& node, const fs::path& base,
                   ServerSettings& out);
  void read_limits(YamlChecker& c, const YAML::Node& node, Limits& out);
  void read_matcher(YamlChecker& c, const YAML::Node& node, MatcherSettings& out);
  void read_languages(YamlChecker& c, const YAML::Node& node, Config& config);
  void read_area(YamlChecker& c, const YAML::Node& node, const fs::path& base, Config& config);
  void read_map(YamlChecker& c, const YAML::Node& node, MapSettings& out);
  void read_oidc(YamlChecker& c, const YAML::Node& node, const fs::path& base, OidcSettings& out);
  void read_additions(YamlChecker& c, const YAML::Node& node, const fs::path& base, Config& config);
  void read_database(YamlChecker& c, const YAML::Node& node, DatabaseSettings& out);
  void read_area_locations(YamlChecker& c, const YAML::Node& node, const fs::path& base,
                           std::map<std::string, std::pair<double, double>>& out);
  void read_notifications(YamlChecker& c, const YAML::Node& node, NotificationSettings& out);
  void read_topic(YamlChecker& c, const YAML::Node& node, Config& config);
  void read_content_paths(YamlChecker& c, const YAML::Node& node, const fs::path& base,
                          std::vector<Config::ContentFile>& out, const char* what,
                          std::vector<fs::path>* folders = nullptr,
                          std::vector<Diagnostic>* unread = nullptr);
  void read_intent(YamlChecker& c, const YAML::Node& node, Config& config);
  // The parts of an intent; read_intent calls them in the order its errors are reported.
  // False when the node cannot be used; `base` is set to the intent an override (override: true
  // in a later content layer) changes, and is null for a new intent.
  bool read_intent_id(YamlChecker& c, const YAML::Node& node, Config& config, Intent& intent,
                      Intent*& base);
  // A later content layer's message replaces an earlier layer's; false: already set in this one.
  bool claim_message(const std::string& key) {
    auto [it, inserted] = message_layer_.try_emplace(key, layer_);
    if (!inserted && it->second == layer_) return false;
    it->second = layer_;
    return true;
  }
  void record_origin(const YAML::Node& node, const std::string& file, bool overriding,
                     Intent& intent);
  void read_intent_title_and_examples(YamlChecker& c, const YAML::Node& node, Config& config,
                                      const std::string& what, Intent& intent);
  void read_intent_answer(YamlChecker& c, const YAML::Node& node, Config& config,
                          const std::string& what, Intent& intent);
  void read_intent_slots(YamlChecker& c, const YAML::Node& node, const Config& config,
                         const std::string& what, Intent& intent);
  // True when a lookup is given but its key or table cannot be used.
  bool read_intent_lookup(YamlChecker& c, const YAML::Node& node, const Config& config,
                          const std::string& what, Intent& intent);
  void read_intent_action(YamlChecker& c, const YAML::Node& node, const Config& config,
                          const std::string& what, Intent& intent);
  void read_intent_metadata(YamlChecker& c, const YAML::Node& node, const Config& config,
                            const std::string& what, Intent& intent);

  std::vector<Diagnostic>& errors_;
  FileReader& files_;
  struct IntentOrigin {
    std::string file;  // where it is defined
    int line = 0;
    std::size_t layer = 0;      // of the intent, or of its latest override
    std::string overridden_at;  // "file:line" of the latest override; empty: none
  };
  std::map<std::string, IntentOrigin> intent_origin_;  // by id
  std::map<std::string, std::size_t> message_layer_;   // messages.KEY -> layer
  std::size_t layer_ = 0;                              // the content: entry of the file being read
  bool overriding_ = false;  // reading an override: parts left out keep the shared intent's
  std::vector<std::pair<Diagnostic, std::string>> pending_suggestions_;  // where, target id
  std::vector<std::pair<Diagnostic, std::string>> pending_topics_;       // where, topic id
  bool unreadable_content_ = false;  // a content file is no YAML: see check_whole()
};

void ConfigReader::read_server(YamlChecker& c, const YAML::Node& node, const fs::path& base,
                               ServerSettings& out) {
  if (!c.expect_map(node, "server",
                    {"listen", "threads", "drain_timeout_s", "shutdown_delay_s", "log_level",
                     "log_format", "trusted_proxies", "client_address_header", "metrics_token"}))
    return;
  if (node["metrics_token"])
    if (auto token = read_required_secret(c, node, "metrics_token", "server.metrics_token", base))
      out.metrics_token = std::move(*token);
  if (auto n = node["trusted_proxies"]) {
    if (auto list = c.string_list(n, "server.trusted_proxies")) {
      for (std::size_t i = 0; i < list->size(); ++i) {
        if (is_cidr((*list)[i]))
          out.trusted_proxies.push_back((*list)[i]);
        else
          c.error(n[i], "server.trusted_proxies: '" + (*list)[i] +
                            "' is not an address range (10.0.0.0/8, 192.0.2.7/32, ::1/128)");
      }
    }
  }
  if (auto n = node["client_address_header"]) {
    if (auto s = c.string(n, "server.client_address_header")) {
      if (*s == "x-forwarded-for" || *s == "forwarded")
        out.client_address_header = *s;
      else
        c.error(n,
                "server.client_address_header must be x-forwarded-for or forwarded (the "
                "header your proxy appends the client to); found '" +
                    *s + "'");
    }
  }
  if (auto n = node["listen"]) {
    if (auto s = c.string(n, "server.listen");
        s && !parse_listen(*s, out.listen_host, out.listen_port))
      c.error(n, "server.listen must be HOST:PORT, found '" + *s + "'");
  }
  if (auto n = node["threads"])
    if (auto v = c.integer(n, "server.threads", 0, 256)) out.threads = static_cast<unsigned>(*v);
  if (auto n = node["drain_timeout_s"])
    if (auto v = c.integer(n, "server.drain_timeout_s", 0, 3600))
      out.drain_timeout = std::chrono::seconds(*v);
  if (auto n = node["shutdown_delay_s"])
    if (auto v = c.integer(n, "server.shutdown_delay_s", 0, 300))
      out.shutdown_delay = std::chrono::seconds(*v);
  if (auto n = node["log_format"]) {
    if (auto s = c.string(n, "server.log_format")) {
      if (*s != "logfmt" && *s != "json")
        c.error(n, "server.log_format must be logfmt or json; found '" + *s + "'");
      else
        out.log_format = *s;
    }
  }
  if (auto n = node["log_level"]) {
    if (auto s = c.string(n, "server.log_level")) {
      if (*s != "debug" && *s != "info" && *s != "warn" && *s != "error")
        c.error(n, "server.log_level must be one of debug, info, warn, error; found '" + *s + "'");
      else
        out.log_level = *s;
    }
  }
}

void ConfigReader::read_limits(YamlChecker& c, const YAML::Node& node, Limits& out) {
  if (!c.expect_map(
          node, "limits",
          {"max_body_bytes", "max_text_chars", "max_connections", "max_sessions",
           "request_timeout_s", "idle_timeout_s", "websocket_idle_timeout_s", "session_ttl_s",
           "max_import_bytes", "log_retention_days", "subscriptions_per_minute",
           "chat_per_client_per_minute", "chat_per_session_per_minute",
           "inactive_contact_retention_days", "delivery_retention_days", "audit_retention_days",
           "staff_session_idle_s", "staff_session_max_s"}))
    return;
  auto size = [&](const char* key, std::size_t& field, long long min, long long max) {
    if (auto n = node[key])
      if (auto v = c.integer(n, std::string("limits.") + key, min, max))
        field = static_cast<std::size_t>(*v);
  };
  auto secs = [&](const char* key, std::chrono::seconds& field, long long max) {
    if (auto n = node[key])
      if (auto v = c.integer(n, std::string("limits.") + key, 1, max))
        field = std::chrono::seconds(*v);
  };
  size("max_body_bytes", out.max_body_bytes, 256, 64LL * 1024 * 1024);
  size("max_text_chars", out.max_text_chars, 1, 100000);
  size("max_connections", out.max_connections, 1, 1000000);
  size("max_sessions", out.max_sessions, 1, 100000000);
  size("max_import_bytes", out.max_import_bytes, 1024, 1024LL * 1024 * 1024);
  for (auto [key, field] :
       {std::pair{"log_retention_days", &out.log_retention_days},
        std::pair{"inactive_contact_retention_days", &out.inactive_contact_retention_days},
        std::pair{"delivery_retention_days", &out.delivery_retention_days},
        std::pair{"audit_retention_days", &out.audit_retention_days}})
    if (auto n = node[key])
      if (auto v = c.integer(n, std::string("limits.") + key, 1, 3650))
        *field = static_cast<int>(*v);
  if (auto n = node["subscriptions_per_minute"])
    if (auto v = c.number(n, "limits.subscriptions_per_minute", 0, 100000))
      out.subscriptions_per_minute = *v;
  if (auto n = node["chat_per_client_per_minute"])
    if (auto v = c.number(n, "limits.chat_per_client_per_minute", 0, 1000000))
      out.chat_per_client_per_minute = *v;
  if (auto n = node["chat_per_session_per_minute"])
    if (auto v = c.number(n, "limits.chat_per_session_per_minute", 0, 100000))
      out.chat_per_session_per_minute = *v;
  secs("request_timeout_s", out.request_timeout, 3600);
  secs("idle_timeout_s", out.idle_timeout, 86400);
  secs("websocket_idle_timeout_s", out.websocket_idle_timeout, 86400);
  secs("session_ttl_s", out.session_ttl, 30 * 86400);
  secs("staff_session_idle_s", out.staff_session_idle, 86400);
  secs("staff_session_max_s", out.staff_session_max, 7 * 86400);
  if (out.staff_session_idle > out.staff_session_max)
    c.error(node["staff_session_idle_s"] ? node["staff_session_idle_s"] : node,
            "limits.staff_session_idle_s is longer than limits.staff_session_max_s (" +
                std::to_string(out.staff_session_max.count()) +
                " s): the idle limit would never apply");
}

void ConfigReader::read_matcher(YamlChecker& c, const YAML::Node& node, MatcherSettings& out) {
  if (!c.expect_map(node, "matcher",
                    {"threshold", "sure_threshold", "action_threshold", "ambiguity_margin",
                     "max_suggestions"}))
    return;
  if (auto n = node["threshold"])
    if (auto v = c.number(n, "matcher.threshold", 0.0, 1.0)) out.threshold = *v;
  if (auto n = node["sure_threshold"])
    if (auto v = c.number(n, "matcher.sure_threshold", 0.0, 1.0)) {
      if (out.threshold && *v < *out.threshold)
        c.error(n,
                "matcher.sure_threshold must be at least matcher.threshold: below the "
                "threshold loket does not answer at all");
      else
        out.sure_threshold = *v;
    }
  if (auto n = node["action_threshold"])
    if (auto v = c.number(n, "matcher.action_threshold", 0.0, 1.0)) out.action_threshold = *v;
  if (auto n = node["ambiguity_margin"])
    if (auto v = c.number(n, "matcher.ambiguity_margin", 0.0, 1.0)) out.ambiguity_margin = *v;
  if (auto n = node["max_suggestions"])
    if (auto v = c.integer(n, "matcher.max_suggestions", 0, 10))
      out.max_suggestions = static_cast<std::size_t>(*v);
}

// area: {postcodes: ["9701-9710", "9750"]}: ranges of a postcode's four digits.
void ConfigReader::read_area(YamlChecker& c, const YAML::Node& node, const fs::path& base,
                             Config& config) {
  if (!c.expect_map(node, "area", {"postcodes", "locations", "map"})) return;
  if (auto n = node["locations"]) read_area_locations(c, n, base, config.area_locations);
  if (auto n = node["map"]) read_map(c, n, config.map);
  if (!node["postcodes"]) return;
  auto& out = config.area_postcodes;
  auto list = c.string_list(node["postcodes"], "area.postcodes");
  if (!list) return;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string& range = (*list)[i];
    const auto dash = range.find('-');
    const std::string from = range.substr(0, dash);
    const std::string to = dash == std::string::npos ? from : range.substr(dash + 1);
    const auto four_digits = [](const std::string& s) {
      return s.size() == 4 && std::all_of(s.begin(), s.end(), ::isdigit) && s[0] != '0';
    };
    if (!four_digits(from) || !four_digits(to) || std::stoi(from) > std::stoi(to)) {
      c.error(node["postcodes"][i],
              "area.postcodes: '" + range + "' is not a range of postcode digits (9701-9710)");
      continue;
    }
    out.emplace_back(std::stoi(from), std::stoi(to));
  }
}

void ConfigReader::read_map(YamlChecker& c, const YAML::Node& node, MapSettings& out) {
  if (!c.expect_map(node, "area.map", {"tiles", "attribution", "centre", "zoom"})) return;
  if (auto n = node["tiles"]) {
    if (auto s = c.non_empty_string(n, "area.map.tiles")) {
      const bool web = s->starts_with("https://") || s->starts_with("http://");
      if (!web || s->find("{z}") == std::string::npos || s->find("{x}") == std::string::npos ||
          s->find("{y}") == std::string::npos || s->find_first_of(" '\"\\;") != std::string::npos)
        c.error(n,
                "area.map.tiles must be an http(s) URL with {z}, {x} and {y}, found '" + *s + "'");
      else
        out.tiles = *s;
    }
  }
  if (auto n = node["attribution"])
    if (auto s = c.non_empty_string(n, "area.map.attribution")) out.attribution = *s;
  if (auto n = node["centre"]) {
    if (!n.IsSequence() || n.size() != 2) {
      c.error(n, "area.map.centre must be [latitude, longitude]");
    } else {
      auto lat = c.number(n[0], "area.map.centre latitude", -90, 90);
      auto lon = c.number(n[1], "area.map.centre longitude", -180, 180);
      if (lat && lon) out.centre = std::pair{*lat, *lon};
    }
  }
  if (auto n = node["zoom"])
    if (auto v = c.integer(n, "area.map.zoom", 1, 19)) out.zoom = static_cast<int>(*v);
}

// A CSV of postcode (four digits, or with the letters), lat, lon in WGS 84 degrees.
void ConfigReader::read_area_locations(YamlChecker& c, const YAML::Node& node, const fs::path& base,
                                       std::map<std::string, std::pair<double, double>>& out) {
  auto name = c.non_empty_string(node, "area.locations");
  if (!name) return;
  const fs::path path = base / *name;
  std::string error;
  const auto bytes = files_.read(path, kMaxTableBytes, error);
  if (!bytes) {
    c.error(node, "area.locations: cannot read '" + *name + "': " + error);
    return;
  }
  auto table = read_lookup_table(path, *bytes, errors_);
  if (!table) return;
  const auto column = [&](const char* wanted) {
    auto it = std::find(table->columns.begin(), table->columns.end(), wanted);
    return it == table->columns.end() ? -1 : static_cast<int>(it - table->columns.begin()) - 1;
  };
  const int lat = column("lat"), lon = column("lon");
  if (table->columns.front() != "postcode" || lat < 0 || lon < 0) {
    errors_.push_back({path.string(), 1, 1, "area.locations: the columns are postcode, lat, lon"});
    return;
  }
  static const std::regex kPostcode("[1-9][0-9]{3}([A-Z]{2})?");
  for (const auto& [written, values] : table->rows) {
    std::string postcode = written;
    std::erase(postcode, ' ');
    char* end = nullptr;
    const double la = std::strtod(values[static_cast<std::size_t>(lat)].c_str(), &end);
    const bool lat_ok = *end == '\0' && la >= -90 && la <= 90;
    const double lo = std::strtod(values[static_cast<std::size_t>(lon)].c_str(), &end);
    const bool lon_ok = *end == '\0' && lo >= -180 && lo <= 180;
    if (!std::regex_match(postcode, kPostcode) || !lat_ok || !lon_ok) {
      errors_.push_back({path.string(), 1, 1,
                         "area.locations: postcode '" + postcode +
                             "' needs four digits (and two letters), lat -90..90, lon -180..180"});
      continue;
    }
    out[postcode] = {la, lo};
  }
}

void ConfigReader::read_database(YamlChecker& c, const YAML::Node& node, DatabaseSettings& out) {
  if (!c.expect_map(node, "database", {"url", "pool_size", "statement_timeout_s"})) return;
  if (auto n = node["url"]) {
    if (auto s = c.non_empty_string(n, "database.url")) {
      // Secrets stay out of the YAML: a URL with a password belongs in LOKET_DATABASE_URL.
      const auto at = s->find('@');
      const auto scheme = s->find("://");
      if (s->find("password=") != std::string::npos ||
          (at != std::string::npos && scheme != std::string::npos &&
           s->substr(scheme + 3, at - scheme - 3).find(':') != std::string::npos))
        c.error(n,
                "database.url must not contain a password: put the URL in the environment "
                "variable LOKET_DATABASE_URL, or use a .pgpass file");
      else
        out.url = *s;
    }
  }
  if (auto n = node["pool_size"])
    if (auto v = c.integer(n, "database.pool_size", 1, 64))
      out.pool_size = static_cast<std::size_t>(*v);
  if (auto n = node["statement_timeout_s"])
    if (auto v = c.integer(n, "database.statement_timeout_s", 1, 3600))
      out.statement_timeout = std::chrono::seconds(*v);
}

namespace {

// "22:00" -> 1320
std::optional<int> parse_clock(const std::string& text) {
  if (text.size() != 5 || text[2] != ':' || !std::isdigit(static_cast<unsigned char>(text[0])) ||
      !std::isdigit(static_cast<unsigned char>(text[1])) ||
      !std::isdigit(static_cast<unsigned char>(text[3])) ||
      !std::isdigit(static_cast<unsigned char>(text[4])))
    return std::nullopt;
  const int h = std::stoi(text.substr(0, 2)), m = std::stoi(text.substr(3));
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

}  // namespace

void ConfigReader::read_notifications(YamlChecker& c, const YAML::Node& node,
                                      NotificationSettings& out) {
  if (!c.expect_map(node, "notifications",
                    {"workers", "batch", "sends_in_flight", "max_attempts", "poll_interval_ms",
                     "send_timeout_s", "retry_base_ms", "retry_max_s", "timezone", "quiet_hours",
                     "channels"}))
    return;
  if (auto n = node["workers"])
    if (auto v = c.integer(n, "notifications.workers", 1, 64))
      out.workers = static_cast<std::size_t>(*v);
  if (auto n = node["batch"])
    if (auto v = c.integer(n, "notifications.batch", 1, 10000))
      out.batch = static_cast<std::size_t>(*v);
  if (auto n = node["sends_in_flight"])
    if (auto v = c.integer(n, "notifications.sends_in_flight", 1, 1024))
      out.sends_in_flight = static_cast<std::size_t>(*v);
  if (auto n = node["max_attempts"])
    if (auto v = c.integer(n, "notifications.max_attempts", 1, 100))
      out.max_attempts = static_cast<int>(*v);
  if (auto n = node["poll_interval_ms"])
    if (auto v = c.integer(n, "notifications.poll_interval_ms", 10, 600000))
      out.poll_interval = std::chrono::milliseconds(*v);
  if (auto n = node["send_timeout_s"])
    if (auto v = c.integer(n, "notifications.send_timeout_s", 1, 300))
      out.send_timeout = std::chrono::seconds(*v);
  if (auto n = node["retry_base_ms"])
    if (auto v = c.integer(n, "notifications.retry_base_ms", 1, 3600000))
      out.retry_base = std::chrono::milliseconds(*v);
  if (auto n = node["retry_max_s"])
    if (auto v = c.integer(n, "notifications.retry_max_s", 1, 7 * 86400))
      out.retry_max = std::chrono::seconds(*v);
  if (auto n = node["timezone"])
    if (auto s = c.non_empty_string(n, "notifications.timezone")) {
      if (is_time_zone(*s))
        out.timezone = *s;
      else
        c.error(n,
                "notifications.timezone: '" + *s + "' is not a time zone of the system's database");
    }
  if (auto n = node["quiet_hours"];
      n && c.expect_map(n, "notifications.quiet_hours", {"start", "end"})) {
    for (auto [key, field] :
         {std::pair{"start", &out.quiet_start}, std::pair{"end", &out.quiet_end}}) {
      if (auto m = n[key]) {
        auto s = c.string(m, std::string("notifications.quiet_hours.") + key);
        auto minutes = s ? parse_clock(*s) : std::nullopt;
        if (s && !minutes)
          c.error(m, std::string("notifications.quiet_hours.") + key + " must be HH:MM, found '" +
                         *s + "'");
        else if (minutes)
          *field = *minutes;
      }
    }
  }
  if (auto n = node["channels"]; n && c.expect_any_map(n, "notifications.channels")) {
    for (const auto& kv : n) {
      const std::string what = "notifications.channels." + kv.first.Scalar();
      if (!c.expect_map(kv.second, what, {"per_second", "burst"})) continue;
      ChannelLimits limits;
      if (auto m = kv.second["per_second"])
        if (auto v = c.number(m, what + ".per_second", 0.01, 100000)) limits.per_second = *v;
      if (auto m = kv.second["burst"])
        if (auto v = c.number(m, what + ".burst", 1, 100000)) limits.burst = *v;
      out.channels[kv.first.Scalar()] = limits;
    }
  }
}

void ConfigReader::read_topic(YamlChecker& c, const YAML::Node& node, Config& config) {
  if (!c.expect_map(node, "a topic",
                    {"id", "name", "urgent_allowed", "public", "whatsapp_template"}))
    return;
  if (!node["id"] || !node["name"]) {
    c.error(node, "a topic needs an id and a name");
    return;
  }
  auto id = c.non_empty_string(node["id"], "topic id");
  auto name = read_lang_text(c, node["name"], "topic name", config);
  if (!id || !name) return;
  if (const Topic* first = config.find_topic(*id)) {
    c.error(node["id"], "duplicate topic id '" + *id + "' (first defined at " + first->file + ":" +
                            std::to_string(first->line) + ")");
    return;
  }
  Topic topic{*id, *name, false, std::nullopt, c.file(), YamlChecker::line_of(node)};
  if (auto n = node["whatsapp_template"]) {
    topic.whatsapp_template = read_whatsapp_template(c, n, "topic '" + *id + "' whatsapp_template");
    if (topic.whatsapp_template)
      for (const auto& [lang, code] : topic.whatsapp_template->languages)
        if (!config.has_language(lang))
          c.error(n["languages"], "topic '" + *id + "' whatsapp_template: language '" + lang +
                                      "' is not in languages.supported");
  }
  if (auto n = node["urgent_allowed"])
    topic.urgent_allowed = c.boolean(n, "topic urgent_allowed").value_or(false);
  if (auto n = node["public"]) topic.is_public = c.boolean(n, "topic public").value_or(false);
  config.topics.push_back(std::move(topic));
}

void ConfigReader::read_languages(YamlChecker& c, const YAML::Node& node, Config& config) {
  if (!c.expect_map(node, "languages", {"default", "supported"})) return;
  if (!node["default"]) c.error(node, "languages.default is missing");
  if (!node["supported"]) c.error(node, "languages.supported is missing");
  if (!node["default"] || !node["supported"]) return;
  auto def = c.non_empty_string(node["default"], "languages.default");
  auto list = c.string_list(node["supported"], "languages.supported");
  if (!def || !list) return;
  std::size_t i = 0;
  for (const auto& lang : *list) {
    const auto& at = node["supported"][i++];
    std::string lower = lang;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lower != lang && is_supported_language(lower)) {
      c.error(at, "language '" + lang + "' must be written in lower case: '" + lower + "'");
      // Taken all the same: the content's "nl:" keys are then not reported as well.
      if (std::find(config.languages.begin(), config.languages.end(), lower) ==
          config.languages.end())
        config.languages.push_back(lower);
    } else if (!is_supported_language(lang))
      c.error(at, "language '" + lang +
                      "' is not a language code: two lower-case letters of ISO 639-1 (such as "
                      "nl, fy, de, pl, tr or ar) or three of ISO 639-3 (such as pap)");
    else if (const auto two = two_letter_code_of(lang); !two.empty())
      c.error(at, "language '" + lang + "' has a two-letter code: use '" + std::string(two) +
                      "' (content, residents' browsers and the stemmers use that one)");
    else if (std::find(config.languages.begin(), config.languages.end(), lang) !=
             config.languages.end())
      c.error(at, "language '" + lang + "' is listed twice");
    else
      config.languages.push_back(lang);
  }
  auto it = std::find(config.languages.begin(), config.languages.end(), *def);
  if (it == config.languages.end()) {
    c.error(node["default"], "languages.default '" + *def + "' is not in languages.supported");
    return;
  }
  std::rotate(config.languages.begin(), it, it + 1);
  config.default_language = *def;
}

void ConfigReader::read_content_paths(YamlChecker& c, const YAML::Node& node, const fs::path& base,
                                      std::vector<Config::ContentFile>& out, const char* what,
                                      std::vector<fs::path>* folders,
                                      std::vector<Diagnostic>* unread) {
  auto list = c.string_list(node, what);
  if (!list) return;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto& entry = (*list)[i];
    const auto& at = node[i];
    const fs::path p = (base / entry).lexically_normal();
    if (files_.is_directory(p)) {
      if (folders != nullptr) folders->push_back(p);
      auto files = files_.yaml_files_in(p);
      if (files.empty())
        c.error(at, std::string(what) + " folder '" + entry + "' has no .yaml files");
      for (auto& f : files) out.push_back({std::move(f), i});
      if (unread != nullptr)
        for (const auto& f : files_.unread_in(p))
          unread->push_back(
              {f.string(), 1, 1,
               fs::is_directory(f)
                   ? "this folder is not read: content folders are read without their "
                     "subfolders, so list it under " +
                         std::string(what) + " too"
                   : "this file is not read: only names ending in .yaml or .yml, in small "
                     "letters, are (rename it)"});
    } else if (files_.is_file(p)) {
      out.push_back({p, i});
    } else {
      // A bare file name's folder is the current one: say so rather than "relative to ".
      c.error(at, std::string(what) + " path '" + entry + "' does not exist (relative to " +
                      (base.empty() ? std::string("the current folder") : base.string()) + ")");
    }
  }
  if (out.size() > kMaxContentFiles) {
    c.error(node, "more than " + std::to_string(kMaxContentFiles) + " " + what + " files");
    out.resize(kMaxContentFiles);
  }
}

// An http:// issuer or redirect only on this machine (a test's fake issuer); else https://.
bool oidc_url(const std::string& url) {
  return url.starts_with("https://") || url.starts_with("http://127.0.0.1:") ||
         url.starts_with("http://localhost:");
}

void ConfigReader::read_oidc(YamlChecker& c, const YAML::Node& node, const fs::path& base,
                             OidcSettings& out) {
  if (!c.expect_map(
          node, "oidc",
          {"name", "issuer", "client_id", "client_secret", "redirect_uri", "roles_claim", "roles"}))
    return;
  if (auto n = node["name"])
    if (auto s = c.non_empty_string(n, "oidc.name")) out.name = *s;
  for (auto [key, field] :
       {std::pair{"issuer", &out.issuer}, std::pair{"client_id", &out.client_id},
        std::pair{"redirect_uri", &out.redirect_uri}}) {
    const std::string what = std::string("oidc.") + key;
    if (!node[key]) {
      c.error(node, what + " is missing");
      continue;
    }
    if (auto s = c.non_empty_string(node[key], what)) *field = *s;
  }
  for (auto [key, value] :
       {std::pair{"issuer", out.issuer}, std::pair{"redirect_uri", out.redirect_uri}})
    if (!value.empty() && !oidc_url(value))
      c.error(node[key],
              std::string("oidc.") + key + " must be an https:// URL, found '" + value + "'");
  if (!out.redirect_uri.empty() && !out.redirect_uri.ends_with("/admin/v1/session/oidc/callback"))
    c.error(node["redirect_uri"],
            "oidc.redirect_uri must end in /admin/v1/session/oidc/callback (register it so at the "
            "issuer)");
  if (auto secret = read_required_secret(c, node, "client_secret", "oidc.client_secret", base))
    out.client_secret = std::move(*secret);
  if (auto n = node["roles_claim"])
    if (auto s = c.non_empty_string(n, "oidc.roles_claim")) out.roles_claim = *s;
  const YAML::Node roles = node["roles"];
  if (!roles || !roles.IsMap() || roles.size() == 0) {
    c.error(roles ? roles : node,
            "oidc.roles must map the account's roles or groups to loket's (editor, campaigns, "
            "agent, admin)");
    return;
  }
  for (const auto& entry : roles) {
    const std::string from = entry.first.as<std::string>();
    auto to = c.string(entry.second, "oidc.roles." + from);
    if (!to) continue;
    if (*to != "editor" && *to != "campaigns" && *to != "agent" && *to != "admin")
      c.error(entry.second, "oidc.roles." + from + " must be editor, campaigns, agent or admin");
    else
      out.roles[from] = *to;
  }
}

// The additions file is the last content layer, alone: its overrides then apply over every
// intent, and nothing else in its layer could be overridden by it.
void ConfigReader::read_additions(YamlChecker& c, const YAML::Node& node, const fs::path& base,
                                  Config& config) {
  auto name = c.non_empty_string(node, "additions");
  if (!name) return;
  const fs::path path = (base / *name).lexically_normal();
  const auto& files = config.content_files;
  const bool last_alone =
      !files.empty() && files.back().path == path &&
      (files.size() == 1 || files[files.size() - 2].layer != files.back().layer);
  if (!last_alone) {
    c.error(node, "additions: '" + *name +
                      "' must also be the last entry under content, a layer of its own");
    return;
  }
  config.additions_file = path;
}

void ConfigReader::read_server_file(const fs::path& path, Config& config) {
  config.file = path;
  auto root = parse_file(files_, path, errors_, config, {});
  if (!root) return;
  YamlChecker c(path.string(), errors_);
  if (!c.expect_map(*root, "the server file",
                    {"municipality", "area", "server", "limits", "matcher", "languages", "content",
                     "conversation_tests", "database", "notifications", "channels", "widget",
                     "handoff", "additions", "oidc"}))
    return;
  if (auto n = (*root)["area"]) read_area(c, n, path.parent_path(), config);
  if (auto n = (*root)["channels"]) read_channels(c, n, path.parent_path(), config.channels);
  if (auto n = (*root)["database"]) read_database(c, n, config.database);
  if (auto n = (*root)["notifications"]) read_notifications(c, n, config.notifications);
  if (auto n = (*root)["municipality"])
    if (auto s = c.non_empty_string(n, "municipality")) config.municipality = *s;
  if (auto n = (*root)["server"]) read_server(c, n, path.parent_path(), config.server);
  if (auto n = (*root)["limits"]) read_limits(c, n, config.limits);
  if (auto n = (*root)["matcher"]) read_matcher(c, n, config.matcher);
  if (auto n = (*root)["languages"])
    read_languages(c, n, config);
  else
    c.error(*root,
            "languages is missing (for example: languages: {default: nl, supported: [nl, en]})");
  config.widget.name = config.municipality;
  if (auto n = (*root)["widget"]) read_widget(c, n, config);
  if (auto n = (*root)["handoff"]) read_handoff(c, n, path.parent_path(), config.handoff.emplace());
  if (auto n = (*root)["content"])
    read_content_paths(c, n, path.parent_path(), config.content_files, "content",
                       &config.content_folders, &config.file_warnings);
  else
    c.error(*root, "content is missing: list the content files or folders");
  if (auto n = (*root)["additions"]) read_additions(c, n, path.parent_path(), config);
  if (auto n = (*root)["oidc"]) read_oidc(c, n, path.parent_path(), config.oidc.emplace());
  if (auto n = (*root)["conversation_tests"]) {
    std::vector<Config::ContentFile> tests;
    read_content_paths(c, n, path.parent_path(), tests, "conversation_tests");
    for (auto& test : tests) config.conversation_test_files.push_back(std::move(test.path));
  }
}

// A '{' that opens no placeholder a resident would not see as it is: "{papier" left open, or
// "{rest afval}" with a space. Empty when the text has none.
std::string brace_problem(std::string_view text) {
  for (std::size_t i = text.find('{'); i != std::string_view::npos; i = text.find('{', i + 1)) {
    const auto end = text.find_first_of("{}", i + 1);
    if (end == std::string_view::npos || text[end] == '{')
      return "has a '{' without its '}': write a placeholder as {name}";
    const auto name = text.substr(i + 1, end - i - 1);
    if (placeholders(text.substr(i, end - i + 1)).empty())
      return "has {" + std::string(name) +
             "}: a placeholder's name is letters, digits and '_', without spaces";
  }
  return {};
}

// Every {placeholder} in `field` (a text per language) must be one of `known`; `unknown` says
// what the others are not.
void check_placeholders(YamlChecker& c, const YAML::Node& field, const std::string& what,
                        const std::set<std::string>& known, const std::string& unknown) {
  if (!field || !field.IsMap()) return;
  for (const auto& kv : field) {
    if (!kv.second.IsScalar()) continue;
    const std::string where = what + "." + kv.first.Scalar();
    if (const auto problem = brace_problem(kv.second.Scalar()); !problem.empty()) {
      c.error(kv.second, where + " " + problem);
      continue;
    }
    for (const auto& p : placeholders(kv.second.Scalar()))
      if (!known.count(p)) c.error(kv.second, where + " uses {" + p + "}, " + unknown);
  }
}

// Every {placeholder} in an answer, a slot's question and a lookup's not_found must be something
// loket can fill in there.
void check_intent_placeholders(YamlChecker& c, const YAML::Node& node, const std::string& what,
                               const Intent& intent) {
  std::set<std::string> known;
  for (const auto& slot : intent.slots) known.insert(slot.name);
  if (intent.action) known.insert({"topic", "topics", "also"});
  if (intent.lookup)
    for (const auto& column : intent.lookup->table.columns) known.insert(column);
  check_placeholders(c, node["answer"], what + " answer", known,
                     "which is neither a slot nor a lookup column");
  if (auto slots = node["slots"]; slots && slots.IsSequence())
    for (const auto& slot : slots)
      if (slot.IsMap())
        check_placeholders(c, slot["prompt"], what + " slot prompt", {},
                           "but a slot's question is said as it is written");
  if (auto lookup = node["lookup"]; intent.lookup && lookup && lookup.IsMap())
    check_placeholders(
        c, lookup["not_found"], what + " lookup not_found", {intent.lookup->key},
        "but not_found knows only the value not found: {" + intent.lookup->key + "}");
}

void ConfigReader::read_intent(YamlChecker& c, const YAML::Node& node, Config& config) {
  if (!c.expect_map(node, "an intent",
                    {"id",          "title",  "examples",     "answer",         "links",
                     "suggestions", "slots",  "lookup",       "action",         "confirm",
                     "declined",    "empty",  "keywords",     "source",         "review_by",
                     "handoff",     "urgent", "whole_answer", "required_words", "override"}))
    return;
  Intent intent;
  intent.file = c.file();
  intent.line = YamlChecker::line_of(node);
  Intent* base = nullptr;
  if (!read_intent_id(c, node, config, intent, base)) return;
  // An override is read over a copy of the shared intent, so that its checks (placeholders,
  // lookup keys, confirm and declined) see the intent as residents will get it.
  overriding_ = base != nullptr;
  if (overriding_) intent = *base;
  const std::string what = "intent '" + intent.id + "'";
  read_intent_title_and_examples(c, node, config, what, intent);
  read_intent_answer(c, node, config, what, intent);
  read_intent_slots(c, node, config, what, intent);
  // A failed lookup's columns are unknown: then its placeholders are not reported one by one.
  const bool lookup_failed = read_intent_lookup(c, node, config, what, intent);
  read_intent_action(c, node, config, what, intent);
  read_intent_metadata(c, node, config, what, intent);
  if (!lookup_failed) check_intent_placeholders(c, node, what, intent);
  if (overriding_ && intent.lookup &&
      std::none_of(intent.slots.begin(), intent.slots.end(),
                   [&](const Slot& slot) { return slot.name == intent.lookup->key; }))
    c.error(node,
            what + " override leaves the lookup key '" + intent.lookup->key + "' without its slot");
  record_origin(node, c.file(), overriding_, intent);
  if (overriding_)
    *base = std::move(intent);
  else
    config.intents.push_back(std::move(intent));
  overriding_ = false;
}

void ConfigReader::record_origin(const YAML::Node& node, const std::string& file, bool overriding,
                                 Intent& intent) {
  Intent::Override applied{file + ":" + std::to_string(YamlChecker::line_of(node)), {}};
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    if (key == "id" || key == "override") continue;
    applied.parts.push_back(key);
    auto& places = intent.origin[key];
    // An override's examples are added to the shared ones; anything else it gives replaces.
    if (!overriding || key != "examples") places.clear();
    places.push_back(file + ":" + std::to_string(YamlChecker::line_of(kv.second)));
  }
  if (overriding) intent.overrides.push_back(std::move(applied));
}

bool ConfigReader::read_intent_id(YamlChecker& c, const YAML::Node& node, Config& config,
                                  Intent& intent, Intent*& base) {
  if (!node["id"]) {
    c.error(node, "intent without an id");
    return false;
  }
  auto id = c.non_empty_string(node["id"], "id");
  if (!id) return false;
  static const std::regex kIdPattern("[a-z0-9][a-z0-9_.-]{0,79}");
  if (!std::regex_match(*id, kIdPattern)) {
    c.error(node["id"], "intent id '" + *id +
                            "' must be lower-case letters, digits, '-', '_' or '.' (at most 80)");
    return false;
  }
  intent.id = *id;
  bool is_override = false;
  if (auto n = node["override"]) {
    const auto v = c.boolean(n, "intent '" + *id + "' override");
    if (!v) return false;
    is_override = *v;
  }
  auto origin = intent_origin_.find(intent.id);
  if (origin == intent_origin_.end()) {
    if (is_override) {
      c.error(node["override"], "intent '" + intent.id +
                                    "' has override: true, but no earlier entry of content: "
                                    "defines it (an override changes an intent from a folder "
                                    "listed before its own)");
      return false;
    }
    intent_origin_.emplace(intent.id, IntentOrigin{c.file(), intent.line, layer_, {}});
    return true;
  }
  const std::string first = origin->second.file + ":" + std::to_string(origin->second.line);
  if (!is_override) {
    // Where the intent stands now: an override of it nearer this file is what this one meets.
    const std::string overridden = origin->second.overridden_at.empty()
                                       ? std::string()
                                       : ", overridden at " + origin->second.overridden_at;
    c.error(
        node["id"],
        "duplicate intent id '" + intent.id + "' (first defined at " + first + overridden +
            (!overridden.empty()             ? "); change it there, or give this one another id"
             : origin->second.layer < layer_ ? "); to change that intent here, add override: true"
                                             : ")"));
    return false;
  }
  if (origin->second.layer == layer_) {
    const std::string& there =
        origin->second.overridden_at.empty() ? first : origin->second.overridden_at;
    c.error(node["override"], "intent '" + intent.id + "' has override: true, but " + there +
                                  " in the same entry of content: " +
                                  (origin->second.overridden_at.empty() ? "defines" : "overrides") +
                                  " it too; an override must come from a later entry than what "
                                  "it changes");
    return false;
  }
  origin->second.layer = layer_;
  origin->second.overridden_at = c.file() + ":" + std::to_string(intent.line);
  auto it = std::find_if(config.intents.begin(), config.intents.end(),
                         [&](const Intent& i) { return i.id == intent.id; });
  // Every id with an origin was read into an intent, errors or not.
  if (it == config.intents.end()) throw std::logic_error("intent '" + intent.id + "' not kept");
  base = &*it;
  return true;
}

void ConfigReader::read_intent_title_and_examples(YamlChecker& c, const YAML::Node& node,
                                                  Config& config, const std::string& what,
                                                  Intent& intent) {
  if (auto n = node["title"])
    if (auto t = read_lang_text(c, n, what + " title", config)) intent.title = *t;
  if (auto n = node["examples"]; n && c.expect_any_map(n, what + " examples")) {
    for (const auto& kv : n) {
      if (!check_language(c, kv.first, config)) continue;
      auto list = c.string_list(kv.second, what + " examples." + kv.first.Scalar());
      if (!list) continue;
      auto& into = intent.examples[kv.first.Scalar()];
      if (!overriding_) into.clear();
      const std::size_t shared = into.size();
      for (std::size_t i = 0; i < list->size(); ++i) {
        auto& example = (*list)[i];
        const auto same = std::find(into.begin(), into.end(), example);
        if (same == into.end()) {
          into.push_back(std::move(example));
        } else if (same - into.begin() >= static_cast<std::ptrdiff_t>(shared)) {
          // Twice in one list: most often a slip of copy and paste, left out silently before.
          const YAML::Mark at = kv.second[i].Mark();
          config.file_warnings.push_back({c.file(), at.line + 1, at.column + 1,
                                          "example '" + example + "' is twice in " + what + " (" +
                                              kv.first.Scalar() + "): the second is left out"});
        }
      }
    }
  }
  std::size_t example_count = 0;
  for (const auto& [lang, list] : intent.examples) example_count += list.size();
  // A built-in intent (greeting, abuse, ...) is recognised by loket itself: its content may
  // bring only the answer. A content override keeps the shared intent's examples.
  if ((example_count == 0 || (!node["examples"] && !overriding_)) && !is_builtin_intent(intent.id))
    c.error(node, what + " has no example questions");
}

void ConfigReader::read_intent_answer(YamlChecker& c, const YAML::Node& node, Config& config,
                                      const std::string& what, Intent& intent) {
  if (auto n = node["answer"]) {
    if (auto t = read_lang_text(c, n, what + " answer", config)) {
      intent.answer = *t;
      if (!intent.answer.count(config.default_language))
        c.error(n,
                what + " has no answer in the default language '" + config.default_language + "'");
      // The dashboard's draft of a new intent says "…" where the answer goes: saved as it is,
      // residents would get "…".
      if (n.IsMap())
        for (const auto& kv : n)
          if (const auto found = intent.answer.find(kv.first.Scalar());
              found != intent.answer.end() && is_placeholder(found->second))
            c.error(kv.second, what + " answer (" + found->first + ") is still '" +
                                   trimmed(found->second) +
                                   "', a placeholder: write the answer residents get");
    }
  } else if (!overriding_) {
    c.error(node, what + " has no answer");
  }

  if (auto n = node["links"]; n && c.expect_sequence(n, what + " links")) {
    intent.links.clear();
    for (const auto& item : n) {
      if (!c.expect_map(item, what + " link", {"title", "url"})) continue;
      Link link;
      if (!item["url"]) {
        c.error(item, what + " link without url");
        continue;
      }
      auto url = c.non_empty_string(item["url"], what + " link url");
      if (!url) continue;
      if (const auto problem = web_link_problem(*url)) {
        c.error(item["url"], what + " link url '" + *url + "' " + *problem);
        continue;
      }
      link.url = *url;
      if (auto t = item["title"])
        if (auto lt = read_lang_text(c, t, what + " link title", config)) link.title = *lt;
      intent.links.push_back(std::move(link));
    }
  }
  if (auto n = node["suggestions"]) {
    if (auto list = c.string_list(n, what + " suggestions")) {
      std::size_t i = 0;
      for (const auto& target : *list) {
        const auto& at = n[i++];
        // A button to the answer the resident is reading leads nowhere.
        if (target == intent.id)
          config.file_warnings.push_back({c.file(), at.Mark().line + 1, at.Mark().column + 1,
                                          what + " suggests itself: a button to the answer "
                                                 "already shown; name another intent"});
        pending_suggestions_.push_back(
            {Diagnostic{c.file(), at.Mark().line + 1, at.Mark().column + 1, ""}, target});
      }
      intent.suggestions = *list;
    }
  }
}

void ConfigReader::read_intent_slots(YamlChecker& c, const YAML::Node& node, const Config& config,
                                     const std::string& what, Intent& intent) {
  auto n = node["slots"];
  if (!n || !c.expect_sequence(n, what + " slots")) return;
  intent.slots.clear();
  for (const auto& item : n) {
    if (!c.expect_map(item, what + " slot", {"name", "entity", "prompt"})) continue;
    if (!item["name"] || !item["entity"] || !item["prompt"]) {
      c.error(item, what + ": a slot needs name, entity and prompt");
      continue;
    }
    Slot slot;
    auto name = c.non_empty_string(item["name"], what + " slot name");
    auto entity = c.non_empty_string(item["entity"], what + " slot entity");
    auto prompt = read_lang_text(c, item["prompt"], what + " slot prompt", config);
    if (!name || !entity || !prompt) continue;
    if (!is_slot_entity(*entity)) {
      c.error(item["entity"],
              what + " slot entity '" + *entity +
                  "' is unknown (known: postcode, house_number, date, email, phone)");
      continue;
    }
    slot.name = *name;
    slot.entity = *entity;
    slot.prompt = *prompt;
    intent.slots.push_back(std::move(slot));
  }
}

bool ConfigReader::read_intent_lookup(YamlChecker& c, const YAML::Node& node, const Config& config,
                                      const std::string& what, Intent& intent) {
  auto n = node["lookup"];
  if (!n || !c.expect_map(n, what + " lookup", {"table", "key", "match", "not_found"}))
    return false;
  if (!n["table"] || !n["key"] || !n["not_found"]) {
    c.error(n, what + " lookup needs table, key and not_found");
    return false;
  }
  auto table = c.non_empty_string(n["table"], what + " lookup table");
  auto key = c.non_empty_string(n["key"], what + " lookup key");
  auto not_found = read_lang_text(c, n["not_found"], what + " lookup not_found", config);
  Lookup lookup;
  if (auto m = n["match"]) {
    auto match = c.string(m, what + " lookup match");
    if (match && *match != "exact" && *match != "prefix")
      c.error(m, what + " lookup match must be 'exact' or 'prefix'");
    lookup.prefix = match && *match == "prefix";
  }
  bool key_is_slot = false;
  for (const auto& slot : intent.slots) key_is_slot = key_is_slot || (key && slot.name == *key);
  if (key && !key_is_slot) {
    c.error(n["key"], what + " lookup key '" + *key + "' is not one of the intent's slots");
    return true;
  }
  if (!table || !key || !not_found) return false;
  const auto path = std::filesystem::path(c.file()).parent_path() / *table;
  std::string error;
  const auto bytes = files_.read(path, kMaxTableBytes, error);
  if (!bytes) {
    errors_.push_back({path.string(), 1, 1, "cannot read the lookup table: " + error});
    return true;
  }
  auto t = read_lookup_table(path, *bytes, errors_);
  if (!t) return true;
  lookup.key = *key;
  lookup.table = std::move(*t);
  lookup.not_found = *not_found;
  intent.lookup = std::move(lookup);
  return false;
}

void ConfigReader::read_intent_action(YamlChecker& c, const YAML::Node& node, const Config& config,
                                      const std::string& what, Intent& intent) {
  if (auto n = node["action"]) {
    // What an override's action replaces.
    intent.action.reset();
    intent.finds_schemes.reset();
    if (intent.handoff == Intent::Handoff::requested) intent.handoff = Intent::Handoff::none;
    Action action;
    bool ok = true;
    if (n.IsScalar() && n.Scalar() == "handoff") {
      intent.handoff = Intent::Handoff::requested;  // not an action on the store
      ok = false;
    } else if (n.IsScalar() &&
               (n.Scalar() == "find_schemes" || n.Scalar() == "find_business_schemes")) {
      intent.finds_schemes =
          n.Scalar() == "find_schemes" ? Audience::residents : Audience::businesses;
      ok = false;  // not an action on the store
    } else if (n.IsScalar() && (n.Scalar() == "unsubscribe" || n.Scalar() == "subscriptions")) {
      action.kind = n.Scalar() == "unsubscribe" ? Action::Kind::unsubscribe
                                                : Action::Kind::list_subscriptions;
    } else if (n.IsMap() && c.expect_map(n, what + " action", {"subscribe", "unsubscribe"}) &&
               n.size() == 1) {
      const bool subscribe = static_cast<bool>(n["subscribe"]);
      auto topic =
          c.non_empty_string(subscribe ? n["subscribe"] : n["unsubscribe"], what + " action topic");
      ok = topic.has_value();
      if (topic) {
        action.kind = subscribe ? Action::Kind::subscribe : Action::Kind::unsubscribe;
        action.topic = *topic;
        pending_topics_.push_back(
            {Diagnostic{c.file(), YamlChecker::line_of(n), n.Mark().column + 1, ""}, *topic});
      }
    } else {
      c.error(n, what +
                     " action must be {subscribe: TOPIC}, {unsubscribe: TOPIC}, unsubscribe, "
                     "subscriptions, handoff, find_schemes or find_business_schemes");
      ok = false;
    }
    if (ok) intent.action = action;
  }
  for (auto [key, field] :
       {std::pair{"confirm", &intent.confirm}, std::pair{"declined", &intent.declined},
        std::pair{"empty", &intent.empty}})
    if (auto n = node[key])
      if (auto t = read_lang_text(c, n, what + " " + key, config)) *field = *t;
  if (!intent.confirm.empty() && intent.declined.empty())
    c.error(node["confirm"] ? node["confirm"] : node,
            what + " has confirm but no declined (what to say on 'no')");
  if ((!intent.confirm.empty() || !intent.empty.empty()) && !intent.action)
    c.error(node, what + ": confirm and empty need an action");
}

// Language -> a list of strings, as `keywords` and `required_words` are written.
std::map<std::string, std::vector<std::string>> read_language_lists(YamlChecker& c,
                                                                    const YAML::Node& node,
                                                                    const Config& config,
                                                                    const std::string& what) {
  std::map<std::string, std::vector<std::string>> lists;
  if (!c.expect_any_map(node, what)) return lists;
  for (const auto& kv : node) {
    if (!check_language(c, kv.first, config)) continue;
    if (auto list = c.string_list(kv.second, what + "." + kv.first.Scalar()))
      lists[kv.first.Scalar()] = *list;
  }
  return lists;
}

void ConfigReader::read_intent_metadata(YamlChecker& c, const YAML::Node& node,
                                        const Config& config, const std::string& what,
                                        Intent& intent) {
  if (auto n = node["source"])
    if (auto v = c.non_empty_string(n, what + " source")) intent.source = *v;
  if (auto n = node["review_by"]) {
    if (auto v = c.string(n, what + " review_by")) {
      if (is_iso_date(*v))
        intent.review_by = *v;
      else
        c.error(n, what + " review_by " + iso_date_problem(*v));
    }
  }
  if (auto n = node["handoff"]) {
    if (intent.handoff == Intent::Handoff::requested)
      c.error(n, what + " has action: handoff, which already hands over: leave handoff: out");
    else if (n.IsScalar() && n.Scalar() == "offer")
      intent.handoff = Intent::Handoff::offered;
    else
      c.error(n, what + " handoff must be offer (a person is offered with the answer)");
  }
  if (auto n = node["urgent"])
    if (auto v = c.boolean(n, what + " urgent")) intent.urgent = *v;
  if (auto n = node["whole_answer"])
    if (auto v = c.boolean(n, what + " whole_answer")) intent.whole_answer = *v;
  // An override's lists replace the shared ones, like every part but the examples.
  if (auto n = node["required_words"])
    intent.required_words = read_language_lists(c, n, config, what + " required_words");
  if (auto n = node["keywords"])
    intent.keywords = read_language_lists(c, n, config, what + " keywords");
}

void ConfigReader::read_content_file(const Config::ContentFile& file, Config& config) {
  const fs::path& path = file.path;
  layer_ = file.layer;
  auto root = parse_file(files_, path, errors_, config, config.languages);
  if (!root) {
    unreadable_content_ = true;
    return;
  }
  YamlChecker c(path.string(), errors_);
  if (root->IsNull()) return;  // an empty file is allowed: staff may park one
  if (!c.expect_map(*root, "a content file",
                    {"intents", "messages", "out_of_scope", "topics", "schemes", "social_minimum",
                     "business_types", "scheme_questions"}))
    return;
  // Business types and the social minimum before the schemes that name them.
  if (auto n = (*root)["business_types"]) read_business_types(c, n, config);
  if (auto n = (*root)["social_minimum"]) read_social_minimum(c, n, config);
  if (auto n = (*root)["schemes"]) read_schemes(c, n, config);
  if (auto n = (*root)["scheme_questions"]) read_scheme_questions(c, n, config);
  if (auto n = (*root)["topics"]; n && c.expect_sequence(n, "topics"))
    for (const auto& item : n) read_topic(c, item, config);
  if (auto n = (*root)["intents"]; n && c.expect_sequence(n, "intents"))
    for (const auto& item : n) read_intent(c, item, config);
  if (auto n = (*root)["out_of_scope"]; n && c.expect_any_map(n, "out_of_scope")) {
    for (const auto& kv : n) {
      if (!check_language(c, kv.first, config)) continue;
      if (auto list = c.string_list(kv.second, "out_of_scope." + kv.first.Scalar())) {
        auto& into = config.out_of_scope[kv.first.Scalar()];
        into.insert(into.end(), list->begin(), list->end());
      }
    }
  }
  if (auto n = (*root)["messages"];
      n &&
      c.expect_map(n, "messages",
                   {"fallback", "ambiguous", "fallback_suggestions", "unavailable", "welcome"})) {
    auto read = [&](const char* key, LangText& out) {
      if (auto m = n[key]) {
        if (!claim_message(key))
          c.error(m, std::string("messages.") + key + " is defined in more than one file");
        else if (auto t = read_lang_text(c, m, std::string("messages.") + key, config)) {
          out = *t;
          config.messages.places[key] = {c.file(), m.Mark().line + 1, m.Mark().column + 1, ""};
        }
      }
    };
    read("fallback", config.messages.fallback);
    read("ambiguous", config.messages.ambiguous);
    read("unavailable", config.messages.unavailable);
    read("welcome", config.messages.welcome);
    if (auto m = n["fallback_suggestions"]) {
      if (!claim_message("fallback_suggestions")) {
        c.error(m, "messages.fallback_suggestions is defined in more than one file");
      } else if (auto list = c.string_list(m, "messages.fallback_suggestions")) {
        for (std::size_t i = 0; i < list->size(); ++i)
          pending_suggestions_.push_back(
              {Diagnostic{c.file(), m[i].Mark().line + 1, m[i].Mark().column + 1, ""}, (*list)[i]});
        config.messages.fallback_suggestions = *list;
      }
    }
  }
}

void ConfigReader::check_whole(Config& config) {
  // With a file YAML could not read, what the content lacks as a whole (its intents, the
  // fallback, the ids suggestions name) is most likely in that file: the reader's one mistake
  // would be buried under problems that go when it is mended.
  if (unreadable_content_) return;
  for (auto& [where, topic] : pending_topics_) {
    if (!config.find_topic(topic)) {
      std::vector<std::string> topic_ids;
      for (const auto& t : config.topics) topic_ids.push_back(t.id);
      where.message =
          "action topic '" + topic + "' is not a declared topic" + did_you_mean(topic, topic_ids);
      errors_.push_back(where);
    }
  }
  std::vector<std::string> intent_ids;
  for (const auto& [id, origin] : intent_origin_) intent_ids.push_back(id);
  for (auto& [where, target] : pending_suggestions_) {
    if (!intent_origin_.count(target)) {
      where.message =
          "suggestion '" + target + "' is not an intent id" + did_you_mean(target, intent_ids);
      errors_.push_back(where);
    }
  }
  check_schemes(config, errors_);
  if (config.intents.empty() && !config.content_files.empty())
    errors_.push_back({config.file.string(), 1, 1, "the content files define no intents"});
  if (!config.default_language.empty() && !config.messages.fallback.count(config.default_language))
    errors_.push_back({config.file.string(), 1, 1,
                       "messages.fallback in the default language '" + config.default_language +
                           "' is missing from the content files"});
}

}  // namespace

std::string Diagnostic::to_string() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

bool is_builtin_intent(std::string_view id) {
  for (std::string_view builtin : kBuiltinIntents)
    if (id == builtin) return true;
  return false;
}

bool is_slot_entity(std::string_view name) {
  for (std::string_view known : {"postcode", "house_number", "date", "email", "phone"})
    if (name == known) return true;
  return false;
}

std::vector<std::string> placeholders(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t i = text.find('{'); i != std::string_view::npos; i = text.find('{', i + 1)) {
    auto end = text.find('}', i);
    if (end == std::string_view::npos) break;
    auto name = text.substr(i + 1, end - i - 1);
    if (!name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
        }))
      out.emplace_back(name);
  }
  return out;
}

std::string fill_placeholders(std::string_view text,
                              const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    auto open = text.find('{', i);
    if (open == std::string_view::npos) break;
    auto close = text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    auto it = values.find(std::string(text.substr(open + 1, close - open - 1)));
    if (it != values.end()) {
      out += it->second;
      i = close + 1;
    } else {
      out += '{';
      i = open + 1;
    }
  }
  out.append(text.substr(i));
  return out;
}

// A three-letter code (ISO 639-3 or 639-2/B) of a language that has a two-letter one, as staff
// may write it ("eng"): that language's two letters. Empty for any other code. The languages of
// the North Sea municipalities and of their residents who came from elsewhere.
std::string_view two_letter_code_of(std::string_view code) {
  static constexpr std::pair<std::string_view, std::string_view> kCodes[] = {
      {"alb", "sq"}, {"amh", "am"}, {"ara", "ar"}, {"bos", "bs"}, {"bul", "bg"}, {"ces", "cs"},
      {"chi", "zh"}, {"cze", "cs"}, {"dan", "da"}, {"deu", "de"}, {"dut", "nl"}, {"ell", "el"},
      {"eng", "en"}, {"est", "et"}, {"fas", "fa"}, {"fin", "fi"}, {"fra", "fr"}, {"fre", "fr"},
      {"fry", "fy"}, {"ger", "de"}, {"gre", "el"}, {"hin", "hi"}, {"hrv", "hr"}, {"hun", "hu"},
      {"ice", "is"}, {"ind", "id"}, {"isl", "is"}, {"ita", "it"}, {"kur", "ku"}, {"lav", "lv"},
      {"lit", "lt"}, {"ltz", "lb"}, {"nld", "nl"}, {"nno", "nn"}, {"nob", "nb"}, {"nor", "no"},
      {"per", "fa"}, {"pol", "pl"}, {"por", "pt"}, {"pus", "ps"}, {"ron", "ro"}, {"rum", "ro"},
      {"rus", "ru"}, {"slk", "sk"}, {"slo", "sk"}, {"slv", "sl"}, {"som", "so"}, {"spa", "es"},
      {"sqi", "sq"}, {"srp", "sr"}, {"swe", "sv"}, {"tha", "th"}, {"tir", "ti"}, {"tur", "tr"},
      {"ukr", "uk"}, {"urd", "ur"}, {"vie", "vi"}, {"zho", "zh"}};
  const auto it =
      std::lower_bound(std::begin(kCodes), std::end(kCodes), code,
                       [](const auto& entry, std::string_view c) { return entry.first < c; });
  return it != std::end(kCodes) && it->first == code ? it->second : std::string_view();
}

bool is_supported_language(std::string_view code) {
  // ISO 639-1, sorted: a two-letter code outside it ("xx", a typo) would otherwise pass as a
  // language every intent lacks. Three letters (ISO 639-3, thousands of them) are not listed.
  static constexpr std::string_view kTwoLetterCodes[] = {
      "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg",
      "bh", "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv",
      "cy", "da", "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi",
      "fj", "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr",
      "ht", "hu", "hy", "hz", "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja",
      "jv", "ka", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw",
      "ky", "la", "lb", "lg", "li", "ln", "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml",
      "mn", "mr", "ms", "mt", "my", "na", "nb", "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv",
      "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl", "ps", "pt", "qu", "rm", "rn", "ro",
      "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr",
      "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tr",
      "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi",
      "yo", "za", "zh", "zu"};
  if (code.size() == 2)
    return std::binary_search(std::begin(kTwoLetterCodes), std::end(kTwoLetterCodes), code);
  return code.size() == 3 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

const std::string& pick_language(const LangText& texts, const std::string& lang,
                                 const std::string& default_lang) {
  static const std::string kEmpty;
  if (auto it = texts.find(lang); it != texts.end()) return it->second;
  if (auto it = texts.find(default_lang); it != texts.end()) return it->second;
  return texts.empty() ? kEmpty : texts.begin()->second;
}

bool Config::has_language(std::string_view code) const {
  return std::find(languages.begin(), languages.end(), code) != languages.end();
}

const std::pair<double, double>* Config::location_of(const std::string& postcode) const {
  for (const auto& key : {postcode, postcode.substr(0, 4)})
    if (const auto at = area_locations.find(key); at != area_locations.end()) return &at->second;
  return nullptr;
}

const Topic* Config::find_topic(std::string_view id) const {
  for (const auto& topic : topics)
    if (topic.id == id) return &topic;
  return nullptr;
}

const Intent* Config::find_intent(std::string_view id) const {
  for (const auto& intent : intents)
    if (intent.id == id) return &intent;
  return nullptr;
}

namespace {

LoadResult load_with(const fs::path& server_file, FileReader& files) {
  LoadResult result;
  Config config;
  ConfigReader reader(result.errors, files);
  reader.read_server_file(server_file, config);
  if (!result.errors.empty()) return result;  // content checks need the languages
  for (const auto& file : config.content_files) reader.read_content_file(file, config);
  for (const auto& file : config.conversation_test_files) files.keep(file);
  reader.check_whole(config);
  if (result.errors.empty()) result.config = std::move(config);
  return result;
}

}  // namespace

LoadResult load_config(const fs::path& server_file) {
  ContentFiles kept;
  FileReader files(server_file.parent_path(), &kept);
  kept.server_file = server_file.filename().generic_string();
  auto result = load_with(server_file, files);
  result.files = std::move(kept);
  return result;
}

LoadResult load_config(const fs::path& server_file, const ContentFiles& content) {
  FileReader files(server_file.parent_path(), content);
  return load_with(server_file.parent_path() / content.server_file, files);
}

}  // namespace loket::config
