#include "config/channel_settings.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

namespace loket::config {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxSecretBytes = 64 * 1024;
constexpr std::size_t kMaxTemplateParameters = 20;

// One value of a channel: where it came from, for the "off because" note, and what it is.
struct Source {
  std::string value;
  std::string origin;  // "LOKET_TELEGRAM_BOT_TOKEN" or the file name: what to set
};

class ChannelReader {
 public:
  ChannelReader(YamlChecker& c, const fs::path& base) : c_(c), base_(base) {}

  // `secret`: a plain string in the YAML is refused. Returns nullopt when absent or invalid.
  std::optional<Source> read(const YAML::Node& node, const std::string& what, bool secret) {
    if (!node) return std::nullopt;
    if (node.IsScalar()) {
      if (secret) {
        c_.error(node, what +
                           " is a secret: write {env: NAME}, {file: PATH} or {credential: NAME}, "
                           "never the value itself");
        return std::nullopt;
      }
      return Source{node.Scalar(), what};
    }
    if (!c_.expect_map(node, what, {"env", "file", "credential", "default"})) return std::nullopt;
    if (static_cast<int>(bool(node["env"])) + bool(node["file"]) + bool(node["credential"]) > 1) {
      c_.error(node, what + ": give one of env, file and credential");
      return std::nullopt;
    }
    // A file the operator named must be there: a secret not mounted is a deployment mistake,
    // not a channel left off on purpose (that is an unset environment variable).
    const auto read_file = [&](const fs::path& path, const YAML::Node& at, Source& out) {
      out.origin = path.string();
      std::error_code ec;
      if (!fs::is_regular_file(path, ec)) {
        c_.error(at, what + ": cannot read " + path.string() + " (" +
                         (ec ? ec.message() : std::string("no such file")) + ")");
        return false;
      }
      if (const auto size = fs::file_size(path, ec); !ec && size > kMaxSecretBytes) {
        c_.error(at, what + ": " + path.string() + " is larger than a secret can be (" +
                         std::to_string(kMaxSecretBytes) + " bytes)");
        return false;
      }
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        c_.error(at, what + ": cannot read " + path.string() + " (" + std::strerror(errno) + ")");
        return false;
      }
      std::stringstream text;
      text << in.rdbuf();
      out.value = text.str();
      while (!out.value.empty() && (out.value.back() == '\n' || out.value.back() == '\r'))
        out.value.pop_back();
      return true;
    };
    Source out;
    if (auto n = node["env"]) {
      auto name = c_.non_empty_string(n, what + ".env");
      if (!name) return std::nullopt;
      out.origin = *name;
      if (const char* v = std::getenv(name->c_str()); v != nullptr) out.value = v;
    } else if (auto n = node["file"]) {
      auto name = c_.non_empty_string(n, what + ".file");
      if (!name) return std::nullopt;
      if (!read_file(base_ / *name, n, out)) return std::nullopt;
    } else if (auto n = node["credential"]) {
      // systemd's LoadCredential=: one name in the YAML, whichever unit (and instance) reads it.
      auto name = c_.non_empty_string(n, what + ".credential");
      if (!name) return std::nullopt;
      if (name->find('/') != std::string::npos || *name == "." || *name == "..") {
        c_.error(n, what + ".credential is a file name in $CREDENTIALS_DIRECTORY, not a path");
        return std::nullopt;
      }
      const char* directory = std::getenv("CREDENTIALS_DIRECTORY");
      if (directory == nullptr) {
        out.origin = "$CREDENTIALS_DIRECTORY/" + *name + " ($CREDENTIALS_DIRECTORY is not set)";
      } else if (!read_file(fs::path(directory) / *name, n, out)) {
        return std::nullopt;
      }
    } else {
      c_.error(node, what + " needs env, file or credential");
      return std::nullopt;
    }
    if (out.value.empty())
      if (auto n = node["default"]) {
        if (secret) {
          c_.error(n, what + " is a secret: it cannot have a default");
          return std::nullopt;
        }
        if (auto d = c_.string(n, what + ".default")) out.value = *d;
      }
    return out;
  }

