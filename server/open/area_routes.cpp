// The neighbourhood page: GET /buurt/{postcode} (HTML, in the municipality's look) and
// GET /api/v1/area/{postcode} (JSON). For one postcode: what the content says about it (the waste
// collection days), the alerts on public topics current there, the schemes anyone can check,
// when staff are in, and how to get that area's alerts. Public, no sign-in; cached a minute.
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>
#include <map>

#include "db/public_alerts.h"
#include "intents/dialogue/handoff_sentences.h"
#include "server/common/db_call.h"
#include "server/common/html_text.h"
#include "server/common/log.h"
#include "server/open/open.h"

namespace loket::server {
namespace {

namespace json = boost::json;

constexpr std::chrono::seconds kCacheFor{60};
constexpr int kRecentDays = 7;  // an alert without an expiry is current this long
constexpr std::size_t kMaxAlerts = 20;

// "9701 ab" -> "9701AB"; four digits alone are a postcode area. Empty when it is neither.
std::string normal_postcode(std::string_view text) {
  std::string out;
  for (char c : text)
    if (c != ' ' && c != '+') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const bool digits =
      out.size() >= 4 && out[0] >= '1' && out[0] <= '9' &&
      std::all_of(out.begin(), out.begin() + 4, [](char c) { return c >= '0' && c <= '9'; });
  const bool letters =
      out.size() == 4 || (out.size() == 6 && std::all_of(out.begin() + 4, out.end(), [](char c) {
                            return c >= 'A' && c <= 'Z';
                          }));
  return digits && letters ? out : std::string();
}

// The page's own words, Dutch, German and English (English for other languages).
struct Words {
  const char* title;  // {postcode}
  const char* collection;
  const char* alerts;
  const char* no_alerts;
  const char* schemes;
  const char* schemes_intro;
  const char* business;
  const char* business_intro;
  const char* hours;
  const char* closed;
  const char* subscribe;
  const char* subscribe_how;  // {ask}
  const char* chat;
  const char* until;
  const char* web_chat;
  const char* browser_notifications;
  const char* bad_postcode;
  const char* not_here;  // {postcode} {municipality}
  const char* also_on;   // before the other channels than the site: " en via "
  const char* lang;      // the language of these words: the page's dates are written in it
  const char* days[7];
};

const Words& words(const std::string& lang) {
  static const Words kDutch{
      "Uw buurt: {postcode}",
      "Afval",
      "Meldingen voor uw buurt",
      "Er zijn nu geen meldingen voor deze postcode.",
      "Regelingen",
      "Misschien heeft u recht op een van deze regelingen. Vraag het de chat: die stelt een paar "
      "korte vragen.",
      "Voor ondernemers",
      "Regelingen voor bedrijven. Vraag de chat \"welke regelingen zijn er voor ondernemers\".",
      "Wanneer medewerkers in de chat zijn",
      "gesloten",
      "Meldingen ontvangen",
      "Vraag in de chat \"{ask}\" en geef uw postcode. Dat kan hier op de site",
      "Naar de chat",
      "tot",
      "de chat op de site",
      "meldingen in de browser",
      "Dit adres moet eindigen op een postcode, zoals 9701AB of 9701.",
      "Postcode {postcode} ligt niet in {municipality}.",
      " en via ",
      "nl",
      {"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"}};
  static const Words kEnglish{
      "Your neighbourhood: {postcode}",
      "Waste",
      "Alerts for your neighbourhood",
      "There are no alerts for this postcode now.",
      "Schemes",
      "You may be entitled to one of these schemes. Ask the chat: it asks a few short questions.",
      "For businesses",
      "Schemes for businesses. Ask the chat \"what schemes are there for businesses\".",
      "When staff are in the chat",
      "closed",
      "Getting alerts",
      "Ask the chat \"{ask}\" and give your postcode. You can do so here on the site",
      "Go to the chat",
      "until",
      "web chat",
      "browser notifications",
      "The address must end in a Dutch postcode, such as 9701AB or 9701.",
      "Postcode {postcode} is not in {municipality}.",
      " and on ",
      "en",
      {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}};
  static const Words kGerman{
      "Ihre Nachbarschaft: {postcode}",
      "Abfall",
      "Meldungen für Ihre Nachbarschaft",
      "Für diese Postleitzahl gibt es zurzeit keine Meldungen.",
      "Förderungen",
      "Vielleicht haben Sie Anspruch auf eine dieser Förderungen. Fragen Sie den Chat: Er stellt "
      "ein paar kurze Fragen.",
      "Für Unternehmen",
      "Förderungen für Unternehmen. Fragen Sie den Chat \"welche Förderungen gibt es für "
      "Unternehmer\".",
      "Wann Mitarbeiter im Chat sind",
      "geschlossen",
      "Meldungen erhalten",
      "Fragen Sie im Chat \"{ask}\" und nennen Sie Ihre Postleitzahl. Das geht hier auf der "
      "Website",
      "Zum Chat",
      "bis",
      "der Chat auf der Website",
      "Benachrichtigungen im Browser",
      "Die Adresse muss mit einer niederländischen Postleitzahl enden, etwa 9701AB oder 9701.",
      "Die Postleitzahl {postcode} liegt nicht in {municipality}.",
      " und über ",
      "de",
      {"Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"}};
  return lang == "nl" ? kDutch : lang == "de" ? kGerman : kEnglish;
}

std::string clock(int minutes) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", (minutes / 60) % 100, minutes % 60);
  return buffer;
}

// The channels a resident can get alerts on here, as residents know them.
std::vector<std::string> alert_channels(const config::Config& config, const Words& w) {
  std::vector<std::string> out{w.web_chat};
  if (config.channels.telegram) out.push_back("Telegram");
  if (config.channels.meta) {
    out.push_back("Messenger");
    if (!config.channels.meta->whatsapp_phone_number_id.empty()) out.push_back("WhatsApp");
  }
  if (config.channels.x) out.push_back("X");
  if (config.channels.webpush) out.push_back(w.browser_notifications);
  return out;
}

struct Area {
  std::string postcode, lang;
  std::vector<dialogue::Dialogue::AreaAnswer> collection;
  std::vector<db::PublicAlert> alerts;
  bool subscriptions = false;  // a database keeps them: the page says how to subscribe
};

// The first example of the intent that subscribes to `topic`, in `lang`: what to ask the chat.
std::string ask_for(const config::Config& config, const std::string& topic,
                    const std::string& lang) {
  for (const auto& intent : config.intents) {
    if (!intent.action || intent.action->kind != config::Action::Kind::subscribe ||
        intent.action->topic != topic)
      continue;
    auto it = intent.examples.find(lang);
    if (it == intent.examples.end()) it = intent.examples.find(config.default_language);
    if (it != intent.examples.end() && !it->second.empty()) return it->second.front();
  }
  return {};
}

std::string alert_text(const config::Config& config, const db::PublicAlert& alert,
                       const std::string& lang) {
  boost::system::error_code ec;
  const auto texts = json::parse(alert.texts_json, ec);
  if (ec || !texts.is_object()) return {};
  const auto& o = texts.get_object();
  for (const auto& l : {lang, alert.default_lang, config.default_language})
    if (const auto* t = o.if_contains(l); t != nullptr && t->is_string())
      return std::string(t->get_string());
  return {};
}

std::string write_json(const config::Config& config, const Area& area) {
  json::array collection, alerts, schemes, days, subscribe;
  for (const auto& a : area.collection)
    collection.push_back(json::object{{"intent", a.intent}, {"title", a.title}, {"text", a.text}});
  for (const auto& a : area.alerts) {
    const auto* topic = config.find_topic(a.topic);
    json::object o{
        {"id", a.id},
        {"topic", a.topic},
        {"topic_name",
         topic ? config::pick_language(topic->name, area.lang, config.default_language) : a.topic},
        {"text", alert_text(config, a, area.lang)},
        {"sent_at", a.sent_at}};
    o["expires_at"] = a.expires_at.empty() ? json::value() : json::value(a.expires_at);
    alerts.push_back(std::move(o));
  }
  json::array business_schemes;
  for (const auto& s : config.schemes.schemes)
    (s.audience == config::Audience::residents ? schemes : business_schemes)
        .push_back(json::object{
            {"id", s.id},
            {"name", config::pick_language(s.name, area.lang, config.default_language)},
            {"link", s.link}});
  json::object out{{"postcode", area.postcode},
                   {"municipality", config.municipality},
                   {"lang", area.lang},
                   {"collection", std::move(collection)},
                   {"alerts", std::move(alerts)},
                   {"schemes", std::move(schemes)},
                   {"business_schemes", std::move(business_schemes)}};
  for (const auto& intent : config.intents)
    if (intent.finds_schemes) {
      const char* key = *intent.finds_schemes == config::Audience::residents
                            ? "scheme_finder"
                            : "business_scheme_finder";
      if (!out.contains(key))
        out[key] = json::object{
            {"intent", intent.id},
            {"title", config::pick_language(intent.title, area.lang, config.default_language)}};
    }
  if (config.handoff) {
    static constexpr const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (int d = 0; d < 7; ++d) {
      json::array hours;
      for (const auto& i : config.handoff->office_hours.days[d])
        hours.push_back(json::string(clock(i.start) + "-" + clock(i.end)));
      days.push_back(json::object{{"day", kDays[d]}, {"hours", std::move(hours)}});
    }
    out["staff_hours"] = json::object{{"time_zone", config.handoff->office_hours.time_zone},
                                      {"days", std::move(days)}};
  }
  for (const auto& topic : config.topics)
    if (topic.is_public && area.subscriptions)
      subscribe.push_back(json::object{
          {"topic", topic.id},
          {"name", config::pick_language(topic.name, area.lang, config.default_language)},
          {"ask", ask_for(config, topic.id, area.lang)}});
  json::array channels;
  for (const auto& c : alert_channels(config, words("en"))) channels.push_back(json::string(c));
  out["subscribe"] =
      json::object{{"topics", std::move(subscribe)}, {"channels", std::move(channels)}};
  return json::serialize(out);
}

// Text with line breaks as the chat shows it: each line its own.
std::string paragraphs(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    if (end > start) out.append(html_escape(text.substr(start, end - start))).append("<br>");
    start = end + 1;
  }
  if (out.size() >= 4) out.resize(out.size() - 4);
  return out;
}

