// The staff API for notifications: contacts (one, an NDJSON import, removal) and notifications
// (create with idempotency, status, cancel). Bearer-token protected; every database call runs on
// the database threads. Bad input gets 400 naming the field.
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <pqxx/pqxx>

#include <atomic>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "config/content_additions.h"
#include "config/content_loss.h"
#include "db/alert_planning.h"
#include "db/content_store.h"
#include "db/conversation_log.h"
#include "db/notification_store.h"
#include "intents/dialogue/content_checks.h"
#include "intents/dialogue/handoff_sentences.h"
#include "intents/entities.h"
#include "intents/question_groups.h"
#include "intents/text_normalizer.h"
#include "server/admin/admin.h"
#include "server/admin/content_what_if.h"
#include "server/admin/staff_call.h"
#include "server/common/blocking_call.h"
#include "server/common/content_sync.h"
#include "server/common/content_version.h"
#include "server/common/db_call.h"
#include "server/common/json_text.h"
#include "server/common/log.h"
#include "server/http/refusal.h"
#include "server/http/route.h"
#include "server/notify/dispatcher.h"

namespace loket::server {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxAddress = 2048;
constexpr std::size_t kMaxTextChars = 4096;
constexpr std::size_t kMaxAlertChars = 1000;
// The questions of one unanswered group the statistics give to act on (set aside, say).
constexpr std::size_t kMaxGroupMembers = 500;
constexpr std::size_t kMaxListItems = 10000;
// The content warnings the dashboard lists; the count says how many there are in all.
constexpr std::size_t kMaxListedWarnings = 50;

// A request that cannot be served as asked: becomes a JSON error with this status.

Response reply(const Request& req, http::status status, const json::value& body) {
  Response res{status, req.version()};
  res.set(http::field::server, kServerName);
  res.set(http::field::content_type, "application/json");
  res.keep_alive(req.keep_alive());
  res.body() = write_json(body);
  res.prepare_payload();
  return res;
}

const json::object& as_object(const json::value& v, const std::string& what) {
  if (!v.is_object()) throw Refusal{http::status::bad_request, what + " must be a JSON object"};
  return v.get_object();
}

// A misspelt key ("sendAt") would otherwise be dropped without a word, and what it meant not
// done: an alert meant for tomorrow would go now.
void only_known_keys(const json::object& o, const std::string& what,
                     std::initializer_list<std::string_view> known) {
  for (const auto& entry : o) {
    const std::string_view k = entry.key();
    if (std::find(known.begin(), known.end(), k) != known.end()) continue;
    std::string list;
    for (const auto name : known) list.append(list.empty() ? "" : ", ").append(name);
    throw Refusal{http::status::bad_request,
                  what + std::string(k) + " is not a known key (known: " + list + ")"};
  }
}

std::optional<std::string> get_string(const json::object& o, const char* key,
                                      const std::string& what, bool required,
                                      std::size_t max = 1000) {
  auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) {
    if (required) throw Refusal{http::status::bad_request, what + key + " is missing"};
    return std::nullopt;
  }
  if (!v->is_string()) throw Refusal{http::status::bad_request, what + key + " must be a string"};
  std::string s(v->get_string());
  if (required && s.empty()) throw Refusal{http::status::bad_request, what + key + " is empty"};
  if (s.size() > max)
    throw Refusal{http::status::bad_request, what + key + " is longer than " + std::to_string(max)};
  return s;
}

std::optional<double> get_number(const json::object& o, const char* key, const std::string& what,
                                 double min, double max) {
  auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_number()) throw Refusal{http::status::bad_request, what + key + " must be a number"};
  const double d = v->to_number<double>();
  if (d < min || d > max)
    throw Refusal{
        http::status::bad_request,
        what + key + " must be between " + std::to_string(min) + " and " + std::to_string(max)};
  return d;
}

std::vector<std::string> get_strings(const json::object& o, const char* key,
                                     const std::string& what) {
  std::vector<std::string> out;
  auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) throw Refusal{http::status::bad_request, what + key + " must be a list"};
  if (v->get_array().size() > kMaxListItems)
    throw Refusal{http::status::bad_request, what + key + " has more than 10000 entries"};
  for (const auto& item : v->get_array()) {
    if (!item.is_string())
      throw Refusal{http::status::bad_request, what + key + " must list strings"};
    out.emplace_back(item.get_string());
  }
  return out;
}

// "22:00" -> 1320
std::optional<int> clock_minutes(const std::string& text) {
  static const std::regex kClock(R"(^([01][0-9]|2[0-3]):([0-5][0-9])$)");
  std::smatch m;
  if (!std::regex_match(text, m, kClock)) return std::nullopt;
  return std::stoi(m.str(1)) * 60 + std::stoi(m.str(2));
}

// The unanswered questions as the statistics give them ([{text, lang, times, nearest}]),
// grouped by likeness within each language (with that language's stemmer), the largest groups
// first; each group says its language and the intent its questions came nearest to, if any.
json::array group_similar(const json::array& unanswered) {
  std::map<std::string, std::vector<intents::AskedQuestion>> asked;
  std::map<std::pair<std::string, std::string>, std::string> nearest;  // (lang, text) -> intent
  for (const auto& row : unanswered) {
    const std::string lang(row.at("lang").as_string()), text(row.at("text").as_string());
    asked[lang].push_back({text, row.at("times").to_number<std::int64_t>()});
    if (const auto& n = row.at("nearest"); n.is_string()) nearest[{lang, text}] = n.as_string();
  }
  std::vector<std::pair<intents::QuestionGroup, std::string>> groups;
  for (const auto& [lang, questions] : asked)
    for (auto& group : intents::group_similar_questions(questions, lang, 50, kMaxGroupMembers))
      groups.emplace_back(std::move(group), lang);
  std::stable_sort(groups.begin(), groups.end(),
                   [](const auto& a, const auto& b) { return a.first.times > b.first.times; });
  if (groups.size() > 50) groups.resize(50);
  json::array out;
  for (auto& [group, lang] : groups) {
    json::value near = nullptr;
    for (const auto& example : group.examples)
      if (auto it = nearest.find({lang, example}); it != nearest.end()) {
        near = json::value(it->second);
        break;
      }
    // Ten to read; all to act on (setting a group aside covers every question in it).
    const auto shown =
        static_cast<std::ptrdiff_t>(std::min<std::size_t>(10, group.examples.size()));
    json::array examples(group.examples.begin(), group.examples.begin() + shown);
    json::array members(group.examples.begin(), group.examples.end());
    out.push_back(json::object{{"text", group.examples.at(0)},
                               {"lang", lang},
                               {"times", group.times},
                               {"nearest", std::move(near)},
                               {"examples", std::move(examples)},
                               {"members", std::move(members)}});
  }
  return out;
}