  // Reads `key` into `field`; a missing required value turns the channel off, with the reason.
  void take(const YAML::Node& section, const std::string& channel, const char* key,
            std::string& field, bool secret, bool required) {
    const std::string what = "channels." + channel + "." + key;
    auto source = read(section[key], what, secret);
    if (source && !source->value.empty()) {
      field = source->value;
      return;
    }
    if (!required) return;
    enabled_ = false;
    if (!source && section[key]) return;  // an error was reported
    missing_.push_back(source ? source->origin + " is not set"
                              : std::string(key) + " is not configured");
  }

  // Starts a channel's section; `finish` says whether it is on.
  bool begin(const YAML::Node& node, const std::string& channel,
             std::initializer_list<std::string_view> keys) {
    enabled_ = true;
    missing_.clear();
    return c_.expect_map(node, "channels." + channel, keys);
  }
  bool finish(const std::string& channel, Channels& out) {
    if (enabled_) return true;
    if (!missing_.empty()) {
      std::string why = channel + " is off: ";
      for (std::size_t i = 0; i < missing_.size(); ++i) why += (i ? ", " : "") + missing_[i];
      out.off.push_back(why);
    }
    return false;
  }

  // A base URL: http(s), kept without a trailing slash so that paths append cleanly.
  void take_url(const YAML::Node& section, const std::string& channel, const char* key,
                std::string& field, bool required) {
    const std::string before = field;
    take(section, channel, key, field, false, required);
    if (field == before) return;
    if (field.rfind("http://", 0) != 0 && field.rfind("https://", 0) != 0) {
      c_.error(section[key],
               "channels." + channel + "." + key + " must start with http:// or https://");
      field = before;
      return;
    }
    while (!field.empty() && field.back() == '/') field.pop_back();
  }

 private:
  YamlChecker& c_;
  fs::path base_;
  bool enabled_ = true;
  std::vector<std::string> missing_;
};

}  // namespace

std::optional<std::string> read_required_secret(YamlChecker& c, const YAML::Node& section,
                                                const std::string& key, const std::string& what,
                                                const fs::path& base) {
  const YAML::Node node = section[key];
  if (!node) {
    c.error(section, what + " is missing (write {env: NAME} or {file: PATH})");
    return std::nullopt;
  }
  ChannelReader reader(c, base);
  auto source = reader.read(node, what, true);
  if (!source) return std::nullopt;
  if (source->value.empty()) {
    c.error(node, what + ": " + source->origin + " is not set");
    return std::nullopt;
  }
  return std::move(source->value);
}

