// loket's configuration: the server file (listen address, limits, languages, content paths) and
// the staff-edited content files it names (intents, answers, system messages).
// Values are plain immutable data once loaded; share them freely between threads.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/scheme.h"

namespace loket::config {

// A problem found in a file, pointing at the offending YAML node (1-based line and column).
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;

  std::string to_string() const;  // "file:line:column: message"
};

struct Link {
  LangText title;
  std::string url;
};

// Something the answer needs from the resident, such as their postcode. When the message lacks
// it, loket asks with `prompt` and completes the answer on the next turn.
struct Slot {
  std::string name;    // placeholder in the answer: {name}
  std::string entity;  // postcode, house_number, date, email or phone
  LangText prompt;
};

// A table of values the answer fills in, found by a slot's value (e.g. a postcode's district).
struct LookupTable {
  std::filesystem::path file;
  std::vector<std::string> columns;                      // the first is the key
  std::map<std::string, std::vector<std::string>> rows;  // key (upper case) -> values
};

struct Lookup {
  std::string key;      // slot whose value is looked up
  bool prefix = false;  // match the longest leading part of the value that has a row
  LookupTable table;
  LangText not_found;  // said when no row matches; the slot is asked again
};

// What an intent does besides answering: the resident's notification subscriptions.
struct Action {
  enum class Kind { subscribe, unsubscribe, list_subscriptions };
  Kind kind = Kind::subscribe;
  std::string topic;  // subscribe: the topic; unsubscribe: one topic, or empty for all
};

struct Intent {
  std::string id;
  LangText title;
  std::map<std::string, std::vector<std::string>> examples;  // language -> questions
  LangText answer;
  std::vector<Link> links;
  std::vector<std::string> suggestions;  // ids of intents offered as follow-ups
  std::vector<Slot> slots;
  std::optional<Lookup> lookup;
  std::optional<Action> action;
  LangText confirm;       // asked (yes/no) before the action; empty: act at once
  LangText declined;      // said when the resident answers no
  LangText empty;         // list_subscriptions with none: said instead of the answer
  std::string source;     // the page or regulation the answer is based on
  std::string review_by;  // YYYY-MM-DD: when staff must check the answer again; empty: no date
  // `action: handoff`: the resident asks for a person, who is offered (with a button) when the
  // municipality hands over (config.handoff); `handoff: offer`: a sensitive subject, where a
  // person is offered with the answer.
  enum class Handoff { none, requested, offered };
  Handoff handoff = Handoff::none;
  // `urgent: true` (help lines in a crisis): answered first whenever a question matches it at
  // all, even when it matches another intent better ("ik heb schulden en wil niet meer leven").
  bool urgent = false;
  // `whole_answer: true`: the answer is always given whole, also to a question about a part of
  // it ("wat kost het?"), where loket otherwise gives only the sentences about that part.
  bool whole_answer = false;
  // `required_words:` (language -> words or phrases): the intent answers only a message with one
  // of them, whatever the matcher thinks; an urgent intent must have them.
  std::map<std::string, std::vector<std::string>> required_words;
  // `action: find_schemes` (or find_business_schemes): the scheme finder's questions follow.
  std::optional<Audience> finds_schemes;
  // Exact messages (after normalisation) that choose this intent before any matching:
  // "stop" must always unsubscribe, whatever the matcher thinks.
  std::map<std::string, std::vector<std::string>> keywords;
  std::string file;
  int line = 0;
  // Where each part was written, "file:line": part ("title", "examples", "answer", ...) ->
  // places; more than one when a later content layer's override (override: true) added to it.
  std::map<std::string, std::vector<std::string>> origin;
  struct Override {
    std::string where;               // "file:line"
    std::vector<std::string> parts;  // what it gave: "answer", "examples", ...
  };
  std::vector<Override> overrides;  // in the order applied
};

struct Messages {
  LangText welcome;      // a resident starts talking on a messaging channel (Telegram /start)
  LangText unavailable;  // an action could not be done now (no database, database down)
  LangText fallback;     // the bot did not understand
  LangText ambiguous;    // two intents are close: "did you mean one of these?"
  // Intents offered under the fallback when too few topics are close (a human contact, say).
  std::vector<std::string> fallback_suggestions;
  // Where each message above was given ("welcome" -> its file and line), for the checks.
  std::map<std::string, Diagnostic, std::less<>> places;
};

