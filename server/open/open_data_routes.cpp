// GET /api/v1/open/questions[?format=csv][&months=N] and GET /api/v1/open/catalog.jsonld.
// The questions are counted per month, topic (the content file an intent is in), language and
// channel; a count under 10 is given as "<10" and a share only where both its parts are shown,
// so that no resident can be singled out. A row with topic "all" sums a month, language and
// channel over the topics.
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <tuple>

#include "db/open_data.h"
#include "server/common/db_call.h"
#include "server/common/log.h"
#include "server/http/refusal.h"
#include "server/open/open.h"

namespace loket::server {
namespace {

namespace json = boost::json;

constexpr long long kSmallest = 10;  // counts below are suppressed
constexpr int kDefaultMonths = 12;
constexpr int kMaxMonths = 24;
constexpr std::chrono::seconds kCacheFor{300};

struct Query {
  bool csv = false;
  int months = kDefaultMonths;
};

Refusable<Query> read_query(std::string_view target) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return Refusal{400, "request target is not a valid path"};
  Query out;
  for (const auto& param : url->params()) {
    if (param.key == "format") {
      if (param.value != "json" && param.value != "csv")
        return Refusal{400, "'format' must be json or csv"};
      out.csv = param.value == "csv";
    } else if (param.key == "months") {
      const std::string& v = param.value;
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out.months);
      if (ec != std::errc{} || end != v.data() + v.size() || out.months < 1 ||
          out.months > kMaxMonths)
        return Refusal{400, "'months' must be a whole number from 1 to 24"};
    }
  }
  return out;
}

// intent id -> topic: the stem of the content file it is in; loket's own small talk is
// "conversation".
std::string topics_json(const config::Config& config) {
  json::object out;
  for (const auto& intent : config.intents)
    out[intent.id] = config::is_builtin_intent(intent.id)
                         ? std::string("conversation")
                         : std::filesystem::path(intent.file).stem().string();
  for (auto id : config::kBuiltinIntents) out[id] = "conversation";
  return json::serialize(out);
}

// To the nearest 10: an "all" row given exactly would give away a suppressed topic's count as
// the difference from the topics shown.
long long rounded(long long count) {
  return (count + 5) / 10 * 10;
}

// The month's, language's and channel's sums over the topics, as cells of topic "all", rounded.
std::vector<db::QuestionCell> with_totals(std::vector<db::QuestionCell> cells) {
  std::map<std::tuple<std::string, std::string, std::string>, db::QuestionCell> totals;
  for (const auto& c : cells) {
    auto& t = totals[{c.month, c.lang, c.channel}];
    t.month = c.month;
    t.topic = "all";
    t.lang = c.lang;
    t.channel = c.channel;
    t.questions += c.questions;
    t.answered += c.answered;
    t.handed_to_person += c.handed_to_person;
  }
  for (auto& [key, t] : totals) {
    t.questions = rounded(t.questions);
    t.answered = rounded(t.answered);
    t.handed_to_person = rounded(t.handed_to_person);
    cells.push_back(std::move(t));
  }
  std::stable_sort(cells.begin(), cells.end(), [](const auto& a, const auto& b) {
    return std::tie(a.month, a.topic, a.lang, a.channel) <
           std::tie(b.month, b.topic, b.lang, b.channel);
  });
  return cells;
}

bool shown(long long count) {
  return count >= kSmallest;
}

// A share to two decimals, when the count and the questions are both shown.
std::optional<double> share(long long count, long long questions) {
  if (!shown(count) || !shown(questions)) return std::nullopt;
  return std::round(100.0 * static_cast<double>(count) / static_cast<double>(questions)) / 100.0;
}

json::value count_value(long long count) {
  return shown(count) ? json::value(count) : json::value("<10");
}

json::value share_value(std::optional<double> s) {
  return s ? json::value(*s) : json::value();
}

std::string write_json(const config::Config& config, const std::vector<db::QuestionCell>& cells,
                       const Query& query, int retention_days) {
  json::array rows;
  for (const auto& c : cells)
    rows.push_back(json::object{
        {"month", c.month},
        {"topic", c.topic},
        {"language", c.lang},
        {"channel", c.channel},
        {"questions", count_value(c.questions)},
        {"answered", count_value(c.answered)},
        {"handed_to_person", count_value(c.handed_to_person)},
        {"answered_share", share_value(share(c.answered, c.questions))},
        {"handed_to_person_share", share_value(share(c.handed_to_person, c.questions))}});
  return json::serialize(json::object{
      {"publisher", config.municipality},
      {"months", query.months},
      {"covers_days", retention_days},
      {"suppression",
       "counts under 10 are given as \"<10\"; shares only where both counts are shown"},
      {"license", "CC0-1.0"},
      {"rows", std::move(rows)}});
}