// The built-in intents (small talk) in the staff's words: the dashboard's per-topic table lists
// them beside the content's, which have titles of their own. Empty: not a built-in one.
std::string builtin_intent_title(std::string_view id, const std::string& lang) {
  static const std::map<std::string_view, std::pair<const char*, const char*>> kTitles = {
      {"greeting", {"Begroeting (hallo)", "Greeting (hello)"}},
      {"thanks", {"Bedankt", "Thanks"}},
      {"goodbye", {"Afscheid (tot ziens)", "Goodbye"}},
      {"acknowledgement", {"Instemming (ja, oké)", "Acknowledgement (yes, ok)"}},
      {"unsure", {"Weet het niet", "Not sure"}},
      {"opener", {"Aanloop (ik heb een vraag)", "Opener (I have a question)"}},
      {"who-are-you", {"Wie ben jij?", "Who are you?"}},
      {"languages", {"Welke talen?", "Which languages?"}},
      {"abuse", {"Schelden", "Abuse"}},
      {"end-dialogue", {"Vraag afgebroken (stop)", "Question stopped (stop)"}}};
  const auto it = kTitles.find(id);
  if (it == kTitles.end()) return {};
  return lang == "en" ? it->second.second : it->second.first;
}

// What a content change took away, as the reload's answer and the dashboard give it: paths as
// in the server file's folder, like the problems of a refused change.
json::object loss_json(const config::ContentLoss& loss, const std::filesystem::path& server_file) {
  json::array removed, gone;
  for (const auto& r : loss.removed) {
    if (removed.size() == kMaxListedWarnings) break;
    removed.push_back(json::object{
        {"id", r.id}, {"title", r.title}, {"was", from_server_folder(server_file, r.where)}});
  }
  for (const auto& o : loss.lost_overrides) {
    if (gone.size() == kMaxListedWarnings) break;
    gone.push_back(json::object{{"id", o.id},
                                {"title", o.title},
                                {"was", from_server_folder(server_file, o.where)},
                                {"now", from_server_folder(server_file, o.now)}});
  }
  return json::object{{"removed", std::move(removed)},
                      {"removed_count", loss.removed.size()},
                      {"changes_gone", std::move(gone)},
                      {"changes_gone_count", loss.lost_overrides.size()}};
}

// "2026-11-30" as a calendar day; none for anything else (2026-02-30 included).
std::optional<std::chrono::year_month_day> calendar_day(const std::string& s) {
  static const std::regex kDay(R"(^(\d{4})-(\d{2})-(\d{2})$)");
  std::smatch m;
  if (!std::regex_match(s, m, kDay)) return std::nullopt;
  const std::chrono::year_month_day day{std::chrono::year(std::stoi(m.str(1))),
                                        std::chrono::month(std::stoul(m.str(2))),
                                        std::chrono::day(std::stoul(m.str(3)))};
  if (!day.ok()) return std::nullopt;
  return day;
}

bool is_iso8601(const std::string& s) {
  static const std::regex kTime(
      R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$)");
  return std::regex_match(s, kTime);
}

// Who a notification is for: postcodes, postcode prefixes, or a circle around a point; the
// postcodes and prefixes within the municipality (`dialogue`).
db::Area read_area(const json::object& a, const dialogue::Dialogue& dialogue) {
  db::Area area;
  only_known_keys(a, "area.", {"postcodes", "postcode_prefixes", "point", "radius_m"});
  for (const char* list : {"postcodes", "postcode_prefixes"})
    if (auto* v = a.if_contains(list); v != nullptr && v->is_array() && v->get_array().empty())
      throw Refusal{http::status::bad_request,
                    std::string("area.") + list + " is empty: leave it out to reach everyone"};
  for (const auto& p : get_strings(a, "postcodes", "area.")) {
    auto normal = intents::normalise_postcode(p);
    if (!normal)
      throw Refusal{http::status::bad_request,
                    "area.postcodes: '" + p + "' is not a Dutch postcode"};
    if (!dialogue.in_area(*normal))
      throw Refusal{http::status::bad_request,
                    "area.postcodes: '" + p + "' is not a postcode of this municipality"};
    area.postcodes.push_back(*normal);
  }
  static const std::regex kPrefix(R"(^[1-9][0-9]{0,3}$|^[1-9][0-9]{3} ?[A-Za-z]$)");
  for (auto p : get_strings(a, "postcode_prefixes", "area.")) {
    if (!std::regex_match(p, kPrefix))
      throw Refusal{http::status::bad_request,
                    "area.postcode_prefixes: '" + p + "' is not the start of a postcode"};
    p.erase(std::remove(p.begin(), p.end(), ' '), p.end());
    for (auto& c : p) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!dialogue.area_has_prefix(p))
      throw Refusal{
          http::status::bad_request,
          "area.postcode_prefixes: no postcode of this municipality starts with '" + p + "'"};
    area.postcode_prefixes.push_back(p);
  }
  if (auto* point = a.if_contains("point"); point != nullptr && !point->is_null()) {
    const auto& pt = as_object(*point, "area.point");
    only_known_keys(pt, "area.point.", {"lat", "lon"});
    area.lat = get_number(pt, "lat", "area.point.", -90, 90);
    area.lon = get_number(pt, "lon", "area.point.", -180, 180);
    area.radius_m = get_number(a, "radius_m", "area.", 1, 200000);
    if (!area.lat || !area.lon || !area.radius_m)
      throw Refusal{http::status::bad_request, "area.point needs lat and lon, and area.radius_m"};
  } else if (a.contains("radius_m")) {
    throw Refusal{http::status::bad_request, "area.radius_m needs area.point"};
  }
  return area;
}

// The notification's text per language (the default one required), as JSON for the store.
std::string read_texts(const json::value* text, const config::Config& config) {
  if (text == nullptr || !text->is_object() || text->get_object().empty())
    throw Refusal{http::status::bad_request, "text must be an object of language -> message"};
  for (const auto& [lang, message] : text->get_object()) {
    const std::string l(lang);
    if (!config.has_language(l))
      throw Refusal{http::status::bad_request,
                    "text." + l + ": not one of this municipality's languages"};
    if (!message.is_string() ||
        message.get_string().find_first_not_of(" \t\r\n") == json::string::npos)
      throw Refusal{http::status::bad_request, "text." + l + " must be a non-empty string"};
    // Every channel cuts a longer one (X at 280, Mastodon at 500, WhatsApp at 1024).
    if (const auto length = intents::count_code_points(message.get_string());
        length > kMaxAlertChars)
      throw Refusal{http::status::bad_request, "text." + l + " has " + std::to_string(length) +
                                                   " characters; an alert may have " +
                                                   std::to_string(kMaxAlertChars) +
                                                   ": link to a page for the details"};
    if (message.get_string().find('\0') != json::string::npos)
      throw Refusal{http::status::bad_request, "text." + l + " contains a NUL character"};
  }
  if (!text->get_object().contains(config.default_language))
    throw Refusal{http::status::bad_request,
                  "text." + config.default_language +
                      " is missing: every notification needs the default language"};
  return json::serialize(*text);
}

class AdminApi {
 public:
  // Answers `call` once the database, the staff member's role and the method allow it; every
  // call is audited, refusals included.
  static asio::awaitable<Response> run(const Request& req, RequestContext& context,
                                       AdminState& state, AdminCall call) {
    AdminApi api(req, context, state);
    Response response = co_await api.answer(call);
    co_await api.record(call, response.result_int());
    co_return response;
  }

