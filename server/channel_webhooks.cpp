// The platforms' webhooks: /webhooks/telegram, /webhooks/meta, /webhooks/x. Each checks that
// the call is the platform's on the raw body before parsing anything, answers at once, and hands
// the messages to handle_inbound() to be answered in the background. Refusals are logged
// without the body.
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "connectors/meta_connector.h"
#include "connectors/signatures.h"
#include "connectors/telegram_connector.h"
#include "connectors/x_connector.h"
#include "server/log.h"
#include "server/net.h"

namespace loket::server {

namespace {

Response answer(const Request& request, http::status status, std::string_view type, std::string body) {
  Response res{status, request.version()};
  res.set(http::field::server, kServerName);
  res.set(http::field::content_type, type);
  res.keep_alive(request.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response refuse(const Request& request, std::string_view channel, http::status status, std::string_view why) {
  log::warn("webhook refused", {{"channel", channel}, {"status", static_cast<unsigned>(status)}, {"why", why}});
  return json_error(status, request.version(), request.keep_alive(), why);
}

Response accepted(const Request& request) {
  return answer(request, http::status::ok, "application/json", "{}");
}

void spawn_inbound(ServerState& state, std::vector<connectors::InboundMessage> messages) {
  for (auto& m : messages)
    asio::co_spawn(state.io, handle_inbound(state, std::move(m)), [](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        log::error("inbound message failed", {{"what", ex.what()}});
      }
    });
}

Response telegram(const Request& request, ServerState& state) {
  const auto& settings = state.channel_hub.settings().telegram;
  if (!settings) return json_error(http::status::not_found, request.version(), request.keep_alive(), "telegram is not enabled on this server");
  if (request.method() != http::verb::post) return json_error(http::status::method_not_allowed, request.version(), request.keep_alive(), "telegram webhooks are POSTs");
  const auto token = request["X-Telegram-Bot-Api-Secret-Token"];
  if (token.empty()) return refuse(request, "telegram", http::status::unauthorized, "X-Telegram-Bot-Api-Secret-Token is missing");
  if (!connectors::verify_secret_token(settings->secret_token, token))
    return refuse(request, "telegram", http::status::forbidden, "X-Telegram-Bot-Api-Secret-Token does not match");
  auto update = connectors::parse_telegram_update(request.body());
  if (!update) return refuse(request, "telegram", http::status::bad_request, "body is not a Telegram Update");
  if (*update) spawn_inbound(state, {std::move(**update)});
  return accepted(request);
}

// Meta's subscription handshake (GET) and signed event POSTs, for Messenger and WhatsApp alike.
Response meta(const Request& request, ServerState& state) {
  const auto& settings = state.channel_hub.settings().meta;
  if (!settings) return json_error(http::status::not_found, request.version(), request.keep_alive(), "meta is not enabled on this server");
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
      return refuse(request, "meta", http::status::forbidden, "hub.verify_token does not match");
    if (challenge.empty() || challenge.size() > 256)
      return refuse(request, "meta", http::status::bad_request, "hub.challenge is missing or too long");
    return answer(request, http::status::ok, "text/plain", challenge);
  }
  if (request.method() != http::verb::post)
    return json_error(http::status::method_not_allowed, request.version(), request.keep_alive(), "meta webhooks are GET (verification) or POST");
  const auto signature = request["X-Hub-Signature-256"];
  if (signature.empty()) return refuse(request, "meta", http::status::unauthorized, "X-Hub-Signature-256 is missing");
  if (!connectors::verify_meta_signature(settings->app_secret, request.body(), signature))
    return refuse(request, "meta", http::status::forbidden, "X-Hub-Signature-256 does not match the body");
  auto messages = connectors::parse_meta_webhook(request.body());
  if (!messages) return refuse(request, "meta", http::status::bad_request, "body is not a JSON object");
  spawn_inbound(state, std::move(*messages));
  return accepted(request);
}

// X's CRC handshake (GET ?crc_token=) and signed Account Activity POSTs.
Response x(const Request& request, ServerState& state) {
  const auto& settings = state.channel_hub.settings().x;
  if (!settings) return json_error(http::status::not_found, request.version(), request.keep_alive(), "x is not enabled on this server");
  if (request.method() == http::verb::get) {
    auto target = boost::urls::parse_origin_form(request.target());
    std::string token;
    if (target)
      for (const auto& p : target->params())
        if (p.key == "crc_token") token = p.value;
    if (token.empty() || token.size() > 512)
      return refuse(request, "x", http::status::bad_request, "crc_token is missing or too long");
    return answer(request, http::status::ok, "application/json", connectors::x_crc_response(settings->consumer_secret, token));
  }
  if (request.method() != http::verb::post)
    return json_error(http::status::method_not_allowed, request.version(), request.keep_alive(), "x webhooks are GET (CRC) or POST");
  const auto signature = request["x-twitter-webhooks-signature"];
  if (signature.empty()) return refuse(request, "x", http::status::unauthorized, "x-twitter-webhooks-signature is missing");
  if (!connectors::verify_x_signature(settings->consumer_secret, request.body(), signature))
    return refuse(request, "x", http::status::forbidden, "x-twitter-webhooks-signature does not match the body");
  auto messages = connectors::parse_x_webhook(request.body());
  if (!messages) return refuse(request, "x", http::status::bad_request, "body is not a JSON object");
  spawn_inbound(state, std::move(*messages));
  return accepted(request);
}

}  // namespace

bool is_webhook_path(std::string_view target) { return target.starts_with(kWebhookPrefix); }

Response handle_webhook(const Request& request, ServerState& state) {
  auto target = boost::urls::parse_origin_form(request.target());
  const std::string path = target ? std::string(target->path()) : std::string();
  if (path == "/webhooks/telegram") return telegram(request, state);
  if (path == "/webhooks/meta") return meta(request, state);
  if (path == "/webhooks/x") return x(request, state);
  return json_error(http::status::not_found, request.version(), request.keep_alive(),
                    "no such webhook: " + path.substr(0, 100));
}

}  // namespace loket::server