void append_share(std::string& out, std::optional<double> s) {
  if (!s) return;
  char buffer[16];
  const auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, *s, std::chars_format::fixed, 2);
  if (ec == std::errc()) out.append(buffer, end);
}

std::string csv_count(long long count) {
  return shown(count) ? std::to_string(count) : "<10";
}

// Topics, languages and channels are ids (letters, digits, '-', '_'): no quoting is needed.
std::string write_csv(const std::vector<db::QuestionCell>& cells) {
  std::string out =
      "month,topic,language,channel,questions,answered,handed_to_person,answered_share,"
      "handed_to_person_share\r\n";
  for (const auto& c : cells) {
    out.append(c.month).append(",").append(c.topic).append(",").append(c.lang).append(",");
    out.append(c.channel).append(",").append(csv_count(c.questions)).append(",");
    out.append(csv_count(c.answered)).append(",").append(csv_count(c.handed_to_person));
    out.append(",");
    append_share(out, share(c.answered, c.questions));
    out.append(",");
    append_share(out, share(c.handed_to_person, c.questions));
    out.append("\r\n");
  }
  return out;
}

Response refuse(const Request& request, http::status status, std::string_view message) {
  Response res = json_error(status, request.version(), request.keep_alive(), message);
  allow_any_origin(res);
  return res;
}

// "https://chat.example.nl" from the request: the portal harvests absolute addresses. The scheme
// is the proxy's when it says (TLS ends there), else http.
std::string base_url(const Request& request) {
  std::string host(request[http::field::host]);
  const bool safe =
      !host.empty() && host.size() <= 255 &&
      std::all_of(host.begin(), host.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
      });
  if (!safe) host = "localhost";
  const bool https = request["X-Forwarded-Proto"] == "https";
  return std::string(https ? "https://" : "http://").append(host);
}

json::array in_languages(const config::Config& config, const config::LangText& texts) {
  json::array out;
  for (const auto& [lang, text] : texts)
    if (config.has_language(lang))
      out.push_back(json::object{{"@language", lang}, {"@value", text}});
  return out;
}

json::object distribution(const std::string& url, const char* media, const char* format) {
  return json::object{
      {"@type", "dcat:Distribution"},
      {"dcat:accessURL", json::object{{"@id", url}}},
      {"dcat:downloadURL", json::object{{"@id", url}}},
      {"dcat:mediaType",
       json::object{{"@id", std::string("http://www.iana.org/assignments/media-types/") + media}}},
      {"dct:format",
       json::object{
           {"@id",
            std::string("http://publications.europa.eu/resource/authority/file-type/") + format}}},
      {"dct:license", json::object{{"@id", "http://creativecommons.org/publicdomain/zero/1.0/"}}}};
}

std::string write_catalog(const config::Config& config, const std::string& base) {
  const std::string questions = base + "/api/v1/open/questions";
  const json::object publisher{{"@type", "foaf:Agent"}, {"foaf:name", config.municipality}};
  const config::LangText title = {
      {"nl", "Vragen van inwoners aan de chat van " + config.municipality},
      {"en", "Residents' questions to the chat of " + config.municipality},
      {"de", "Fragen der Einwohner an den Chat von " + config.municipality}};
  const config::LangText description = {
      {"nl",
       "Aantal vragen per maand, onderwerp, taal en kanaal, met het deel dat beantwoord "
       "werd en het deel dat naar een medewerker ging. Aantallen onder 10 staan als \"<10\"."},
      {"en",
       "Questions per month, topic, language and channel, with the share answered and the "
       "share handed to a person. Counts under 10 are given as \"<10\"."},
      {"de",
       "Fragen pro Monat, Thema, Sprache und Kanal, mit dem Anteil beantworteter und an "
       "Mitarbeiter übergebener Fragen. Zahlen unter 10 stehen als \"<10\"."}};
  json::array languages;
  for (const auto& lang : config.languages) {
    static const std::map<std::string, std::string> kAuthority = {
        {"nl", "NLD"}, {"en", "ENG"}, {"de", "DEU"}, {"da", "DAN"},
        {"sv", "SWE"}, {"no", "NOR"}, {"fr", "FRA"}};
    if (auto it = kAuthority.find(lang); it != kAuthority.end())
      languages.push_back(json::object{
          {"@id", "http://publications.europa.eu/resource/authority/language/" + it->second}});
  }
  json::object dataset{
      {"@id", questions},
      {"@type", "dcat:Dataset"},
      {"dct:identifier", questions},
      {"dct:title", in_languages(config, title)},
      {"dct:description", in_languages(config, description)},
      {"dct:publisher", publisher},
      {"dct:language", languages},
      {"dcat:keyword", json::array{"chat", "dienstverlening", "vragen", "service"}},
      {"dcat:theme",
       json::object{{"@id", "http://publications.europa.eu/resource/authority/data-theme/GOVE"}}},
      {"dct:accrualPeriodicity",
       json::object{{"@id", "http://publications.europa.eu/resource/authority/frequency/DAILY"}}},
      {"dcat:contactPoint",
       json::object{{"@type", "vcard:Organization"}, {"vcard:fn", config.municipality}}},
      {"dcat:distribution",
       json::array{distribution(questions, "application/json", "JSON"),
                   distribution(questions + "?format=csv", "text/csv", "CSV")}}};
  json::object catalog{{"@context", json::object{{"dcat", "http://www.w3.org/ns/dcat#"},
                                                 {"dct", "http://purl.org/dc/terms/"},
                                                 {"foaf", "http://xmlns.com/foaf/0.1/"},
                                                 {"vcard", "http://www.w3.org/2006/vcard/ns#"}}},
                       {"@id", base + "/api/v1/open/catalog.jsonld"},
                       {"@type", "dcat:Catalog"},
                       {"dct:title", in_languages(config, title)},
                       {"dct:description", in_languages(config, description)},
                       {"dct:publisher", publisher},
                       {"dct:language", languages},
                       {"foaf:homepage", json::object{{"@id", base + "/"}}},
                       {"dcat:dataset", json::array{std::move(dataset)}}};
  return json::serialize(catalog);
}

}  // namespace