struct ServerSettings {
  std::string listen_host = "0.0.0.0";
  std::uint16_t listen_port = 8080;
  unsigned threads = 0;  // 0: one per core
  std::chrono::seconds drain_timeout{10};
  std::string log_level = "info";
  std::string log_format = "logfmt";  // or "json": one JSON object per line
  // After SIGTERM, /readyz answers 503 this long while requests are still served, so a load
  // balancer takes the instance out before it stops accepting.
  std::chrono::seconds shutdown_delay{0};
  // Peers (CIDR: "10.0.0.0/8", "::1/128") whose X-Forwarded-For (or Forwarded) header names the
  // client: a load balancer or reverse proxy in front of loket. Nobody else is believed.
  std::vector<std::string> trusted_proxies;
  // The header those proxies append the client to: "x-forwarded-for" (HAProxy's option
  // forwardfor, nginx) or "forwarded" (RFC 7239). Only that one is read: a proxy passes the
  // other on as the client sent it.
  std::string client_address_header = "x-forwarded-for";
  // /metrics only with "Authorization: Bearer <this>" (Prometheus' bearer token); empty: open,
  // for a scrape over a private network. From the environment or a file.
  std::string metrics_token;

  bool operator==(const ServerSettings&) const = default;
};

struct Limits {
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_text_chars = 1000;
  std::size_t max_connections = 10000;
  std::size_t max_sessions = 100000;
  std::chrono::seconds request_timeout{10};  // to receive one whole request
  std::chrono::seconds idle_timeout{60};     // keep-alive connection without a request
  std::chrono::seconds websocket_idle_timeout{300};
  std::chrono::seconds session_ttl{1800};           // a chat session's memory
  std::size_t max_import_bytes = 64 * 1024 * 1024;  // one contacts:import request
  int log_retention_days = 90;  // conversation log entries are deleted after this
  // Contacts with nothing to receive (no subscription, or gone at the platform) and no message
  // from them this long; deliveries settled this long ago; the audit log's entries.
  int inactive_contact_retention_days = 30;
  int delivery_retention_days = 90;
  int audit_retention_days = 730;
  // New browser subscriptions per client address and minute (0: no limit). Behind a proxy all
  // residents share its address: raise it there.
  double subscriptions_per_minute = 30;
  // Chat messages (REST and WebSocket) per client address (an IPv6 /64 counts as one) and per
  // chat session, per minute; beyond, 429 with Retry-After. 0: no limit.
  double chat_per_client_per_minute = 120;
  double chat_per_session_per_minute = 30;
  // A staff member signed in at /admin is signed out after this long without a call, and
  // after the longer one however active (a working day).
  std::chrono::seconds staff_session_idle{1800};
  std::chrono::seconds staff_session_max{12 * 3600};

  bool operator==(const Limits&) const = default;
};

struct MatcherSettings {
  std::optional<double> threshold;  // below: fallback; absent: chosen by cross-validation
  // From the threshold up to this, loket asks "did you mean ...?" with the best match first
  // instead of answering; absent: the threshold plus 0.05.
  std::optional<double> sure_threshold;
  // A match that would act (subscribe) needs at least this; absent: twice the threshold, and
  // at least 0.2.
  std::optional<double> action_threshold;
  double ambiguity_margin = 0.1;  // best and second closer than this: offer both
  std::size_t max_suggestions = 3;
};

// A pre-approved WhatsApp message template: proactive WhatsApp messages may only be these.
struct WhatsAppTemplate {
  std::string name;
  std::map<std::string, std::string> languages;  // resident's language -> template language code
  // Body parameters in order; {text} is the notification's text, {topic} the topic's name.
  std::vector<std::string> parameters{"{text}"};
};

// A subject residents can subscribe to (waste collection, road works, ...).
struct Topic {
  std::string id;
  LangText name;
  bool urgent_allowed = false;  // may staff send urgent ones (which ignore quiet hours)?
  std::optional<WhatsAppTemplate> whatsapp_template;
  std::string file;
  int line = 0;
  // `public: true`: its alerts are for everyone in the area (road works), and shown on the
  // neighbourhood page while they are current.
  bool is_public = false;
};

