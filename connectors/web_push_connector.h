// Web Push (browser notifications): encrypts each alert for the subscribed browser (RFC 8291,
// aes128gcm), signs a VAPID token for the push service (RFC 8292) and POSTs it to the
// subscription's endpoint with TTL, Urgency (urgent alerts: high) and Topic (the alert's topic,
// so a newer alert replaces one not yet shown). 404/410: the subscription is gone. Each push
// service gets at most `per_push_service_per_second` from the deployment, and after its 429
// nothing from this process for as long as its Retry-After says. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "config/config.h"
#include "connectors/connector.h"
#include "connectors/http_client.h"
#include "connectors/platform_pace.h"
#include "connectors/rate_limiter.h"
#include "connectors/vapid.h"

namespace loket::connectors {

class WebPushConnector final : public Connector {
 public:
  static constexpr std::string_view kChannel = "webpush";

  WebPushConnector(VapidKey key, config::WebPushChannel settings, std::string title,
                   std::chrono::milliseconds timeout);
  std::string_view channel() const override { return kChannel; }
  boost::asio::awaitable<SendResult> send(const OutgoingMessage& message) override;
  void use_send_slots(std::shared_ptr<SendSlots> slots) override { overall_.use_slots(slots); }
  // A browser's endpoint resolves, and (unless local endpoints are allowed) to a public address.
  boost::asio::awaitable<boost::system::error_code> check_endpoint(std::string endpoint) {
    return client_.check_destination(std::move(endpoint));
  }

 private:
  // The VAPID Authorization header for a push service, signed once and reused while it has
  // more than an hour left: a signature per alert was an ES256 signing per delivery.
  std::string authorization(const std::string& origin);

  // A wait while `origin` still asks to be left alone (its 429's Retry-After); nothing: not.
  std::optional<SendResult> while_paused(const std::string& origin);
  void pause(const std::string& origin, std::chrono::milliseconds pause);

  VapidKey key_;
  std::mutex tokens_mutex_;
  std::map<std::string, std::pair<std::string, std::int64_t>> tokens_;  // origin -> header, expiry
  config::WebPushChannel settings_;
  std::string title_;  // the municipality's name, shown above each alert
  HttpClient client_;
  std::mutex pauses_mutex_;
  std::map<std::string, RateLimiter::Clock::time_point> paused_until_;  // by origin
  PlatformPace overall_;  // each push service's, for the deployment
};

// A browser subscription's keys as loket stores them (the contact's channel data).
std::string web_push_keys_json(std::string_view p256dh, std::string_view auth);

// The push service's origin ("https://push.example.net"), the VAPID token's audience.
std::string endpoint_origin(std::string_view endpoint);

}  // namespace loket::connectors