void read_channels(YamlChecker& c, const YAML::Node& node, const fs::path& base, Channels& out) {
  if (!c.expect_map(node, "channels",
                    {"telegram", "meta", "x", "mastodon", "webpush", "answer_lease_s"}))
    return;
  if (auto n = node["answer_lease_s"])
    if (auto v = c.integer(n, "channels.answer_lease_s", 15, 3600))
      out.answer_lease = std::chrono::seconds(*v);
  ChannelReader r(c, base);
  if (auto n = node["telegram"];
      n && r.begin(n, "telegram", {"bot_token", "secret_token", "api_base"})) {
    TelegramChannel t;
    r.take(n, "telegram", "bot_token", t.bot_token, true, true);
    r.take(n, "telegram", "secret_token", t.secret_token, true, true);
    r.take_url(n, "telegram", "api_base", t.api_base, false);
    if (r.finish("telegram", out)) out.telegram = t;
  }
  if (auto n = node["meta"]; n && r.begin(n, "meta",
                                          {"app_secret", "verify_token", "access_token", "api_base",
                                           "whatsapp_phone_number_id", "messenger_page_id"})) {
    MetaChannel m;
    r.take(n, "meta", "app_secret", m.app_secret, true, true);
    r.take(n, "meta", "verify_token", m.verify_token, true, true);
    r.take(n, "meta", "access_token", m.access_token, true, true);
    r.take_url(n, "meta", "api_base", m.api_base, false);
    r.take(n, "meta", "whatsapp_phone_number_id", m.whatsapp_phone_number_id, false, false);
    r.take(n, "meta", "messenger_page_id", m.messenger_page_id, false, false);
    if (r.finish("meta", out)) out.meta = m;
  }
  if (auto n = node["x"]; n && r.begin(n, "x", {"consumer_secret", "access_token", "api_base"})) {
    XChannel x;
    r.take(n, "x", "consumer_secret", x.consumer_secret, true, true);
    r.take(n, "x", "access_token", x.access_token, true, false);
    r.take_url(n, "x", "api_base", x.api_base, false);
    if (r.finish("x", out)) out.x = x;
  }
  if (auto n = node["mastodon"];
      n && r.begin(n, "mastodon", {"base", "token", "poll_interval_s", "public_topics"})) {
    MastodonChannel m;
    r.take_url(n, "mastodon", "base", m.base, true);
    r.take(n, "mastodon", "token", m.token, true, true);
    if (auto p = n["poll_interval_s"])
      if (auto v = c.integer(p, "channels.mastodon.poll_interval_s", 1, 3600))
        m.poll_interval = std::chrono::seconds(*v);
    if (auto p = n["public_topics"])
      if (auto list = c.string_list(p, "channels.mastodon.public_topics")) m.public_topics = *list;
    if (r.finish("mastodon", out)) out.mastodon = m;
  }
  if (auto n = node["webpush"];
      n && r.begin(n, "webpush",
                   {"vapid_private_key", "subject", "ttl_s", "allow_local_endpoints",
                    "per_push_service_per_second"})) {
    WebPushChannel w;
    r.take(n, "webpush", "vapid_private_key", w.vapid_private_key, true, true);
    r.take(n, "webpush", "subject", w.subject, false, true);
    if (auto p = n["ttl_s"])
      if (auto v = c.integer(p, "channels.webpush.ttl_s", 0, 28 * 86400))
        w.ttl = std::chrono::seconds(*v);
    if (auto p = n["per_push_service_per_second"])
      if (auto v = c.integer(p, "channels.webpush.per_push_service_per_second", 1, 10000))
        w.per_push_service_per_second = static_cast<int>(*v);
    if (auto p = n["allow_local_endpoints"])
      w.allow_local_endpoints =
          c.boolean(p, "channels.webpush.allow_local_endpoints").value_or(false);
    if (!w.subject.empty() && w.subject.rfind("mailto:", 0) != 0 &&
        w.subject.rfind("https://", 0) != 0)
      c.error(n["subject"], "channels.webpush.subject must start with mailto: or https:");
    if (r.finish("webpush", out)) out.webpush = w;
  }
}

std::optional<WhatsAppTemplate> read_whatsapp_template(YamlChecker& c, const YAML::Node& node,
                                                       const std::string& what) {
  if (!c.expect_map(node, what, {"name", "languages", "parameters"})) return std::nullopt;
  WhatsAppTemplate t;
  auto name = node["name"] ? c.non_empty_string(node["name"], what + ".name") : std::nullopt;
  if (!node["name"]) c.error(node, what + " needs a name");
  if (!name) return std::nullopt;
  // Meta's rules for template names and language codes ("en_GB", "nl").
  static const std::regex kName("[a-z0-9_]{1,512}");
  static const std::regex kCode("[a-z]{2,3}(_[A-Z]{2})?");
  if (!std::regex_match(*name, kName)) {
    c.error(node["name"],
            what + ".name '" + *name + "' must be lower-case letters, digits and '_'");
    return std::nullopt;
  }
  t.name = *name;
  if (auto n = node["languages"]; n && c.expect_any_map(n, what + ".languages"))
    for (const auto& kv : n)
      if (auto code = c.non_empty_string(kv.second, what + ".languages." + kv.first.Scalar())) {
        if (!std::regex_match(*code, kCode))
          c.error(kv.second, what + ".languages." + kv.first.Scalar() + " '" + *code +
                                 "' is not a WhatsApp language code (nl, en_GB, ...)");
        t.languages[kv.first.Scalar()] = *code;
      }
  if (auto n = node["parameters"]) {
    if (auto list = c.string_list(n, what + ".parameters")) {
      if (list->size() > kMaxTemplateParameters)
        c.error(n, what + ".parameters: at most " + std::to_string(kMaxTemplateParameters));
      t.parameters = *list;
    }
  }
  return t;
}

}  // namespace loket::config