struct DatabaseSettings {
  std::string url;  // empty: notifications are off; LOKET_DATABASE_URL wins over it
  std::size_t pool_size = 4;
  // A statement that runs longer is cancelled: a runaway query must not hold a database thread
  // (and the requests queued behind it) for ever.
  std::chrono::seconds statement_timeout{30};

  bool operator==(const DatabaseSettings&) const = default;
};

struct ChannelLimits {
  double per_second = 50;  // sustained sends per second, for this instance
  double burst = 50;

  bool operator==(const ChannelLimits&) const = default;
};

struct NotificationSettings {
  std::size_t workers = 2;  // claim-send-record loops per instance
  std::size_t batch = 1000;
  // Sends each worker has under way at once; a killed instance repeats at most these.
  std::size_t sends_in_flight = 128;
  int max_attempts = 8;
  std::chrono::milliseconds poll_interval{1000};
  std::chrono::seconds send_timeout{10};
  std::chrono::milliseconds retry_base{2000};  // first retry after about this, doubling
  std::chrono::seconds retry_max{3600};
  std::string timezone = "Europe/Amsterdam";
  int quiet_start = 22 * 60, quiet_end = 7 * 60;  // minutes after local midnight
  std::map<std::string, ChannelLimits> channels;  // channel -> rate limit

  bool operator==(const NotificationSettings&) const = default;
};

// The messaging channels. Secrets are read from the environment or from files when the
// configuration loads (never written in the YAML); a channel is on only when all its secrets are
// set. The values never go into logs.
struct TelegramChannel {
  std::string bot_token, secret_token;
  std::string api_base = "https://api.telegram.org";

  bool operator==(const TelegramChannel&) const = default;
};
struct MetaChannel {  // Messenger and WhatsApp
  std::string app_secret, verify_token, access_token;
  std::string api_base = "https://graph.facebook.com/v19.0";
  std::string whatsapp_phone_number_id;  // empty: no proactive WhatsApp notifications
  std::string messenger_page_id = "me";

  bool operator==(const MetaChannel&) const = default;
};
struct XChannel {
  std::string consumer_secret;
  std::string access_token;  // a user-context bearer token for sending direct messages
  std::string api_base = "https://api.twitter.com";

  bool operator==(const XChannel&) const = default;
};
struct MastodonChannel {
  std::string base, token;
  std::chrono::seconds poll_interval{30};  // how often mentions are fetched
  // Alerts on these topics are also posted publicly on the account, whatever their area.
  std::vector<std::string> public_topics;

  bool operator==(const MastodonChannel&) const = default;
};
struct WebPushChannel {
  std::string vapid_private_key;  // PEM (a file's through {file: PATH})
  std::string subject;            // mailto: or https: contact for push services
  std::chrono::seconds ttl{86400};
  // Alerts a second to one push service from the whole deployment (every instance together).
  // Push services publish no rate for the Web Push protocol; they answer 429 and Retry-After
  // (RFC 8030, 8.4) when one is too fast, which this stays well below.
  int per_push_service_per_second = 100;
  // Accept push endpoints on this machine or a private network: for tests and trials only.
  bool allow_local_endpoints = false;

  bool operator==(const WebPushChannel&) const = default;
};
struct Channels {
  std::optional<TelegramChannel> telegram;
  std::optional<MetaChannel> meta;
  std::optional<XChannel> x;
  std::optional<MastodonChannel> mastodon;
  std::optional<WebPushChannel> webpush;
  std::vector<std::string> off;  // why a configured channel is off ("telegram: ... not set")
  // A resident's message held this long by an instance without progress is answered by another.
  std::chrono::seconds answer_lease{120};

  bool operator==(const Channels&) const = default;
};

// How the chat page and the widget look, and what their own controls say (the answers are the
// content's). Colours are checked when loaded: a pair residents cannot read never goes live.
struct WidgetColours {
  std::string primary = "#00466e";     // header, launcher, buttons, the resident's messages
  std::string on_primary = "#ffffff";  // text on primary
  std::string background = "#ffffff";  // behind the conversation; links and buttons on it
  std::string surface = "#eef2f5";     // the municipality's messages
  std::string text = "#1b1f23";
};
struct WidgetSettings {
  std::string name;   // in the header and as the speaker of answers; default: municipality
  std::string logo;   // an https: or data:image URL, or a path on loket's host; empty: none
  bool left = false;  // the launcher at the bottom left instead of right
  WidgetColours colours;
  LangText launcher;  // the launcher's label; empty: the UI string "open"
  LangText privacy;   // a line under the input, linking to privacy_url when set
  std::string privacy_url;
  // Language -> UI string key (widget_labels.h) -> text, over loket's own words.
  std::map<std::string, std::map<std::string, std::string>> labels;
};