std::string replace_all(std::string text, std::string_view key, std::string_view value) {
  for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
    text.replace(at, key.size(), value);
  return text;
}

// A section listing the schemes for `audience`, with their links; empty when there are none.
std::string schemes_section(const config::Config& config, const std::string& lang,
                            config::Audience audience, const char* id, const char* heading,
                            const char* intro) {
  std::string items;
  for (const auto& s : config.schemes.schemes) {
    if (s.audience != audience) continue;
    const auto& name = config::pick_language(s.name, lang, config.default_language);
    items += s.link.empty() ? "<li>" + html_escape(name) + "</li>\n"
                            : "<li><a href=\"" + html_escape(s.link) + "\">" + html_escape(name) +
                                  "</a></li>\n";
  }
  if (items.empty()) return {};
  return std::string("<section aria-labelledby=\"") + id + "\"><h2 id=\"" + id + "\">" +
         html_escape(heading) + "</h2>\n<p>" + html_escape(intro) + "</p>\n<ul>\n" + items +
         "</ul>\n</section>\n";
}

std::string write_html(const config::Config& config, const Area& area) {
  const Words& w = words(area.lang);
  const auto& colours = config.widget.colours;
  const std::string name = config.widget.name.empty() ? config.municipality : config.widget.name;
  const std::string title = replace_all(w.title, "{postcode}", area.postcode);
  std::string html = "<!doctype html>\n<html lang=\"" + html_escape(area.lang) + "\">\n<head>\n";
  html +=
      "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n";
  html += "<title>" + html_escape(title) + " - " + html_escape(name) + "</title>\n<style>\n";
  // Long addresses (www.noorderhaven.nl/afvalkalender) wrap: the page fits 320 CSS px.
  html += "*{box-sizing:border-box}\n";
  html +=
      "body{margin:0;overflow-wrap:break-word;font-family:system-ui,sans-serif;line-height:1.5;"
      "background:" +
      colours.background + ";color:" + colours.text + "}\n";
  html += "header{background:" + colours.primary + ";color:" + colours.on_primary +
          ";padding:1rem}\nheader p{margin:0}\nh1{margin:.25rem 0 0;font-size:1.6rem}\n";
  html +=
      "main{max-width:44rem;margin:0 auto;padding:1rem}\nsection{background:" + colours.surface +
      ";border-radius:.5rem;padding:.5rem 1rem;margin:1rem 0}\n";
  html += "h2{font-size:1.25rem}\na{color:" + colours.primary + "}\n";
  html += "a:focus,a:hover{outline:3px solid " + colours.primary + ";outline-offset:2px}\n";
  html +=
      "table{border-collapse:collapse}th,td{text-align:left;padding:.15rem 1rem .15rem "
      "0}\n</style>\n";
  html += "</head>\n<body>\n<header><p>" + html_escape(name) + "</p><h1>" + html_escape(title) +
          "</h1></header>\n<main>\n";
  if (!area.collection.empty()) {
    html += "<section aria-labelledby=\"collection\"><h2 id=\"collection\">" +
            html_escape(w.collection) + "</h2>\n";
    for (const auto& a : area.collection) html += "<p>" + paragraphs(a.text) + "</p>\n";
    html += "</section>\n";
  }
  html +=
      "<section aria-labelledby=\"alerts\"><h2 id=\"alerts\">" + html_escape(w.alerts) + "</h2>\n";
  if (area.alerts.empty()) {
    html += "<p>" + html_escape(w.no_alerts) + "</p>\n";
  } else {
    html += "<ul>\n";
    for (const auto& a : area.alerts) {
      html += "<li><time datetime=\"" + html_escape(a.sent_at) + "\">" +
              html_escape(dialogue::spelled_date(a.sent_on, w.lang)) +
              "</time>: " + html_escape(alert_text(config, a, area.lang));
      if (!a.expires_at.empty())
        html += " (" + html_escape(w.until) + " <time datetime=\"" + html_escape(a.expires_at) +
                "\">" + html_escape(dialogue::spelled_date(a.expires_on, w.lang)) + "</time>)";
      html += "</li>\n";
    }
    html += "</ul>\n";
  }
  std::string ask;
  for (const auto& topic : config.topics)
    if (topic.is_public && ask.empty() && area.subscriptions)
      ask = ask_for(config, topic.id, area.lang);
  if (!ask.empty()) {
    // The site's own chat comes first in the list; the sentence names it already.
    const auto channels = alert_channels(config, w);
    std::string others;
    for (std::size_t i = 1; i < channels.size(); ++i)
      others.append(others.empty() ? "" : ", ").append(channels[i]);
    html += "<h3>" + html_escape(w.subscribe) + "</h3>\n<p>" +
            html_escape(replace_all(w.subscribe_how, "{ask}", ask)) +
            (others.empty() ? "" : html_escape(w.also_on + others)) + ". <a href=\"../\">" +
            html_escape(w.chat) + "</a></p>\n";
  }
  html += "</section>\n";
  html += schemes_section(config, area.lang, config::Audience::residents, "schemes", w.schemes,
                          w.schemes_intro);
  html += schemes_section(config, area.lang, config::Audience::businesses, "business", w.business,
                          w.business_intro);
  if (config.handoff) {
    html += "<section aria-labelledby=\"hours\"><h2 id=\"hours\">" + html_escape(w.hours) +
            "</h2>\n<table>\n";
    for (int d = 0; d < 7; ++d) {
      std::string hours;
      for (const auto& i : config.handoff->office_hours.days[d])
        hours.append(hours.empty() ? "" : ", ").append(clock(i.start) + "–" + clock(i.end));
      html += "<tr><th scope=\"row\">" + html_escape(w.days[d]) + "</th><td>" +
              html_escape(hours.empty() ? w.closed : hours) + "</td></tr>\n";
    }
    html += "</table>\n</section>\n";
  }
  html += "<p><a href=\"../\">" + html_escape(w.chat) + "</a></p>\n</main>\n</body>\n</html>\n";
  return html;
}

