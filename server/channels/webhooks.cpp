// The platforms' webhooks: /webhooks/telegram, /webhooks/meta, /webhooks/x. Each checks that
// the call is the platform's on the raw body before parsing anything, answers at once, and hands
// the messages to receive_inbound() to be kept and answered in the background. Refusals are
// logged without the body.
#include <algorithm>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "connectors/meta_connector.h"
#include "connectors/signatures.h"
#include "connectors/telegram_connector.h"
#include "connectors/x_connector.h"
#include "server/channels/channels.h"
#include "server/common/log.h"

namespace loket::server {

namespace {

Response refuse(const Request& request, ChannelState& state, std::string_view channel,
                http::status status, std::string_view why) {
  log::warn("webhook refused",
            {{"channel", channel}, {"status", static_cast<unsigned>(status)}, {"why", why}});
  state.chat.metrics.observe_inbound(channel, "refused");
  return json_error(status, request.version(), request.keep_alive(), why);
}

Response accepted(const Request& request) {
  return make_response(http::status::ok, request, "application/json", "{}");
}

// Each handler checks and parses; it returns the answer for a refused or handshake call, or
// nothing and the messages to take.
using Checked = std::optional<Response>;

Response not_enabled(const Request& request, std::string_view channel) {
  return json_error(http::status::not_found, request.version(), request.keep_alive(),
                    std::string(channel) + " is not enabled on this server");
}

// The platform's proof in `header`, checked by `valid` on the raw body before anything is
// parsed: missing is 401, wrong is 403.
template <typename Valid>
Checked check_proof(const Request& request, ChannelState& state, std::string_view channel,
                    std::string_view header, Valid&& valid) {
  const auto proof = request[header];
  if (proof.empty())
    return refuse(request, state, channel, http::status::unauthorized,
                  std::string(header) + " is missing");
  if (!valid(proof))
    return refuse(request, state, channel, http::status::forbidden,
                  std::string(header) + " does not match");
  return std::nullopt;
}

Checked telegram(const Request& request, ChannelState& state,
                 std::vector<connectors::InboundMessage>& out) {
  const auto& settings = state.hub.settings().telegram;
  if (!settings) return not_enabled(request, "telegram");
  if (request.method() != http::verb::post)
    return json_error(http::status::method_not_allowed, request.version(), request.keep_alive(),
                      "telegram webhooks are POSTs");
  if (auto refused = check_proof(request, state, "telegram", "X-Telegram-Bot-Api-Secret-Token",
                                 [&](std::string_view token) {
                                   return connectors::verify_secret_token(settings->secret_token,
                                                                          token);
                                 }))
    return refused;
  auto update = connectors::parse_telegram_update(request.body());
  if (!update)
    return refuse(request, state, "telegram", http::status::bad_request,
                  "body is not a Telegram Update");
  if (*update) out.push_back(std::move(**update));
  return std::nullopt;
}

// Meta's subscription handshake (GET) and signed event POSTs, for Messenger and WhatsApp alike.
Checked meta(const Request& request, ChannelState& state,
             std::vector<connectors::InboundMessage>& out) {
  const auto& settings = state.hub.settings().meta;
  if (!settings) return not_enabled(request, "meta");
  if (request.method() == http::verb::get) {
    auto target = boost::urls::parse_origin_form(request.target());
    std::string mode, token, challenge;
    if (target)
      for (const auto& p : target->params()) {
        if (p.key == "hub.mode") mode = p.value;
        if (p.key == "hub.verify_token") token = p.value;
        if (p.key == "hub.challenge") challenge = p.value;
      }
    if (mode != "subscribe" || !connectors::verify_secret_token(settings->verify_token, token))
      return refuse(request, state, "meta", http::status::forbidden,
                    "hub.verify_token does not match");
    if (challenge.empty() || challenge.size() > 256)
      return refuse(request, state, "meta", http::status::bad_request,
                    "hub.challenge is missing or too long");
    return make_response(http::status::ok, request, "text/plain", challenge);
  }
  if (request.method() != http::verb::post)
    return json_error(http::status::method_not_allowed, request.version(), request.keep_alive(),
                      "meta webhooks are GET (verification) or POST");
  if (auto refused = check_proof(request, state, "meta", "X-Hub-Signature-256",
                                 [&](std::string_view signature) {
                                   return connectors::verify_meta_signature(
                                       settings->app_secret, request.body(), signature);
                                 }))
    return refused;
  auto messages = connectors::parse_meta_webhook(request.body());
  if (!messages)
    return refuse(request, state, "meta", http::status::bad_request, "body is not a JSON object");
  out = std::move(*messages);
  return std::nullopt;
}

bool valid_crc_token(std::string_view token) {
  if (token.empty() || token.size() > 128) return false;
  return std::all_of(token.begin(), token.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=' ||
           c == '-' || c == '_';
  });
}

// X's CRC handshake (GET ?crc_token=) and signed Account Activity POSTs.
Checked x(const Request& request, ChannelState& state,
          std::vector<connectors::InboundMessage>& out) {
  const auto& settings = state.hub.settings().x;
  if (!settings) return not_enabled(request, "x");
  if (request.method() == http::verb::get) {
    auto target = boost::urls::parse_origin_form(request.target());
    std::string token;
    if (target)
      for (const auto& p : target->params())
        if (p.key == "crc_token") token = p.value;
    // The answer is the signature X puts on POST bodies: a token that could be a body (JSON)
    // would let anyone have loket sign a forged event. X's tokens are short base64-like text.
    if (!valid_crc_token(token))
      return refuse(request, state, "x", http::status::bad_request,
                    "crc_token is missing, too long or not a token");
    return make_response(http::status::ok, request, "application/json",
                         connectors::x_crc_response(settings->consumer_secret, token));
  }
  if (request.method() != http::verb::post)
    return json_error(http::status::method_not_allowed, request.version(), request.keep_alive(),
                      "x webhooks are GET (CRC) or POST");
  if (auto refused = check_proof(request, state, "x", "x-twitter-webhooks-signature",
                                 [&](std::string_view signature) {
                                   return connectors::verify_x_signature(settings->consumer_secret,
                                                                         request.body(), signature);
                                 }))
    return refused;
  auto messages = connectors::parse_x_webhook(request.body());
  if (!messages)
    return refuse(request, state, "x", http::status::bad_request, "body is not a JSON object");
  out = std::move(*messages);
  return std::nullopt;
}

}  // namespace

namespace {

using Check = Checked (*)(const Request&, ChannelState&, std::vector<connectors::InboundMessage>&);

// The platform's call checked and parsed by `check`, then its messages taken.
asio::awaitable<Response> take_webhook(const Request& request, ChannelState& state, Check check) {
  std::vector<connectors::InboundMessage> messages;
  if (Checked refused = check(request, state, messages)) co_return std::move(*refused);
  // Kept in the database before the platform hears "got it": nothing acknowledged is lost.
  const bool taken = co_await receive_inbound(state, std::move(messages));
  if (!taken)
    co_return json_error(http::status::service_unavailable, request.version(), request.keep_alive(),
                         "the message cannot be stored right now; please deliver it again");
  co_return accepted(request);
}

}  // namespace

asio::awaitable<Response> telegram_webhook(const Request& request, ChannelState& state) {
  co_return co_await take_webhook(request, state, telegram);
}

asio::awaitable<Response> meta_webhook(const Request& request, ChannelState& state) {
  co_return co_await take_webhook(request, state, meta);
}

asio::awaitable<Response> x_webhook(const Request& request, ChannelState& state) {
  co_return co_await take_webhook(request, state, x);
}

}  // namespace loket::server