// When staff chat with residents: per weekday the open intervals, in the office's time zone.
struct OfficeHours {
  struct Interval {
    int start = 0, end = 0;  // minutes after local midnight, [start, end); end at most 1440
  };
  std::string time_zone = "Europe/Amsterdam";
  std::array<std::vector<Interval>, 7> days;  // Monday first; empty: closed that day
  std::vector<std::string> holidays;          // YYYY-MM-DD, closed all day
};

// Handing a resident to a person (docs/handoff.md).
// The contact centre's own system, where handed-over residents go instead of the built-in inbox
// (docs/handoff.md). Its secrets come from the environment or files, as the channels' do.
struct ContactCentre {
  enum class Kind { chatwoot, webhook };
  Kind kind = Kind::webhook;
  std::string url;  // chatwoot: its base URL; webhook: where loket posts the events
  long long account_id = 0, inbox_id = 0;  // chatwoot: the API inbox the conversations go to
  std::string api_access_token;            // chatwoot: an agent bot's or a user's token
  // chatwoot: the token in the webhook URL given to Chatwoot, whose webhooks are not signed;
  // webhook: the Standard Webhooks key, both ways.
  std::string secret;
};
std::string_view contact_centre_name(ContactCentre::Kind kind);  // "chatwoot", "webhook"

struct HandoffSettings {
  int after_fallbacks = 0;  // offered after this many fallbacks in a row; 0: not for that
  OfficeHours office_hours;
  // How the staff member is shown to the resident ("Gemeente Noorderhaven"); empty: their name.
  std::string display_name;
  std::size_t max_waiting = 500;  // waiting conversations; beyond, a callback is offered
  // The expected wait per place in the queue while none were taken in the last hour.
  std::chrono::seconds wait_per_place{180};
  std::optional<ContactCentre> contact_centre;  // absent: the built-in inbox (/admin/inbox)
};

// The map staff draw an alert's area on: its tiles (a URL template with {z}, {x} and {y}), their
// attribution, and where it opens (absent: the middle of area.locations).
struct MapSettings {
  std::string tiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  std::string attribution = "© OpenStreetMap-bijdragers";
  std::optional<std::pair<double, double>> centre;  // lat, lon
  int zoom = 13;
};

// Staff sign in with the municipality's own accounts (Keycloak, Azure AD, ...) through OpenID
// Connect's authorization code flow: the issuer, loket's client there, and which of the
// account's roles or groups (the claim `roles_claim`, a dotted path) stand for which loket role.
struct OidcSettings {
  std::string name = "gemeente-account";  // on the sign-in button
  std::string issuer;                     // its discovery document is ISSUER/.well-known/...
  std::string client_id;
  std::string client_secret;  // from the environment or a file
  std::string redirect_uri;   // https://HOST/admin/v1/session/oidc/callback, as registered
  std::string roles_claim = "roles";
  std::map<std::string, std::string> roles;  // the claim's value -> editor, campaigns, agent, admin
};

