// The resident's side of Web Push: the VAPID public key the browser subscribes with
// (GET /api/v1/webpush/key), the topics to choose from (GET /api/v1/topics), and the
// subscription itself (POST /api/v1/webpush/subscriptions: 201; DELETE: stop everything).
// Bad input gets 400 naming the field; the store is on the database threads.
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "connectors/crypto.h"
#include "connectors/web_push_connector.h"
#include "connectors/web_push_encryption.h"
#include "db/notification_store.h"
#include "intents/entities.h"
#include "server/channels/channels.h"
#include "server/common/db_call.h"
#include "server/common/log.h"
#include "server/http/route.h"
#include "server/notify/dispatcher.h"

namespace loket::server {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxEndpoint = 2048;
constexpr std::size_t kMaxTopics = 50;

Response json_reply(const Request& request, http::status status, const json::value& body) {
  Response res = make_response(status, request, "application/json", json::serialize(body));
  allow_any_origin(res);
  return res;
}

Response error(const Request& request, http::status status, std::string_view message) {
  auto res = json_error(status, request.version(), request.keep_alive(), message);
  allow_any_origin(res);
  return res;
}

// Browsers give https endpoints; plain http only where local endpoints are allowed (tests,
// trials). Where they resolve to is checked when sending.
bool acceptable_endpoint(std::string_view endpoint, bool allow_local) {
  auto url = boost::urls::parse_absolute_uri(endpoint);
  if (!url || url->host().empty()) return false;
  return url->scheme() == "https" || (allow_local && url->scheme() == "http");
}

std::string string_field(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

struct Subscription {
  db::NewContact contact;
  std::string error;
};

Subscription read_subscription(std::string_view body, const config::Config& config,
                               bool allow_local) {
  Subscription s;
  json::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return {{}, "body must be a JSON object"};
  const auto& o = v.get_object();
  auto& k = s.contact;
  k.channel = connectors::WebPushConnector::kChannel;
  k.address = string_field(o, "endpoint");
  if (k.address.empty() || k.address.size() > kMaxEndpoint ||
      !acceptable_endpoint(k.address, allow_local))
    return {{}, "endpoint must be the browser's https:// push endpoint"};
  const json::value* keys = o.if_contains("keys");
  if (keys == nullptr || !keys->is_object())
    return {{}, "keys must be an object with p256dh and auth"};
  const std::string p256dh = string_field(keys->get_object(), "p256dh");
  const std::string auth = string_field(keys->get_object(), "auth");
  auto raw_p256dh = connectors::base64_decode(p256dh);
  auto raw_auth = connectors::base64_decode(auth);
  if (!raw_p256dh || !raw_auth || !connectors::valid_web_push_keys(*raw_p256dh, *raw_auth))
    return {{},
            "keys.p256dh must be a P-256 public key and keys.auth a 16-byte secret (base64url)"};
  k.channel_data = connectors::web_push_keys_json(p256dh, auth);
  const json::value* topics = o.if_contains("topics");
  if (topics == nullptr || !topics->is_array() || topics->get_array().empty() ||
      topics->get_array().size() > kMaxTopics)
    return {{}, "topics must be a non-empty list of topic ids"};
  for (const auto& t : topics->get_array()) {
    if (!t.is_string() || config.find_topic(t.get_string()) == nullptr)
      return {{},
              "topics: '" +
                  (t.is_string() ? std::string(t.get_string()).substr(0, 40) : std::string("?")) +
                  "' is not a topic of this municipality"};
    k.topics.emplace_back(t.get_string());
  }
  k.lang = string_field(o, "lang");
  if (k.lang.empty()) k.lang = config.default_language;
  if (!config.has_language(k.lang)) return {{}, "lang is not one of this municipality's languages"};
  if (const std::string postcode = string_field(o, "postcode"); !postcode.empty()) {
    k.postcode = intents::normalise_postcode(postcode);
    if (!k.postcode) return {{}, "postcode is not a Dutch postcode (1234 AB)"};
  }
  return s;
}

}  // namespace

asio::awaitable<Response> handle_topics(const Request& request, RequestContext& context,
                                        ChannelState& state) {
  if (request.method() == http::verb::options)
    co_return cors_preflight(request, context.route.methods);
  const auto content = state.chat.content.current();
  json::array topics;
  for (const auto& t : content->config().topics)
    topics.push_back(json::object{{"id", t.id}, {"name", json::value_from(t.name)}});
  // Whether browser notifications are on, so the page asks for the key only then.
  co_return json_reply(
      request, http::status::ok,
      json::object{{"topics", std::move(topics)}, {"webpush", state.hub.vapid() != nullptr}});
}

asio::awaitable<Response> handle_webpush_key(const Request& request, RequestContext& context,
                                             ChannelState& state) {
  if (request.method() == http::verb::options)
    co_return cors_preflight(request, context.route.methods);
  const connectors::VapidKey* key = state.hub.vapid();
  if (key == nullptr)
    co_return error(request, http::status::not_found, "browser notifications are not enabled here");
  co_return json_reply(
      request, http::status::ok,
      json::object{{"publicKey", connectors::base64url_encode(key->public_key())}});
}

asio::awaitable<Response> handle_webpush_subscriptions(const Request& request,
                                                       RequestContext& context,
                                                       ChannelState& state) {
  if (request.method() == http::verb::options)
    co_return cors_preflight(request, context.route.methods);
  const std::string& client = context.client;
  const auto content = state.chat.content.current();
  const config::Config& config = content->config();
  if (state.hub.vapid() == nullptr)
    co_return error(request, http::status::not_found, "browser notifications are not enabled here");
  if (!state.chat.notifications.ready())
    co_return error(request, http::status::service_unavailable,
                    "notifications are not available right now; try again later");
  if (request.method() == http::verb::delete_) {
    json::error_code ec;
    const json::value v = json::parse(request.body(), ec);
    const std::string endpoint =
        !ec && v.is_object() ? string_field(v.get_object(), "endpoint") : std::string();
    if (endpoint.empty() || endpoint.size() > kMaxEndpoint)
      co_return error(request, http::status::bad_request, "endpoint is missing");
    const auto job = [endpoint](pqxx::connection_base& c) {
      return db::unsubscribe(c, std::string(connectors::WebPushConnector::kChannel), endpoint, "");
    };
    const auto done = co_await db_call(*state.chat.notifications.database, job);
    if (!done) {
      log::warn("web push unsubscribe failed", {{"error", describe(done.error())}});
      co_return error(request, http::status::service_unavailable,
                      "notifications are not available right now; try again later");
    }
    co_return json_reply(request, http::status::ok, json::object{{"topics", json::array{}}});
  }
  Subscription s = read_subscription(request.body(), config,
                                     state.hub.settings().webpush->allow_local_endpoints);
  if (!s.error.empty()) co_return error(request, http::status::bad_request, s.error);
  // A browser subscribes once: many valid subscriptions from one address are someone filling
  // the store.
  if (auto wait = state.chat.subscription_pace.reserve(
          address_block(client), connectors::RateLimiter::Clock::now(), false);
      wait > connectors::RateLimiter::Clock::duration::zero()) {
    Response res = error(request, http::status::too_many_requests,
                         "too many subscriptions from this address; try again later");
    res.set(http::field::retry_after,
            std::to_string(std::chrono::duration_cast<std::chrono::seconds>(wait).count() + 1));
    co_return res;
  }
  // Where the endpoint leads is checked now, not at the first alert: one on this machine or the
  // municipality's network is refused before it is stored. A name that does not resolve right
  // now is kept (a push service's DNS failing for a moment must not lose the subscription); each
  // send checks again where it connects.
  if (auto* push = dynamic_cast<connectors::WebPushConnector*>(
          state.hub.find(connectors::WebPushConnector::kChannel))) {
    auto checking = push->check_endpoint(s.contact.address);
    const boost::system::error_code unreachable = co_await std::move(checking);
    if (unreachable == connectors::destination_not_public())
      co_return error(request, http::status::bad_request,
                      "endpoint leads to an address that is not public; use the browser's push "
                      "service");
  }
  const auto job = [contact = std::move(s.contact)](pqxx::connection_base& c) {
    return db::upsert_contact(c, contact);
  };
  const auto id = co_await db_call(*state.chat.notifications.database, job);
  if (!id) {
    log::warn("web push subscription not stored", {{"error", describe(id.error())}});
    co_return error(request, http::status::service_unavailable,
                    "notifications are not available right now; try again later");
  }
  co_return json_reply(request, http::status::created, json::object{{"id", *id}});
}

}  // namespace loket::server
