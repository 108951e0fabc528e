// Meta's two messaging products on one Graph API: Messenger and WhatsApp (Cloud API). Reads the
// webhook's payloads, answers within the 24-hour window as text (quick replies / reply buttons),
// and sends notifications: on WhatsApp as the topic's pre-approved template, on Messenger only
// within the window; never free text outside it. Graph errors map to retry (130429 throughput,
// 131056 too many to one resident: after 6 s), gone or failed. Thread-safe.
#pragma once

#include <boost/system/result.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <vector>

#include "config/config.h"
#include "connectors/connector.h"
#include "connectors/http_client.h"
#include "connectors/platform_pace.h"
#include "connectors/rate_limiter.h"

namespace loket::connectors {

class MetaConnector final : public Connector {
 public:
  enum class Product { messenger, whatsapp };
  static constexpr std::string_view kMessenger = "messenger";
  static constexpr std::string_view kWhatsApp = "whatsapp";

  // What a notification about a topic needs on WhatsApp, looked up when it is sent (content
  // reloads change it): the template, and the topic's name in a language.
  struct TopicInfo {
    std::optional<config::WhatsAppTemplate> whatsapp_template;
    std::string name;
    std::string default_lang;
  };
  using TopicLookup = std::function<TopicInfo(const std::string& topic, const std::string& lang)>;

  MetaConnector(Product product, config::MetaChannel settings, std::chrono::milliseconds timeout,
                TopicLookup topics);
  void use_send_slots(std::shared_ptr<SendSlots> slots) override { overall_.use_slots(slots); }
  std::string_view channel() const override {
    return product_ == Product::messenger ? kMessenger : kWhatsApp;
  }
  boost::asio::awaitable<SendResult> send(const OutgoingMessage& message) override;
  boost::asio::awaitable<SendResult> reply(Reply& reply) override;

  static constexpr std::chrono::hours kWindow{24};

 private:
  boost::asio::awaitable<SendResult> post(const std::string& sender_id, std::string body);
  std::string text_body(const std::string& to, const std::string& text,
                        const std::vector<std::string>& quick_replies, bool proactive) const;

  Product product_;
  config::MetaChannel settings_;
  HttpClient client_;
  TopicLookup topics_;
  RateLimiter pace_;      // each resident's own
  PlatformPace overall_;  // each number's (or page's), for the deployment
};

// The messages in one webhook POST (Messenger's `object: page` or WhatsApp's
// `object: whatsapp_business_account`); echoes, delivery statuses and other changes are left out.
// Errors: not a JSON object.
boost::system::result<std::vector<InboundMessage>> parse_meta_webhook(std::string_view body);

}  // namespace loket::connectors