Response public_reply(const Request& request, http::status status, std::string_view type,
                      std::string body, std::chrono::seconds max_age) {
  Response res = make_response(status, request, type, std::move(body));
  allow_any_origin(res);
  if (status == http::status::ok)
    res.set(http::field::cache_control,
            std::string("public, max-age=").append(std::to_string(max_age.count())));
  return res;
}

std::optional<std::string> OpenDataState::cached(const std::string& key,
                                                 std::chrono::steady_clock::duration max_age) {
  const std::lock_guard lock(cache_mutex);
  const auto it = cache.find(key);
  if (it == cache.end() || std::chrono::steady_clock::now() - it->second.at > max_age)
    return std::nullopt;
  return it->second.body;
}

void OpenDataState::keep(const std::string& key, std::string body) {
  const std::lock_guard lock(cache_mutex);
  if (cache.size() >= kMaxCached) cache.clear();  // postcodes x languages x formats, bounded
  cache[key] = {std::chrono::steady_clock::now(), std::move(body)};
}

asio::awaitable<Response> handle_open_questions(const Request& request, RequestContext& context,
                                                OpenDataState& state) {
  if (request.method() == http::verb::options)
    co_return cors_preflight(request, context.route.methods);
  const auto query = read_query(request.target());
  if (!query)
    co_return refuse(request, static_cast<http::status>(query.error().status),
                     query.error().message);
  const char* type = query->csv ? "text/csv; charset=utf-8" : "application/json";
  const std::string key =
      std::string(query->csv ? "csv:" : "json:") + std::to_string(query->months);
  if (auto body = state.cached(key, kCacheFor))
    co_return public_reply(request, http::status::ok, type, std::move(*body), kCacheFor);
  if (state.notifications.database == nullptr)
    co_return refuse(request, http::status::not_found,
                     "open data needs the conversation log, and this server has no database");
  const auto chat = state.content.current();
  const auto& config = chat->config();
  const auto job = [topics = topics_json(config), months = query->months,
                    zone = config.notifications.timezone](pqxx::connection_base& c) {
    return db::question_cells(c, topics, months, zone);
  };
  const auto cells = co_await db_call(*state.notifications.database, job);
  if (!cells) {
    log::warn("open data not read", {{"error", describe(cells.error())}});
    co_return refuse(request, http::status::service_unavailable,
                     "open data cannot be read right now; try again later");
  }
  const auto rows = with_totals(*cells);
  std::string body =
      query->csv ? write_csv(rows) : write_json(config, rows, *query, state.retention_days);
  state.keep(key, body);
  co_return public_reply(request, http::status::ok, type, std::move(body), kCacheFor);
}

asio::awaitable<Response> handle_open_catalog(const Request& request, RequestContext& context,
                                              OpenDataState& state) {
  if (request.method() == http::verb::options)
    co_return cors_preflight(request, context.route.methods);
  const auto chat = state.content.current();
  co_return public_reply(request, http::status::ok, "application/ld+json",
                         write_catalog(chat->config(), base_url(request) + context.base_path),
                         kCacheFor);
}

}  // namespace loket::server