// A refusal as the asker reads it: `message` as JSON for the API, `page_message` on a short page
// in the page's language.
Response refuse(const Request& request, bool html, http::status status, const std::string& message,
                const std::string& page_message, const std::string& lang) {
  if (!html) return json_error(status, request.version(), request.keep_alive(), message);
  return make_response(status, request, "text/html; charset=utf-8",
                       "<!doctype html>\n<html lang=\"" + html_escape(lang) +
                           "\">\n<head><meta charset=\"utf-8\"><title>" +
                           html_escape(page_message) + "</title></head>\n<body><main><h1>" +
                           html_escape(page_message) + "</h1><p><a href=\"../\">" +
                           html_escape(words(lang).chat) + "</a></p></main></body>\n</html>\n");
}

asio::awaitable<Response> serve_area(const Request& request, OpenDataState& state, bool html,
                                     std::string_view prefix) {
  auto url = boost::urls::parse_origin_form(request.target());
  if (!url)
    co_return json_error(http::status::bad_request, request.version(), request.keep_alive(),
                         "request target is not a valid path");
  const auto chat = state.content.current();
  const auto& config = chat->config();
  std::string lang = config.default_language;
  for (const auto& param : url->params())
    if (param.key == "lang" && config.has_language(param.value)) lang = param.value;
  const std::string path = url->path();
  const std::string postcode = normal_postcode(std::string_view(path).substr(prefix.size()));
  if (postcode.empty())
    co_return refuse(request, html, http::status::bad_request,
                     "the path must end in a Dutch postcode, such as 9701AB or 9701",
                     words(lang).bad_postcode, lang);
  const std::string key =
      std::string(html ? "html:" : "area:").append(lang).append(":").append(postcode);
  const char* type = html ? "text/html; charset=utf-8" : "application/json";
  if (auto body = state.cached(key, kCacheFor))
    co_return public_reply(request, http::status::ok, type, std::move(*body), kCacheFor);
  auto answers = chat->area_answers(postcode, lang);
  if (!answers)
    co_return refuse(
        request, html, http::status::not_found,
        std::string("postcode ").append(postcode).append(" is not in ").append(config.municipality),
        replace_all(replace_all(words(lang).not_here, "{postcode}", postcode), "{municipality}",
                    config.municipality),
        lang);
  Area area{postcode, lang, std::move(*answers), {}, state.notifications.database != nullptr};
  std::vector<std::string> topics;
  for (const auto& t : config.topics)
    if (t.is_public) topics.push_back(t.id);
  bool complete = true;
  if (state.notifications.database != nullptr && !topics.empty()) {
    std::optional<db::Location> location;
    if (const auto* at = config.location_of(postcode))
      location = db::Location{at->first, at->second};
    // By value: the job may outlive this coroutine at shutdown.
    const auto job = [postcode, location, topics,
                      zone = config.notifications.timezone](pqxx::connection_base& c) {
      return db::public_alerts(c, postcode, location, topics, kRecentDays, kMaxAlerts, zone);
    };
    auto alerts = co_await db_call(*state.notifications.database, job);
    if (alerts) {
      area.alerts = std::move(*alerts);
    } else {
      complete = false;
      log::warn("neighbourhood alerts not read", {{"error", describe(alerts.error())}});
    }
  }
  std::string body = html ? write_html(config, area) : write_json(config, area);
  // Without the alerts (the database away) the page is still shown, but not kept.
  if (complete) state.keep(key, body);
  co_return public_reply(request, http::status::ok, type, std::move(body), kCacheFor);
}

}  // namespace

asio::awaitable<Response> handle_area_api(const Request& request, RequestContext& context,
                                          OpenDataState& state) {
  if (request.method() == http::verb::options)
    co_return cors_preflight(request, context.route.methods);
  co_return co_await serve_area(request, state, false, "/api/v1/area/");
}

asio::awaitable<Response> handle_area_page(const Request& request, RequestContext&,
                                           OpenDataState& state) {
  co_return co_await serve_area(request, state, true, "/buurt/");
}

}  // namespace loket::server