struct Config {
  std::filesystem::path file;
  std::string municipality;
  ServerSettings server;
  Limits limits;
  MatcherSettings matcher;
  // The municipality's postcodes, as ranges of their four digits (9701-9710); empty: the
  // postcodes its lookup tables know.
  std::vector<std::pair<int, int>> area_postcodes;
  // Where postcodes lie ("9701" or "9701AB" -> latitude, longitude), from area.locations: so that
  // an alert for a point and radius shows on the neighbourhood page of the postcodes it covers.
  std::map<std::string, std::pair<double, double>> area_locations;
  MapSettings map;
  std::optional<OidcSettings> oidc;  // absent: staff sign in with tokens only
  std::string default_language;
  std::vector<std::string> languages;  // default first
  // The content files in the order read; `layer` is the index of the `content:` entry each came
  // from: a later layer (the municipality's own folder after a regional one) may override.
  struct ContentFile {
    std::filesystem::path path;
    std::size_t layer = 0;
  };
  std::vector<ContentFile> content_files;
  std::vector<std::filesystem::path> content_folders;  // the content: entries that are folders
  // Where the dashboard writes the examples staff add to intents (overrides, in a layer of its
  // own after the others); absent: staff cannot add examples from the dashboard.
  std::optional<std::filesystem::path> additions_file;
  std::vector<std::filesystem::path> conversation_test_files;  // for loket test-conversations
  DatabaseSettings database;
  NotificationSettings notifications;
  Channels channels;
  std::vector<Topic> topics;
  std::vector<Intent> intents;
  Messages messages;
  WidgetSettings widget;
  std::optional<HandoffSettings> handoff;  // absent: residents are not handed to a person
  // Questions the municipality does not answer here (weather, sports, ...): the matcher learns
  // to turn these and their like down. Language -> questions.
  std::map<std::string, std::vector<std::string>> out_of_scope;
  SchemeSettings schemes;
  // What reading the files found that is not an error but that staff should see (a '#' that cut
  // a text short), for the content warnings.
  std::vector<Diagnostic> file_warnings;

  const Intent* find_intent(std::string_view id) const;
  bool has_language(std::string_view code) const;
  const Topic* find_topic(std::string_view id) const;
  // Where a postcode ("9701AB") lies: its own place in area.locations, else its four digits';
  // null when neither is known.
  const std::pair<double, double>* location_of(const std::string& postcode) const;
};

// The files a configuration was read from (the server file, content files, lookup tables and
// conversation tests), by path relative to the server file's folder, as they were read: what
// one instance hands the others so that all serve the same content. Secrets are never in it.
struct ContentFiles {
  std::string server_file;                   // its key in `files`
  std::map<std::string, std::string> files;  // relative path (generic form) -> bytes
};

// The key of `path` among ContentFiles::files: relative to the server file's folder, both made
// absolute and normal first, as the loader makes it.
std::string content_file_key(const std::filesystem::path& server_file,
                             const std::filesystem::path& path);

// No configuration file (server, content or table) may be larger.
inline constexpr std::size_t kMaxConfigFileBytes = 16 * 1024 * 1024;

struct LoadResult {
  std::optional<Config> config;  // set only when there are no errors
  std::vector<Diagnostic> errors;
  ContentFiles files;  // what was read from the disk (empty when loaded from ContentFiles)
};

// Reads the server file and every content file it names, and checks them as a whole.
LoadResult load_config(const std::filesystem::path& server_file);
// The same from `files` received from another instance; paths in diagnostics and in the Config
// are resolved against `server_file`'s folder, as if the files were there.
LoadResult load_config(const std::filesystem::path& server_file, const ContentFiles& files);

// A language code content may use: ISO 639-1 or 639-3 (nl, fy, pl, pap). Languages without a
// Snowball stemmer are matched on whole words.
bool is_supported_language(std::string_view code);
// For a three-letter code of a language that has a two-letter one ("eng"): those two letters
// ("en"). Empty otherwise.
std::string_view two_letter_code_of(std::string_view code);

// Entity kinds a slot may ask for (kept in step with intents::EntityType by a test).
// Intents loket recognises itself (small talk, abuse, the end of a dialogue); content may give
// one of these ids its own answer.
inline constexpr std::string_view kBuiltinIntents[] = {
    "greeting",    "thanks",    "goodbye", "acknowledgement", "unsure",  "opener",
    "who-are-you", "languages", "abuse",   "end-dialogue",    "handoff", "end-handoff"};
bool is_builtin_intent(std::string_view id);
bool is_slot_entity(std::string_view name);

// Fills {name} placeholders from `values`; other text, and unknown or malformed placeholders,
// stay as written.
std::string fill_placeholders(std::string_view text,
                              const std::map<std::string, std::string>& values);

// The {name} placeholders in `text`, in order.
std::vector<std::string> placeholders(std::string_view text);

// Picks the text for `lang`, else the default language's, else any; empty only if `texts` is.
const std::string& pick_language(const LangText& texts, const std::string& lang,
                                 const std::string& default_lang);

}  // namespace loket::config
