#include "config/handoff_settings.h"

#include "config/channel_settings.h"
#include "config/office_hours.h"

namespace loket::config {
namespace {

constexpr std::size_t kMaxIntervalsPerDay = 8;
constexpr std::size_t kMaxHolidays = 400;
constexpr std::size_t kMaxDisplayNameChars = 80;

bool read_day(YamlChecker& c, const YAML::Node& node, const std::string& what,
              std::vector<OfficeHours::Interval>& out) {
  std::vector<std::string> texts;
  if (node.IsScalar()) {
    texts.push_back(node.Scalar());
  } else if (auto list = c.string_list(node, what)) {
    texts = std::move(*list);
  } else {
    return false;
  }
  if (texts.size() > kMaxIntervalsPerDay) {
    c.error(node, what + " has more than " + std::to_string(kMaxIntervalsPerDay) + " intervals");
    return false;
  }
  for (const auto& text : texts) {
    auto interval = parse_interval(text);
    if (!interval) {
      c.error(node, what + ": '" + text +
                        "' is not a time interval; write it as \"08:30-17:00\" (\"00:00-24:00\" "
                        "for the whole day)");
      return false;
    }
    out.push_back(*interval);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  for (std::size_t i = 1; i < out.size(); ++i)
    if (out[i].start < out[i - 1].end) {
      c.error(node, what + ": its intervals overlap");
      return false;
    }
  return true;
}

void read_holidays(YamlChecker& c, const YAML::Node& node, std::vector<std::string>& out) {
  if (!c.expect_sequence(node, "handoff.office_hours.holidays")) return;
  if (node.size() > kMaxHolidays) {
    c.error(node, "handoff.office_hours.holidays has more than " + std::to_string(kMaxHolidays) +
                      " days");
    return;
  }
  for (const auto& day : node) {
    auto s = c.string(day, "handoff.office_hours.holidays");
    if (!s) continue;
    if (is_iso_date(*s))
      out.push_back(*s);
    else
      c.error(day, "handoff.office_hours.holidays: '" + *s + "' is not a date; write YYYY-MM-DD");
  }
}

void read_office_hours(YamlChecker& c, const YAML::Node& node, OfficeHours& out) {
  static constexpr const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  if (!c.expect_map(node, "handoff.office_hours",
                    {"time_zone", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "holidays"}))
    return;
  if (auto n = node["time_zone"]) {
    if (auto zone = c.non_empty_string(n, "handoff.office_hours.time_zone")) {
      if (is_time_zone(*zone))
        out.time_zone = *zone;
      else
        c.error(n, "handoff.office_hours.time_zone: '" + *zone +
                       "' is not a time zone of the system's database (for example "
                       "Europe/Amsterdam)");
    }
  } else {
    c.error(node, "handoff.office_hours.time_zone is missing (for example Europe/Amsterdam)");
  }
  bool any_day = false;
  for (std::size_t d = 0; d < 7; ++d)
    if (auto n = node[kDays[d]]) {
      any_day = true;
      read_day(c, n, std::string("handoff.office_hours.") + kDays[d], out.days[d]);
    }
  if (!any_day)
    c.error(node,
            "handoff.office_hours names no day: a day left out is closed, so staff would "
            "never be in");
  if (auto n = node["holidays"]) read_holidays(c, n, out.holidays);
}

std::optional<std::string> read_base_url(YamlChecker& c, const YAML::Node& section,
                                         const std::string& what) {
  const YAML::Node node = section["url"];
  if (!node) {
    c.error(section, what + ".url is missing");
    return std::nullopt;
  }
  auto url = c.non_empty_string(node, what + ".url");
  if (!url) return std::nullopt;
  if (!url->starts_with("http://") && !url->starts_with("https://")) {
    c.error(node, what + ".url must start with http:// or https://");
    return std::nullopt;
  }
  while (url->ends_with('/')) url->pop_back();
  return url;
}

std::optional<ContactCentre> read_chatwoot(YamlChecker& c, const YAML::Node& node,
                                           const std::filesystem::path& base) {
  const std::string what = "handoff.contact_centre.chatwoot";
  if (!c.expect_map(node, what,
                    {"url", "account_id", "inbox_id", "api_access_token", "webhook_token"}))
    return std::nullopt;
  ContactCentre out;
  out.kind = ContactCentre::Kind::chatwoot;
  bool ok = true;
  if (auto url = read_base_url(c, node, what))
    out.url = *url;
  else
    ok = false;
  for (const char* key : {"account_id", "inbox_id"}) {
    auto n = node[key];
    if (!n) {
      c.error(node, what + "." + key + " is missing (a number Chatwoot shows in its settings)");
      ok = false;
      continue;
    }
    auto v = c.integer(n, what + "." + key, 1, 1'000'000'000'000);
    if (!v) {
      ok = false;
      continue;
    }
    (std::string_view(key) == "account_id" ? out.account_id : out.inbox_id) = *v;
  }
  auto token = read_required_secret(c, node, "api_access_token", what + ".api_access_token", base);
  auto hook = read_required_secret(c, node, "webhook_token", what + ".webhook_token", base);
  if (!token || !hook) return std::nullopt;
  out.api_access_token = std::move(*token);
  out.secret = std::move(*hook);
  if (!ok) return std::nullopt;
  return out;
}

std::optional<ContactCentre> read_contact_webhook(YamlChecker& c, const YAML::Node& node,
                                                  const std::filesystem::path& base) {
  const std::string what = "handoff.contact_centre.webhook";
  if (!c.expect_map(node, what, {"url", "secret"})) return std::nullopt;
  ContactCentre out;
  out.kind = ContactCentre::Kind::webhook;
  auto url = read_base_url(c, node, what);
  auto secret = read_required_secret(c, node, "secret", what + ".secret", base);
  if (!url || !secret) return std::nullopt;
  out.url = std::move(*url);
  out.secret = std::move(*secret);
  return out;
}

void read_contact_centre(YamlChecker& c, const YAML::Node& node, const std::filesystem::path& base,
                         HandoffSettings& out) {
  if (!c.expect_map(node, "handoff.contact_centre", {"chatwoot", "webhook"})) return;
  if (node["chatwoot"] && node["webhook"]) {
    c.error(node, "handoff.contact_centre: give chatwoot or webhook, not both");
    return;
  }
  if (auto n = node["chatwoot"])
    out.contact_centre = read_chatwoot(c, n, base);
  else if (auto w = node["webhook"])
    out.contact_centre = read_contact_webhook(c, w, base);
  else
    c.error(node, "handoff.contact_centre names no system: give chatwoot or webhook");
}

}  // namespace

std::string_view contact_centre_name(ContactCentre::Kind kind) {
  return kind == ContactCentre::Kind::chatwoot ? "chatwoot" : "webhook";
}

void read_handoff(YamlChecker& c, const YAML::Node& node, const std::filesystem::path& base,
                  HandoffSettings& out) {
  if (!c.expect_map(node, "handoff",
                    {"after_fallbacks", "office_hours", "display_name", "max_waiting",
                     "wait_per_place_s", "contact_centre"}))
    return;
  if (auto n = node["contact_centre"]) read_contact_centre(c, n, base, out);
  if (auto n = node["after_fallbacks"])
    if (auto v = c.integer(n, "handoff.after_fallbacks", 0, 10)) out.after_fallbacks = int(*v);
  if (auto n = node["office_hours"])
    read_office_hours(c, n, out.office_hours);
  else
    c.error(node, "handoff.office_hours is missing (\"00:00-24:00\" on every day: always open)");
  if (auto n = node["display_name"]) {
    if (auto name = c.non_empty_string(n, "handoff.display_name")) {
      if (name->size() > kMaxDisplayNameChars)
        c.error(n, "handoff.display_name is longer than " + std::to_string(kMaxDisplayNameChars) +
                       " characters");
      else
        out.display_name = *name;
    }
  }
  if (auto n = node["max_waiting"])
    if (auto v = c.integer(n, "handoff.max_waiting", 1, 100000))
      out.max_waiting = static_cast<std::size_t>(*v);
  if (auto n = node["wait_per_place_s"])
    if (auto v = c.integer(n, "handoff.wait_per_place_s", 1, 86400))
      out.wait_per_place = std::chrono::seconds(*v);
}

}  // namespace loket::config
