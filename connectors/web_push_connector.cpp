#include "connectors/web_push_connector.h"

#include <boost/asio.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <ctime>

#include "connectors/crypto.h"
#include "connectors/platform_answer.h"
#include "connectors/web_push_encryption.h"

namespace loket::connectors {

namespace json = boost::json;

namespace {
// VAPID tokens may live 24 h; a shorter one leaves room for clock skew at the push service.
constexpr std::int64_t kTokenLifetime = 12 * 3600;
constexpr std::int64_t kTokenRenewal = 3600;  // seconds left when a new token is signed
// Push services are a handful (one per browser maker); more origins than this are someone's
// made-up endpoints, and the cache starts over rather than grow.
constexpr std::size_t kMaxTokens = 64;
constexpr std::size_t kMaxBodyBytes = 3000;
// A send waits this long at most for its push service's turn; past it the delivery is handed back
// to the dispatcher for later (not counted as a failed attempt).
constexpr auto kMaxPaceWait = std::chrono::seconds(10);
// A push service's 429 without a usable Retry-After pauses it this long; a longer one than
// kLongestPause is its own deliveries' business (each retries after it), not the whole service's.
constexpr auto kDefaultPause = std::chrono::seconds(30);
constexpr auto kLongestPause = std::chrono::hours(1);

// RFC 8030 topics: at most 32 characters of the base64url alphabet.
std::string push_topic(std::string_view topic) {
  std::string out;
  for (char c : topic) {
    if (out.size() == 32) break;
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    out.push_back(ok ? c : '_');
  }
  return out;
}
}  // namespace

std::string web_push_keys_json(std::string_view p256dh, std::string_view auth) {
  return json::serialize(json::object{{"p256dh", p256dh}, {"auth", auth}});
}

std::string endpoint_origin(std::string_view endpoint) {
  auto url = boost::urls::parse_absolute_uri(endpoint);
  if (!url) return {};
  std::string origin(url->scheme());
  origin.append("://").append(url->host());
  if (url->has_port()) origin.append(":").append(url->port());
  return origin;
}

WebPushConnector::WebPushConnector(VapidKey key, config::WebPushChannel settings, std::string title,
                                   std::chrono::milliseconds timeout)
    : key_(std::move(key)),
      settings_(std::move(settings)),
      title_(std::move(title)),
      // Endpoints come from browsers, that is from anyone: they may not point inwards.
      client_(timeout, 1 << 20,
              settings_.allow_local_endpoints ? HttpClient::Destinations::any
                                              : HttpClient::Destinations::public_only) {}

std::optional<SendResult> WebPushConnector::while_paused(const std::string& origin) {
  std::lock_guard lock(pauses_mutex_);
  const auto now = RateLimiter::Clock::now();
  const auto it = paused_until_.find(origin);
  if (it == paused_until_.end() || it->second <= now) return std::nullopt;
  SendResult later;
  later.kind = SendResult::Kind::wait;
  later.retry_after = std::chrono::duration_cast<std::chrono::milliseconds>(it->second - now);
  later.error = "push service " + origin + " asked for a pause";
  return later;
}

void WebPushConnector::pause(const std::string& origin, std::chrono::milliseconds pause) {
  std::lock_guard lock(pauses_mutex_);
  const auto now = RateLimiter::Clock::now();
  // Over, or made-up endpoints' origins: the map stays as small as the push services paused.
  std::erase_if(paused_until_, [&](const auto& entry) { return entry.second <= now; });
  if (paused_until_.size() >= kMaxTokens && !paused_until_.count(origin)) return;
  auto& until = paused_until_[origin];
  until = std::max(until, now + std::min<std::chrono::milliseconds>(pause, kLongestPause));
}

std::string WebPushConnector::authorization(const std::string& origin) {
  const std::int64_t now = std::time(nullptr);
  std::lock_guard lock(tokens_mutex_);
  auto it = tokens_.find(origin);
  if (it != tokens_.end() && it->second.second - now > kTokenRenewal) return it->second.first;
  if (tokens_.size() >= kMaxTokens) tokens_.clear();
  const std::int64_t expires = now + kTokenLifetime;
  auto& entry = tokens_[origin];
  entry = {key_.authorization(origin, expires, settings_.subject), expires};
  return entry.first;
}

boost::asio::awaitable<SendResult> WebPushConnector::send(const OutgoingMessage& message) {
  SendResult broken;
  broken.kind = SendResult::Kind::permanent;
  broken.contact_gone = true;
  json::error_code ec;
  const json::value keys = json::parse(message.channel_data, ec);
  const json::value* p256dh = ec ? nullptr : keys.find_pointer("/p256dh", ec);
  const json::value* auth = ec ? nullptr : keys.find_pointer("/auth", ec);
  auto ua_public =
      p256dh && p256dh->is_string() ? base64_decode(p256dh->get_string()) : std::nullopt;
  auto auth_secret = auth && auth->is_string() ? base64_decode(auth->get_string()) : std::nullopt;
  if (!ua_public || !auth_secret) {
    broken.error = "the browser subscription's keys are missing or malformed";
    co_return broken;
  }
  if (!valid_web_push_keys(*ua_public, *auth_secret)) {
    broken.error = "the browser subscription's keys are not a valid P-256 key and secret";
    co_return broken;
  }
  // One record carries at most kWebPushMaxPlaintext bytes: a long alert is shortened to fit
  // (escaping can make the JSON longer than the text), never refused.
  std::string payload;
  for (std::size_t room = kMaxBodyBytes;; room = room * 3 / 4) {
    payload = json::serialize(json::object{{"title", truncate_utf8(title_, 200)},
                                           {"body", truncate_utf8(message.text, room)},
                                           {"topic", truncate_utf8(message.topic, 100)},
                                           {"lang", message.lang},
                                           {"id", message.delivery_id}});
    if (payload.size() <= kWebPushMaxPlaintext || room == 0) break;
  }
  auto body = encrypt_web_push(payload, *ua_public, *auth_secret);
  if (!body) {
    SendResult failed;
    failed.kind = SendResult::Kind::permanent;
    failed.error = "the alert could not be encrypted";
    co_return failed;
  }
  const std::string origin = endpoint_origin(message.address);
  if (origin.empty()) {
    broken.error = "the subscription's endpoint is not a URL";
    co_return broken;
  }
  if (auto paused = while_paused(origin)) co_return std::move(*paused);
  auto turn =
      overall_.wait_turn("webpush:" + origin, settings_.per_push_service_per_second, kMaxPaceWait);
  if (const auto wait = co_await std::move(turn); wait > RateLimiter::Clock::duration::zero())
    co_return held_back(wait, "push service " + origin + " paced: try again later");
  // A 429 may have come while this send waited for its turn.
  if (auto paused = while_paused(origin)) co_return std::move(*paused);
  HttpRequest request;
  request.url = message.address;
  request.body = std::move(*body);
  request.content_type = "application/octet-stream";
  request.headers = {{"Content-Encoding", "aes128gcm"},
                     {"TTL", std::to_string(settings_.ttl.count())},
                     {"Urgency", message.urgent ? "high" : "normal"},
                     {"Topic", push_topic(message.topic)},
                     {"Authorization", authorization(origin)}};
  auto answer = co_await client_.send(std::move(request));
  if (!answer) co_return transport_failure(answer.error());
  SendResult r = classify_http_answer(answer->status, answer->header("retry-after"));
  r.contact_gone = answer->status == 404 || answer->status == 410;
  // A 429's scope is the push service's to choose (RFC 8030, 8.4): the whole service waits.
  if (answer->status == 429) {
    if (r.retry_after.count() <= 0)
      r.retry_after = std::chrono::duration_cast<std::chrono::milliseconds>(kDefaultPause);
    pause(origin, r.retry_after);
  }
  if (r.kind != SendResult::Kind::delivered)
    r.error =
        "push service " + std::to_string(answer->status) + ": " + truncate_utf8(answer->body, 200);
  else
    r.platform_message_id = answer->header("location").substr(0, 200);
  co_return r;
}

}  // namespace loket::connectors