 private:
  using Action = asio::awaitable<Response> (AdminApi::*)();

  AdminApi(const Request& req, RequestContext& context, AdminState& state)
      : req_(req),
        state_(state),
        route_(context.route),
        staff_(*context.staff),
        chat_(state.content.content.current()) {}

  static Action action_of(AdminCall call) {
    switch (call) {
      case AdminCall::reload:
        return &AdminApi::reload;
      case AdminCall::what_if:
        return &AdminApi::what_if;
      case AdminCall::add_examples:
        return &AdminApi::add_examples;
      case AdminCall::ignore_questions:
        return &AdminApi::ignore_questions;
      case AdminCall::unignore_questions:
        return &AdminApi::unignore_questions;
      case AdminCall::statistics:
        return &AdminApi::statistics;
      case AdminCall::create_contact:
        return &AdminApi::create_contact;
      case AdminCall::import_contacts:
        return &AdminApi::import_contacts;
      case AdminCall::delete_contact:
        return &AdminApi::delete_contact;
      case AdminCall::notifications:
        return &AdminApi::notifications;
      case AdminCall::count_recipients:
        return &AdminApi::count_recipients;
      case AdminCall::composer:
        return &AdminApi::composer;
      case AdminCall::notification:
        return &AdminApi::notification;
      case AdminCall::unknown:
        break;
    }
    return &AdminApi::unknown;
  }

  // Every staff change is written down: who, what, when, and how it ended. The alerts' list is
  // what the composer refreshes.
  asio::awaitable<void> record(AdminCall call, unsigned status) {
    co_await audit_staff_call(state_, staff_.name, req_, path_, "", status,
                              call == AdminCall::notifications);
  }

  asio::awaitable<Response> answer(AdminCall call) {
    std::optional<Refusal> refusal;
    try {
      // A reload reads files, and a what-if replays the log only when there is one: both work
      // without a database.
      check(call != AdminCall::reload && call != AdminCall::what_if &&
            call != AdminCall::add_examples);
      co_return co_await (this->*action_of(call))();
    } catch (const Refusal& r) {
      refusal = r;
    } catch (const std::exception& e) {
      log::error("admin request failed", {{"path", path_}, {"what", e.what()}});
      refusal = Refusal{http::status::internal_server_error, "internal error; it has been logged"};
    }
    co_return reply(req_, static_cast<http::status>(refusal->status),
                    json::object{{"error", refusal->message}});
  }

  // What a failed database job means for the staff member.
  Refusal refusal_for(const std::exception_ptr& error) const {
    try {
      std::rethrow_exception(error);
    } catch (const pqxx::broken_connection&) {
      return {http::status::service_unavailable,
              "the database is not reachable; try again shortly"};
    } catch (const pqxx::data_exception& e) {
      // A value that passed our checks but not PostgreSQL's (a 30 February, say).
      return {http::status::bad_request, std::string("invalid value: ") + e.what()};
    } catch (const pqxx::sql_error& e) {
      if (e.sqlstate() == "55P03")  // lock_not_available: the rows are in a batch being sent
        return {http::status::service_unavailable,
                "those deliveries are being sent right now; try again in a moment"};
      log::error("admin request failed", {{"path", path_}, {"sqlstate", e.sqlstate()}});
    } catch (const std::exception& e) {
      log::error("admin request failed", {{"path", path_}, {"what", e.what()}});
    }
    return {http::status::internal_server_error, "internal error; it has been logged"};
  }

  // A database job's value, or its failure as a refusal.
  template <typename F>
  auto in_database(const F& job)
      -> asio::awaitable<std::invoke_result_t<F, pqxx::connection_base&>> {
    auto result = co_await db_call(*state_.notifications.database, job);
    if (!result) throw refusal_for(result.error());
    co_return std::move(*result);
  }

  void check(bool needs_database) {
    auto target = boost::urls::parse_origin_form(req_.target());
    if (!target) throw Refusal{http::status::bad_request, "request target is not a valid path"};
    path_ = target->path();
    if (needs_database && state_.notifications.database == nullptr)
      throw Refusal{http::status::service_unavailable,
                    "this needs a database (statistics, alerts, contacts, handoffs and staff "
                    "tokens are kept there), and none is configured: set LOKET_DATABASE_URL"};
    if (needs_database && !state_.notifications.ready())
      throw Refusal{http::status::service_unavailable,
                    "the database is not ready yet; try again shortly"};
    if (route_.role != "any") require_role(route_.role);
    if (!route_.methods.empty() && !allows(route_, req_.method_string()))
      throw Refusal{http::status::method_not_allowed,
                    "method " + std::string(req_.method_string()) + " is not allowed here (" +
                        std::string(route_.methods) + ")"};
  }

  // What follows the route's path: a contact's or notification's id, and what to do with it.
  std::string_view rest_of_path() const {
    return std::string_view(path_).substr(route_.path.size());
  }

  // editor: content, reload, statistics; campaigns: notifications; admin: everything.
  void require_role(std::string_view role) {
    if (!staff_.may(role))
      throw Refusal{http::status::forbidden, "this needs the '" + std::string(role) +
                                                 "' role; the token '" + staff_.name + "' has '" +
                                                 staff_.role + "'"};
  }

