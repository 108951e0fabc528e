// Telegram (Bot API): reads webhook updates, answers residents with sendMessage (suggestions as
// a reply keyboard) and sends notifications. Telegram's answers map to delivered, retry after its
// `retry_after` (429, 5xx, timeouts) or gone (403: the resident blocked the bot). Keeps
// Telegram's pace: about 30 messages/s overall and 1/s per chat. Thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <optional>

#include "config/config.h"
#include "connectors/connector.h"
#include "connectors/http_client.h"
#include "connectors/platform_pace.h"
#include "connectors/rate_limiter.h"

namespace loket::connectors {

class TelegramConnector final : public Connector {
 public:
  static constexpr std::string_view kChannel = "telegram";

  TelegramConnector(config::TelegramChannel settings, std::chrono::milliseconds timeout);
  std::string_view channel() const override { return kChannel; }
  boost::asio::awaitable<SendResult> send(const OutgoingMessage& message) override;
  boost::asio::awaitable<SendResult> reply(Reply& reply) override;
  void use_send_slots(std::shared_ptr<SendSlots> slots) override { overall_.use_slots(slots); }

 private:
  // `reply_markup` null: none.
  boost::asio::awaitable<SendResult> send_message(std::string chat_id, std::string text,
                                                  boost::json::value reply_markup);
  config::TelegramChannel settings_;
  HttpClient client_;
  RateLimiter pace_;      // each chat's own
  PlatformPace overall_;  // the bot's, for the deployment
};

// One webhook Update: a private chat's text message, /start or /stop. Other update kinds (edits,
// group chats, photos, ...) give nullopt: acknowledged and ignored. Errors: not a JSON Update.
boost::system::result<std::optional<InboundMessage>> parse_telegram_update(std::string_view body);

}  // namespace loket::connectors