  static std::int64_t parse_id(std::string_view text) {
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size() || id <= 0)
      throw Refusal{http::status::not_found, "no such id: " + std::string(text.substr(0, 40))};
    return id;
  }

  json::value parse_body() const {
    boost::system::error_code ec;
    auto v = json::parse(req_.body(), ec);
    if (ec) throw Refusal{http::status::bad_request, json_body_problem(req_.body(), ec.message())};
    return v;
  }

  db::NewContact read_contact(const json::value& v, const std::string& what) const {
    const auto& o = as_object(v, what.empty() ? "body" : what);
    only_known_keys(
        o, what, {"channel", "address", "lang", "postcode", "location", "quiet_hours", "topics"});
    const auto& config = chat_->config();
    db::NewContact k;
    k.channel = *get_string(o, "channel", what, true, 40);
    if (!state_.channels.count(k.channel))
      throw Refusal{http::status::bad_request,
                    what + "channel '" + k.channel + "' is not enabled on this server"};
    k.address = *get_string(o, "address", what, true, kMaxAddress);
    // A browser's subscription carries its keys, which only the browser has: it subscribes itself.
    if (k.channel == "webpush")
      throw Refusal{http::status::bad_request,
                    what +
                        "channel 'webpush': browsers subscribe themselves (POST "
                        "/api/v1/webpush/subscriptions)"};
    if (k.channel == "mastodon" && k.address.starts_with('@'))
      throw Refusal{
          http::status::bad_request,
          what + "a Mastodon address is the resident's acct (name@instance), without '@' in front"};
    if (k.channel == "webhook") {
      auto url = boost::urls::parse_absolute_uri(k.address);
      if (!url || (url->scheme() != "http" && url->scheme() != "https") || url->host().empty())
        throw Refusal{http::status::bad_request,
                      what + "address must be an http:// or https:// URL for the webhook channel"};
    }
    k.lang = get_string(o, "lang", what, false, 8).value_or(config.default_language);
    if (!config.has_language(k.lang))
      throw Refusal{http::status::bad_request,
                    what + "lang '" + k.lang + "' is not one of this municipality's languages"};
    if (auto p = get_string(o, "postcode", what, false, 16)) {
      k.postcode = intents::normalise_postcode(*p);
      if (!k.postcode)
        throw Refusal{http::status::bad_request,
                      what + "postcode '" + *p + "' is not a Dutch postcode (1234 AB)"};
    }
    if (auto* loc = o.if_contains("location"); loc != nullptr && !loc->is_null()) {
      const auto& l = as_object(*loc, what + "location");
      only_known_keys(l, what + "location.", {"lat", "lon"});
      k.lat = get_number(l, "lat", what + "location.", -90, 90);
      k.lon = get_number(l, "lon", what + "location.", -180, 180);
      if (!k.lat || !k.lon)
        throw Refusal{http::status::bad_request, what + "location needs lat and lon"};
    }
    if (auto* quiet = o.if_contains("quiet_hours"); quiet != nullptr && !quiet->is_null()) {
      const auto& q = as_object(*quiet, what + "quiet_hours");
      only_known_keys(q, what + "quiet_hours.", {"start", "end"});
      for (auto [key, field] :
           {std::pair{"start", &k.quiet_start}, std::pair{"end", &k.quiet_end}}) {
        auto clock = get_string(q, key, what + "quiet_hours.", true, 5);
        *field = clock_minutes(*clock);
        if (!*field)
          throw Refusal{http::status::bad_request, what + "quiet_hours." + key + " must be HH:MM"};
      }
    }
    k.topics = get_strings(o, "topics", what);
    for (const auto& t : k.topics)
      if (!config.find_topic(t))
        throw Refusal{http::status::bad_request, what + "topics: unknown topic '" + t + "'"};
    return k;
  }

  // What residents ask and what went unanswered, answers due for review, and notifications sent
  // and failed: over `from` to `to` (YYYY-MM-DD, both included) or the last `days` (default 30),
  // at most 366 days; intents titled in `lang` (default: the content's first language).
  asio::awaitable<Response> statistics() {
    auto target = boost::urls::parse_origin_form(req_.target());
    const config::Config& config = chat_->config();
    db::StatisticsRange range{"", "", 30, config.notifications.timezone};
    std::string lang = config.default_language;
    bool days_given = false;
    for (const auto& param : target->params()) {
      const std::string value = param.value;
      if (param.key == "days") {
        days_given = true;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), range.days);
        if (ec != std::errc{} || end != value.data() + value.size() || range.days < 1 ||
            range.days > 366)
          throw Refusal{http::status::bad_request, "days must be a whole number from 1 to 366"};
      } else if (param.key == "from" || param.key == "to") {
        if (!calendar_day(value))
          throw Refusal{http::status::bad_request, std::string(param.key) +
                                                       " must be a date as YYYY-MM-DD, found '" +
                                                       value.substr(0, 40) + "'"};
        (param.key == "from" ? range.from : range.to) = value;
      } else if (param.key == "lang") {
        // The staff's language: titles in it where the content has them, else the default's.
        if (!config::is_supported_language(value))
          throw Refusal{http::status::bad_request, "lang must be a language code (nl, en, ...)"};
        lang = value;
      }
    }
    if (days_given && (!range.from.empty() || !range.to.empty()))
      throw Refusal{http::status::bad_request,
                    "give either days or from (and to), not both: which would count?"};
    if (!range.to.empty() && range.from.empty())
      throw Refusal{http::status::bad_request, "to needs from (or give days)"};
    if (!range.from.empty()) {
      // A range without its end runs to today.
      const auto to = range.to.empty() ? intents::local_today() : *calendar_day(range.to);
      const auto span =
          std::chrono::sys_days(to) - std::chrono::sys_days(*calendar_day(range.from));
      if (span.count() < 0) throw Refusal{http::status::bad_request, "from is after to"};
      if (span.count() >= 366)
        throw Refusal{http::status::bad_request, "the range is longer than 366 days"};
    }
    const auto job = [range](pqxx::connection_base& c) {
      return std::make_pair(db::statistics_json(c, range), db::content_refusal(c));
    };
    const auto [text, refusal] = co_await in_database(job);
    auto stats = json::parse(text).as_object();
    stats["content"] = content_served(config, refusal);
    stats["unanswered"] = group_similar(stats["unanswered"].as_array());
    stats["reviews"] = reviews_due(config, lang);
    json::array all_intents;
    for (const auto& intent : config.intents)
      all_intents.push_back(json::object{
          {"id", intent.id},
          {"title", intent.title.empty()
                        ? intent.id
                        : config::pick_language(intent.title, lang, config.default_language)}});
    stats["intents"] = std::move(all_intents);
    stats["additions"] = config.additions_file.has_value();
    for (auto& row : stats["deliveries"].as_array()) {
      auto& r = row.as_object();
      const config::Topic* topic = config.find_topic(r["topic"].as_string());
      r["topic_name"] =
          topic == nullptr || topic->name.empty()
              ? r["topic"]
              : json::value(config::pick_language(topic->name, lang, config.default_language));
    }
    for (const char* table : {"top_intents", "per_intent", "feedback"})
      for (auto& row : stats[table].as_array()) {
        auto& r = row.as_object();
        const std::string_view id = r["intent"].as_string();
        const config::Intent* intent = config.find_intent(id);
        // The built-in handoff intents by the words their buttons say ("Chat met een
        // medewerker"), not their ids.
        if (intent == nullptr && id == dialogue::kHandoffIntent)
          r["title"] = dialogue::handoff_sentence(dialogue::HandoffSentence::talk_button, lang);
        else if (intent == nullptr && id == dialogue::kEndHandoffIntent)
          r["title"] = dialogue::handoff_sentence(dialogue::HandoffSentence::end_button, lang);
        else if (auto builtin = builtin_intent_title(id, lang);
                 intent == nullptr && !builtin.empty())
          r["title"] = std::move(builtin);
        else
          r["title"] = intent == nullptr || intent->title.empty()
                           ? r["intent"]
                           : json::value(config::pick_language(intent->title, lang,
                                                               config.default_language));
      }
    co_return reply(req_, http::status::ok, stats);
  }

  // The content this instance serves and, when the last reload (on any instance) was refused
  // while it kept serving this version, why: staff who saved a file see that it is not live.
  json::object content_served(const config::Config& config,
                              const std::optional<db::ContentRefusal>& refusal) const {
    const std::string version(short_version(state_.content.content.digest()));
    json::object out{{"version", version}, {"intents", config.intents.size()}};
    // What check-config warns of in the content in use (a language left out, a text cut at '#'):
    // a file saved with it goes live, so staff see it here rather than only in a terminal.
    std::vector<config::Diagnostic> found = config.file_warnings;
    for (auto& w : dialogue::content_warnings(config, intents::local_today()))
      found.push_back(std::move(w));
    json::array warnings;
    for (const auto& w : found) {
      if (warnings.size() == kMaxListedWarnings) break;
      warnings.emplace_back(from_server_folder(config.file, w.to_string()));
    }
    out["warnings"] = std::move(warnings);
    out["warning_count"] = found.size();
    // Since the version before: a deleted file or a removed override goes live without an error,
    // and residents get the shared answer or none, so staff see here what went.
    const auto loss = state_.content.content.last_loss();
    out["taken_out"] =
        loss->empty() ? json::value(nullptr) : json::value(loss_json(*loss, config.file));
    if (refusal && refusal->serving == version) {
      json::array problems;
      for (const auto& p : refusal->problems) problems.emplace_back(p);
      out["refused"] = json::object{{"at", refusal->refused_at},
                                    {"reason", refusal->reason},
                                    {"instance", refusal->origin},
                                    {"problems", std::move(problems)}};
    } else {
      out["refused"] = nullptr;
    }
    return out;
  }

  // Answers and schemes with a review date, the earliest (and so the overdue) first: what staff
  // must check before it misleads a resident.
  static json::array reviews_due(const config::Config& config, const std::string& lang) {
    struct Due {
      const std::string *kind, *id, *review_by, *source;
      const config::LangText* title;
    };
    static const std::string kIntent = "intent", kScheme = "scheme";
    std::vector<Due> due;
    for (const auto& intent : config.intents)
      if (!intent.review_by.empty())
        due.push_back({&kIntent, &intent.id, &intent.review_by, &intent.source, &intent.title});
    for (const auto& scheme : config.schemes.schemes)
      if (!scheme.review_by.empty())
        due.push_back({&kScheme, &scheme.id, &scheme.review_by, &scheme.source, &scheme.name});
    std::stable_sort(due.begin(), due.end(),
                     [](const Due& a, const Due& b) { return *a.review_by < *b.review_by; });
    const std::string today = intents::iso_date(intents::local_today());
    json::array out;
    for (const auto& d : due)
      out.push_back(json::object{
          {*d.kind, *d.id},
          {"title", d.title->empty()
                        ? *d.id
                        : config::pick_language(*d.title, lang, config.default_language)},
          {"review_by", *d.review_by},
          {"source", *d.source},
          {"overdue", *d.review_by < today}});
    return out;
  }

  asio::awaitable<Response> reload() {
    auto result = co_await reload_content(state_.content, "staff API");
    if (!result.ok) {
      json::array problems;
      for (const auto& e : result.errors) problems.emplace_back(e);
      co_return reply(
          req_, http::status::unprocessable_entity,
          json::object{{"error", "the new content has problems; the old content keeps serving"},
                       {"problems", std::move(problems)}});
    }
    json::object answer{{"reloaded", true},
                        {"intents", result.intents},
                        {"threshold", result.threshold},
                        {"seconds", result.seconds}};
    // Such a change goes live like any other: the caller is told what it took away.
    if (!result.loss.empty())
      answer["taken_out"] = loss_json(result.loss, state_.content.content.server_file());
    if (!result.restart_needed.empty()) {
      json::array sections;
      for (const auto& s : result.restart_needed) sections.emplace_back(s);
      answer["restart_needed"] = std::move(sections);
      answer["restart_hint"] =
          "the server file's settings in restart_needed changed; this instance keeps those it "
          "started with until it is restarted";
    }
    if (result.published) {
      answer["published"] = *result.published;
      if (!*result.published)
        answer["warning"] =
            "reloaded on this instance only: the database did not answer, so the other "
            "instances keep their content until the next reload reaches it";
    }
    co_return reply(req_, http::status::ok, std::move(answer));
  }

  // What a content change would answer differently, before it goes live: the changed files over
  // the content in service, checked, trained, and the last logged questions and the test
  // conversations replayed through both.
  asio::awaitable<Response> what_if() {
    const json::value body = parse_body();
    const json::object* obj = body.if_object();
    const json::value* files = obj ? obj->if_contains("files") : nullptr;
    if (files == nullptr || !files->is_object() || files->get_object().empty())
      throw Refusal{http::status::bad_request,
                    "'files' must map each changed content file's path (as in the server file's "
                    "folder, e.g. \"content/afval.yaml\") to its new text"};
    // A path the configuration would never read (a typo) must not pass as a harmless change:
    // each is a file it read, or a new .yaml file in a folder its content: list names.
    const auto loaded = state_.content.content.files();
    const auto& config = chat_->config();
    std::set<std::string> folders;
    for (const auto& folder : config.content_folders) {
      std::string key = config::content_file_key(config.file, folder);
      while (key.ends_with('/') || key.ends_with("/.")) key.erase(key.rfind('/'));
      folders.insert(key == "." ? std::string() : key);
    }
    const auto readable = [&](std::string_view path) {
      if (loaded->files.contains(std::string(path))) return true;
      const auto slash = path.rfind('/');
      const std::string_view folder =
          slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
      return (path.ends_with(".yaml") || path.ends_with(".yml")) &&
             folders.contains(std::string(folder));
    };
    std::map<std::string, std::string> changed;
    for (const auto& [path, text] : files->get_object()) {
      if (!text.is_string())
        throw Refusal{http::status::bad_request, "files." + std::string(path) + " must be text"};
      // Only the loaded files' map changes: a path reads nothing from the disk, so "../regio/"
      // (a shared layer beside the municipality's folder) is as fine as "content/afval.yaml".
      if (path.empty() || path.size() > 300 || path.front() == '/')
        throw Refusal{http::status::bad_request,
                      "files: '" + std::string(path.substr(0, 80)) +
                          "' is not a path relative to the server file's folder"};
      if (!readable(path))
        throw Refusal{http::status::bad_request,
                      "files: '" + std::string(path) +
                          "' is not a file this configuration reads, nor a new .yaml file in a "
                          "folder its content: list names (paths are relative to the server "
                          "file's folder, e.g. "
                          "\"content/afval.yaml\")"};
      changed.emplace(path, text.get_string());
    }
    std::size_t log = kWhatIfLoggedQuestions;
    if (const json::value* n = obj->if_contains("log")) {
      if (!n->is_int64() || n->get_int64() < 0 || n->get_int64() > 10000)
        throw Refusal{http::status::bad_request, "'log' must be a number of questions, 0 to 10000"};
      log = static_cast<std::size_t>(n->get_int64());
    }
    auto report = co_await what_if_of(std::move(changed), log);
    co_return reply(req_, report.ok ? http::status::ok : http::status::unprocessable_entity,
                    std::move(report.body));
  }

  // Unanswered questions made examples of an intent: the additions file with them and its
  // what-if; with "apply": true and a clean what-if, the file written and the content reloaded
  // (and so published to the other instances).
  asio::awaitable<Response> add_examples() {
    const auto& config = chat_->config();
    if (!config.additions_file)
      throw Refusal{http::status::conflict,
                    "no additions file: name one in the server file (additions: "
                    "aanvullingen.yaml) and list it last under content"};
    const json::value body = parse_body();
    const auto& o = as_object(body, "body");
    only_known_keys(o, "", {"intent", "examples", "apply"});
    const std::string intent = *get_string(o, "intent", "", true, 100);
    if (!config.find_intent(intent))
      throw Refusal{http::status::bad_request, "intent '" + intent + "' is unknown"};
    const auto examples = read_examples(o.if_contains("examples"), config);
    for (const auto& [lang, list] : examples)
      for (const auto& example : list)
        if (const auto* other = dialogue::other_intent_with_example(config, intent, example))
          throw Refusal{http::status::unprocessable_entity,
                        "'" + example + "' is an example of intent '" + other->id +
                            "' already: one question can lead to one answer only, so add it "
                            "to the intent it belongs to"};
    bool apply = false;
    if (const json::value* a = o.if_contains("apply")) {
      if (!a->is_bool()) throw Refusal{http::status::bad_request, "apply must be true or false"};
      apply = a->get_bool();
    }
    // One change of the file at a time on this instance: a second started from the same old
    // text would write over the first's examples.
    static std::atomic<bool> applying{false};
    if (apply && applying.exchange(true))
      throw Refusal{http::status::too_many_requests,
                    "another change of the additions file is under way; try again in a moment"};
    struct Done {
      bool held;
      ~Done() {
        if (held) applying = false;
      }
    } done{apply};
    // The file's key among the loaded files, made as the loader makes it.
    const std::string file = config::content_file_key(config.file, *config.additions_file);
    const auto loaded = state_.content.content.files();
    const auto current = loaded->files.find(file);
    if (current == loaded->files.end())
      throw Refusal{http::status::conflict,
                    file + " is not among the loaded content files; reload the content first"};
    config::AddedExamples added;
    try {
      added = config::with_added_examples(current->second, intent, examples);
    } catch (const std::exception& e) {
      throw Refusal{http::status::conflict, file + ": " + e.what()};
    }
    std::map<std::string, std::string> changed;
    changed.emplace(file, added.text);
    auto report = co_await what_if_of(std::move(changed), kWhatIfLoggedQuestions);
    json::object answer;
    answer["file"] = file;
    answer["text"] = added.text;
    answer["added"] = added.added;
    answer["applied"] = false;
    // A test conversation staff wrote that the examples would break stops them from going live
    // from here: the content (or the test) is for an editor to put right.
    const json::array* failing = report.body.contains("failing_tests")
                                     ? report.body.at("failing_tests").if_array()
                                     : nullptr;
    const bool breaks_tests = failing != nullptr && !failing->empty();
    answer["what_if"] = std::move(report.body);
    if (apply && report.ok && breaks_tests) {
      answer["error"] =
          "these examples would make a test conversation fail; add them to another topic, or "
          "change the content or the test in the files";
      co_return reply(req_, http::status::unprocessable_entity, std::move(answer));
    }
    if (!report.ok || !apply)
      co_return reply(req_, report.ok ? http::status::ok : http::status::unprocessable_entity,
                      std::move(answer));
    const auto write = [path = *config.additions_file, text = added.text] {
      return write_replacing(path, text);
    };
    const std::string failed = co_await blocking_call(state_.content.blocking, write);
    if (!failed.empty()) {
      log::error("additions file not written", {{"file", file}, {"error", failed}});
      throw Refusal{http::status::internal_server_error, "could not write " + file + ": " + failed};
    }
    auto result = co_await reload_content(state_.content, "examples added from the dashboard");
    answer["applied"] = result.ok;
    answer["intents"] = result.intents;
    if (!result.ok) {
      // Another file on disk stopped the reload: the additions file goes back to the text in
      // service, so that the examples do not go live unseen with the next reload.
      const auto restore = [path = *config.additions_file, text = current->second] {
        return write_replacing(path, text);
      };
      const std::string not_restored = co_await blocking_call(state_.content.blocking, restore);
      if (!not_restored.empty())
        log::error("additions file not restored", {{"file", file}, {"error", not_restored}});
      json::array problems;
      for (const auto& e : result.errors) problems.emplace_back(from_server_folder(config.file, e));
      answer["error"] =
          not_restored.empty()
              ? "not applied: the content on disk has problems (below); " + file + " is as it was"
              : "not applied: the content on disk has problems (below), and " + file +
                    " could not be put back: " + not_restored;
      answer["problems"] = std::move(problems);
    }
    co_return reply(req_, result.ok ? http::status::ok : http::status::unprocessable_entity,
                    std::move(answer));
  }

  // {"lang", "texts": [...]}: unanswered questions set aside for every staff member.
  // {"lang", "texts"}: a group of unanswered questions as the statistics gave them (a question
  // may span lines).
  struct QuestionGroup {
    std::string lang;
    std::vector<std::string> texts;
  };
  QuestionGroup read_question_group() const {
    const json::value body = parse_body();
    const auto& o = as_object(body, "body");
    only_known_keys(o, "", {"lang", "texts"});
    QuestionGroup group{*get_string(o, "lang", "", true, 10), {}};
    if (!config::is_supported_language(group.lang))
      throw Refusal{http::status::bad_request, "lang must be a language code (nl, en, ...)"};
    const json::value* list = o.if_contains("texts");
    if (list == nullptr || !list->is_array() || list->get_array().empty() ||
        list->get_array().size() > kMaxGroupMembers)
      throw Refusal{http::status::bad_request, "texts must be a list of 1 to " +
                                                   std::to_string(kMaxGroupMembers) + " questions"};
    for (const auto& q : list->get_array()) {
      if (!q.is_string() || q.get_string().empty() || q.get_string().size() > 4 * kMaxTextChars ||
          q.get_string().find('\0') != json::string::npos)
        throw Refusal{http::status::bad_request, "texts: each must be a question as logged"};
      group.texts.emplace_back(q.get_string());
    }
    return group;
  }

  asio::awaitable<Response> ignore_questions() {
    QuestionGroup group = read_question_group();
    const auto count = static_cast<std::int64_t>(group.texts.size());
    const auto job = [group = std::move(group), by = staff_.name](pqxx::connection_base& c) {
      db::ignore_questions(c, group.lang, group.texts, by);
      return true;
    };
    co_await in_database(job);
    co_return reply(req_, http::status::ok, json::object{{"ignored", count}});
  }

  asio::awaitable<Response> unignore_questions() {
    QuestionGroup group = read_question_group();
    const auto count = static_cast<std::int64_t>(group.texts.size());
    const auto job = [group = std::move(group)](pqxx::connection_base& c) {
      db::unignore_questions(c, group.lang, group.texts);
      return true;
    };
    co_await in_database(job);
    co_return reply(req_, http::status::ok, json::object{{"restored", count}});
  }

  // {"nl": ["...", ...], ...}: questions per configured language, at most 50 in all; a question
  // asked over several lines becomes one line.
  static std::map<std::string, std::vector<std::string>> read_examples(
      const json::value* examples, const config::Config& config) {
    if (examples == nullptr || !examples->is_object() || examples->get_object().empty())
      throw Refusal{http::status::bad_request,
                    "examples must map a language to questions: {\"nl\": [\"...\"]}"};
    std::map<std::string, std::vector<std::string>> out;
    std::size_t count = 0;
    for (const auto& [lang, list] : examples->get_object()) {
      const std::string l(lang);
      if (!config.has_language(l))
        throw Refusal{http::status::bad_request,
                      "examples." + l + ": not one of this municipality's languages"};
      if (!list.is_array() || list.get_array().empty())
        throw Refusal{http::status::bad_request, "examples." + l + " must be a list of questions"};
      for (const auto& q : list.get_array()) {
        if (!q.is_string() || q.get_string().empty() || q.get_string().size() > 4 * kMaxTextChars ||
            q.get_string().find('\0') != json::string::npos)
          throw Refusal{http::status::bad_request, "examples." + l + ": each must be a question"};
        if (++count > 50) throw Refusal{http::status::bad_request, "at most 50 examples at once"};
        std::string line(q.get_string());
        std::replace_if(
            line.begin(), line.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
        out[l].push_back(std::move(line));
      }
    }
    return out;
  }

  // Writes `text` over `path` by renaming a complete copy: a reader sees the old file or the
  // new one, never half. Empty on success, else why not.
  static std::string write_replacing(const std::filesystem::path& path, const std::string& text) {
    const std::filesystem::path temporary = path.string() + ".tmp";
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      out << text;
      out.flush();
      if (!out) return "cannot write " + temporary.string();
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    return ec ? ec.message() : std::string();
  }

  // The report of a content change (`changed`: path -> new text) replaying `log` logged
  // questions. Training is the costly part: one what-if at a time per instance.
  asio::awaitable<WhatIfReport> what_if_of(std::map<std::string, std::string> changed,
                                           std::size_t log) {
    static std::atomic<bool> running{false};
    if (running.exchange(true))
      throw Refusal{http::status::too_many_requests,
                    "another what-if is running on this instance; try again when it is done"};
    struct Done {
      ~Done() { running = false; }
    } done;
    std::vector<db::LoggedQuestion> logged;
    if (log > 0 && state_.notifications.ready()) {
      const auto job = [log](pqxx::connection_base& c) { return db::recent_questions(c, log); };
      logged = co_await in_database(job);
    }
    const auto holder = &state_.content.content;
    const auto job = [holder, changed = std::move(changed), logged = std::move(logged)] {
      return what_if_report(*holder, changed, logged);
    };
    co_return co_await blocking_call(state_.content.blocking, job);
  }

  asio::awaitable<Response> create_contact() {
    auto contact = read_contact(parse_body(), "");
    const auto job = [contact](pqxx::connection_base& c) { return db::upsert_contact(c, contact); };
    auto id = co_await in_database(job);
    co_return reply(req_, http::status::created, json::object{{"id", id}});
  }

  asio::awaitable<Response> import_contacts() {
    std::vector<db::NewContact> contacts;
    std::string_view body = req_.body();
    std::size_t line_number = 0;
    // All lines are checked before any is stored: an import is all or nothing.
    while (!body.empty()) {
      auto eol = body.find('\n');
      auto line = body.substr(0, eol);
      body = eol == std::string_view::npos ? std::string_view{} : body.substr(eol + 1);
      ++line_number;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      const std::string where = "line " + std::to_string(line_number) + ": ";
      boost::system::error_code ec;
      auto v = json::parse(line, ec);
      if (ec) throw Refusal{http::status::bad_request, where + "not valid JSON: " + ec.message()};
      contacts.push_back(read_contact(v, where));
    }
    if (contacts.empty()) throw Refusal{http::status::bad_request, "the import holds no contacts"};
    // Shared, not copied: the job is copied on its way to the database thread.
    const auto job = [contacts =
                          std::make_shared<const std::vector<db::NewContact>>(std::move(contacts))](
                         pqxx::connection_base& c) { return db::import_contacts(c, *contacts); };
    auto stored = co_await in_database(job);
    co_return reply(req_, http::status::ok, json::object{{"imported", stored}});
  }

  asio::awaitable<Response> unknown() {
    throw Refusal{http::status::not_found, "no such path: " + path_.substr(0, 200)};
  }

  asio::awaitable<Response> delete_contact() {
    return delete_contact_by_id(parse_id(rest_of_path()));
  }

  // GET: how it is going; POST .../{id}:cancel: stop it.
  asio::awaitable<Response> notification() {
    const std::string_view rest = rest_of_path();
    if (rest.ends_with(":cancel")) {
      if (req_.method() != http::verb::post)
        throw Refusal{http::status::method_not_allowed, "use POST to cancel"};
      return cancel_notification(parse_id(rest.substr(0, rest.size() - 7)));
    }
    if (req_.method() != http::verb::get)
      throw Refusal{http::status::method_not_allowed, "use GET for a notification's progress"};
    return notification_status(parse_id(rest));
  }

  asio::awaitable<Response> delete_contact_by_id(std::int64_t id) {
    const auto job = [id](pqxx::connection_base& c) { return db::delete_contact(c, id); };
    auto found = co_await in_database(job);
    if (!found) throw Refusal{http::status::not_found, "no contact " + std::to_string(id)};
    co_return reply(req_, http::status::ok, json::object{{"id", id}, {"deleted", true}});
  }

  asio::awaitable<Response> notifications() {
    if (req_.method() == http::verb::post) return create_notification();
    return recent_notifications();
  }

  // The latest alerts (`limit`, default 20, at most 200) with their counts so far.
  asio::awaitable<Response> recent_notifications() {
    std::int64_t limit = 20;
    auto target = boost::urls::parse_origin_form(req_.target());
    if (auto it = target->params().find("limit"); it != target->params().end()) {
      const std::string value = (*it).value;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
      if (ec != std::errc{} || end != value.data() + value.size() || limit < 1 || limit > 200)
        throw Refusal{http::status::bad_request, "limit must be a whole number from 1 to 200"};
    }
    const auto job = [limit](pqxx::connection_base& c) {
      return db::recent_notifications_json(c, limit);
    };
    auto list = json::parse(co_await in_database(job)).as_array();
    const auto& config = chat_->config();
    for (auto& row : list) {
      auto& r = row.as_object();
      const config::Topic* topic = config.find_topic(r["topic"].as_string());
      r["topic_name"] = topic == nullptr
                            ? r["topic"]
                            : json::value(config::pick_language(
                                  topic->name, config.default_language, config.default_language));
    }
    co_return reply(req_, http::status::ok, json::object{{"notifications", std::move(list)}});
  }

  // How many residents an alert for {"topic", "area"} would reach, before it is sent.
  asio::awaitable<Response> count_recipients() {
    const auto body = parse_body();
    const auto& o = as_object(body, "body");
    only_known_keys(o, "", {"topic", "area"});
    const std::string topic = *get_string(o, "topic", "", true, 80);
    if (!chat_->config().find_topic(topic))
      throw Refusal{http::status::bad_request, "topic '" + topic + "' is unknown"};
    db::Area area;
    if (auto* a = o.if_contains("area"); a != nullptr && !a->is_null())
      area = read_area(as_object(*a, "area"), *chat_);
    const auto job = [topic, area](pqxx::connection_base& c) {
      return db::count_recipients(c, topic, area);
    };
    const std::int64_t recipients = co_await in_database(job);
    co_return reply(req_, http::status::ok, json::object{{"recipients", recipients}});
  }

  // What the page composes alerts with: the topics (names per language, whether urgent is
  // allowed), the languages (the default first), and the map to draw an area on.
  asio::awaitable<Response> composer() {
    const auto& config = chat_->config();
    json::array topics;
    for (const auto& t : config.topics)
      topics.push_back(json::object{
          {"id", t.id}, {"name", json::value_from(t.name)}, {"urgent_allowed", t.urgent_allowed}});
    json::object map{{"tiles", config.map.tiles},
                     {"attribution", config.map.attribution},
                     {"zoom", config.map.zoom}};
    if (auto centre = map_centre(config))
      map["centre"] = json::array{centre->first, centre->second};
    co_return reply(req_, http::status::ok,
                    json::object{{"topics", std::move(topics)},
                                 {"languages", json::value_from(config.languages)},
                                 {"default_language", config.default_language},
                                 {"map", std::move(map)}});
  }

  // Where the map opens: as configured, else the middle of the known postcode locations.
  static std::optional<std::pair<double, double>> map_centre(const config::Config& config) {
    if (config.map.centre) return config.map.centre;
    if (config.area_locations.empty()) return std::nullopt;
    double lat = 0, lon = 0;
    for (const auto& [postcode, at] : config.area_locations) {
      lat += at.first;
      lon += at.second;
    }
    const auto n = static_cast<double>(config.area_locations.size());
    return std::pair{lat / n, lon / n};
  }

  asio::awaitable<Response> create_notification() {
    const auto& config = chat_->config();
    const auto body = parse_body();
    const auto& o = as_object(body, "body");
    only_known_keys(o, "", {"topic", "area", "text", "send_at", "expires_at", "urgent"});
    db::NewNotification n;
    n.topic = *get_string(o, "topic", "", true, 80);
    const auto* topic = config.find_topic(n.topic);
    if (!topic) throw Refusal{http::status::bad_request, "topic '" + n.topic + "' is unknown"};

    if (auto* area = o.if_contains("area"); area != nullptr && !area->is_null())
      n.area = read_area(as_object(*area, "area"), *chat_);
    n.texts_json = read_texts(o.if_contains("text"), config);
    n.default_lang = config.default_language;
    n.send_at = get_string(o, "send_at", "", false, 40);
    n.expires_at = get_string(o, "expires_at", "", false, 40);
    for (const auto& [name, value] :
         {std::pair{"send_at", n.send_at}, std::pair{"expires_at", n.expires_at}})
      if (value && !is_iso8601(*value))
        throw Refusal{http::status::bad_request,
                      std::string(name) +
                          (is_iso8601(*value + "Z")
                               ? " has no time zone: add the offset (+01:00 in winter, +02:00 in "
                                 "summer for the Netherlands) or Z for UTC, e.g. "
                                 "2026-12-01T07:00:00+01:00"
                               : " must be an ISO 8601 time, e.g. 2026-12-01T07:00:00+01:00")};
    if (auto* urgent = o.if_contains("urgent"); urgent != nullptr && !urgent->is_null()) {
      if (!urgent->is_bool())
        throw Refusal{http::status::bad_request, "urgent must be true or false"};
      n.urgent = urgent->get_bool();
      if (n.urgent && !topic->urgent_allowed)
        throw Refusal{http::status::bad_request,
                      "urgent: topic '" + n.topic + "' does not allow urgent notifications"};
    }
    n.created_by = "admin";
    if (auto key = req_["Idempotency-Key"]; !key.empty()) {
      if (key.size() > 200)
        throw Refusal{http::status::bad_request, "Idempotency-Key is longer than 200"};
      n.idempotency_key = std::string(key);
    }
    const auto job = [n](pqxx::connection_base& c) { return db::create_notification(c, n); };
    auto created = co_await in_database(job);
    if (!created.refused.empty())
      throw Refusal{
          created.existing ? http::status::unprocessable_entity : http::status::bad_request,
          created.refused};
    json::object answer{{"id", created.id}, {"recipients", created.recipients}};
    // The subscribers are those of now: one who subscribes later does not get it.
    if (created.recipients == 0 && created.fan_out_error.empty())
      answer["warning"] =
          "nobody follows topic '" + n.topic +
          "' in this area now, so this alert reaches no one; cancel it if that is a mistake";
    if (!created.fan_out_error.empty()) {
      log::warn("notification fan-out interrupted, the sweep finishes it",
                {{"id", static_cast<long long>(created.id)},
                 {"recipients_so_far", static_cast<long long>(created.recipients)},
                 {"error", created.fan_out_error}});
      answer["fan_out"] = "continuing";
    } else {
      log::info("notification created", {{"id", static_cast<long long>(created.id)},
                                         {"topic", n.topic},
                                         {"recipients", static_cast<long long>(created.recipients)},
                                         {"repeat", created.existing}});
    }
    co_return reply(req_, http::status::accepted, std::move(answer));
  }

  asio::awaitable<Response> notification_status(std::int64_t id) {
    const auto job = [id](pqxx::connection_base& c) { return db::notification_status(c, id); };
    auto status = co_await in_database(job);
    if (!status.found)
      throw Refusal{http::status::not_found, "no notification " + std::to_string(id)};
    json::object counts;
    for (const auto& [k, v] : status.counts) counts[k] = v;
    const bool waiting = status.counts["pending"] > 0;
    const char* state = status.cancelled        ? "cancelled"
                        : status.before_send_at ? "scheduled"
                        : waiting               ? "sending"
                                                : "done";
    co_return reply(req_, http::status::ok,
                    json::object{{"id", id}, {"status", state}, {"counts", std::move(counts)}});
  }

  asio::awaitable<Response> cancel_notification(std::int64_t id) {
    const auto job = [id](pqxx::connection_base& c) { return db::cancel_notification(c, id); };
    const db::Cancelled outcome = co_await in_database(job);
    if (outcome == db::Cancelled::not_found)
      throw Refusal{http::status::not_found, "no notification " + std::to_string(id)};
    if (outcome == db::Cancelled::nothing_left)
      throw Refusal{http::status::conflict,
                    "notification " + std::to_string(id) +
                        " has no delivery waiting (each was sent, failed or expired): nothing "
                        "is left to cancel"};
    co_return reply(req_, http::status::ok, json::object{{"id", id}, {"status", "cancelled"}});
  }

  const Request& req_;
  AdminState& state_;
  const Route& route_;
  Staff staff_;
  std::shared_ptr<dialogue::Dialogue> chat_;  // the content this request validates against
  std::string path_;
};

}  // namespace

asio::awaitable<Response> run_admin(const Request& request, RequestContext& context,
                                    AdminState& state, AdminCall call) {
  return AdminApi::run(request, context, state, call);
}

}  // namespace loket::server
