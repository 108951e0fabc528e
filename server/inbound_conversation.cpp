// A resident's message from a messaging channel, after its webhook said 200: answered once
// (redeliveries are dropped here and, across instances, in the database), through the same
// matcher and dialogue as the web chat, and the answer sent back through the platform.
#include <boost/json.hpp>

#include "db/inbound_store.h"
#include "server/db_call.h"
#include "server/dispatcher.h"
#include "server/log.h"
#include "server/net.h"

namespace loket::server {

namespace json = boost::json;
using connectors::InboundMessage;

namespace {

constexpr int kReplyAttempts = 3;
constexpr auto kMaxReplyWait = std::chrono::seconds(30);

bool database_ready(const ServerState& state) {
  return state.database != nullptr && state.dispatcher != nullptr && state.dispatcher->ready();
}

// The reply's texts and buttons from the chat API's JSON answer.
connectors::Reply reply_from(const ChatOutcome& outcome, std::map<std::string, std::string>& buttons) {
  connectors::Reply reply;
  reply.lang = outcome.lang;
  json::error_code ec;
  const json::value body = json::parse(outcome.body, ec);
  if (ec || !body.is_object()) return reply;
  if (const auto* messages = body.get_object().if_contains("messages"); messages && messages->is_array())
    for (const auto& m : messages->get_array())
      if (const auto* text = m.is_object() ? m.get_object().if_contains("text") : nullptr; text && text->is_string())
        reply.texts.emplace_back(text->get_string());
  if (const auto* list = body.get_object().if_contains("suggestions"); list && list->is_array())
    for (const auto& s : list->get_array()) {
      const auto* title = s.is_object() ? s.get_object().if_contains("title") : nullptr;
      const auto* intent = s.is_object() ? s.get_object().if_contains("intent") : nullptr;
      if (!title || !intent || !title->is_string() || !intent->is_string()) continue;
      reply.quick_replies.emplace_back(title->get_string());
      buttons[std::string(title->get_string())] = std::string(intent->get_string());
    }
  return reply;
}

std::string pick_lang(const config::Config& config, const std::string& hint) {
  return config.has_language(hint) ? hint : config.default_language;
}

}  // namespace

asio::awaitable<void> handle_inbound(ServerState& state, InboundMessage message) {
  connectors::Connector* connector = state.channel_hub.find(message.channel);
  if (connector == nullptr || !state.channel_hub.first_time(message.channel, message.message_id)) co_return;
  if (database_ready(state)) {
    const auto job = [m = message](pqxx::connection_base& c) {
      return db::note_inbound(c, m.channel, m.message_id, m.address);
    };
    bool fresh = true;
    try {
      fresh = co_await db_call(*state.database, job);
    } catch (const std::exception& e) {
      // Answering twice beats not answering: go on without the shared memory.
      log::warn("inbound message not recorded", {{"channel", message.channel}, {"error", e.what()}});
    }
    if (!fresh) co_return;
  }

  const auto content = state.content.current();
  const config::Config& config = content->config();
  const std::string session = channel_session(message.channel, message.address);
  std::map<std::string, std::string> buttons;
  connectors::Reply reply;
  if (message.kind == InboundMessage::Kind::start) {
    const std::string lang = pick_lang(config, message.lang_hint);
    if (database_ready(state)) {
      const auto job = [m = message, lang](pqxx::connection_base& c) {
        db::register_contact(c, m.channel, m.address, lang);
        return true;
      };
      try {
        co_await db_call(*state.database, job);
      } catch (const std::exception& e) {
        log::warn("contact not registered", {{"channel", message.channel}, {"error", e.what()}});
      }
    }
    reply.lang = lang;
    const auto& welcome = config::pick_language(config.messages.welcome, lang, config.default_language);
    reply.texts.push_back(welcome.empty() ? config.municipality : welcome);
    for (const auto& id : config.messages.fallback_suggestions)
      if (const auto* intent = config.find_intent(id)) {
        const auto& title = config::pick_language(intent->title, lang, config.default_language);
        reply.quick_replies.push_back(title);
        buttons[title] = id;
      }
  } else {
    // "/stop" means what "stop" means in the chat: unsubscribe from everything.
    const std::string text = message.kind == InboundMessage::Kind::stop ? "stop" : message.text;
    json::object request{{"session", session}};
    if (auto [intent, lang] = state.channel_hub.button_intent(session, text);
        !intent.empty() && config.find_intent(intent)) {
      request["intent"] = intent;
      if (config.has_language(lang)) request["lang"] = lang;
    } else {
      request["text"] = text;
    }
    const std::string body = json::serialize(request);
    const ContactRef contact{message.channel, message.address};
    const ChatOutcome outcome = co_await run_chat_exchange(state, body, message.channel, &contact);
    if (outcome.status == 200) {
      reply = reply_from(outcome, buttons);
    } else {
      // Too long, or empty: the resident still hears that the bot did not take it.
      reply.lang = pick_lang(config, message.lang_hint);
      reply.texts.push_back(config::pick_language(config.messages.fallback, reply.lang, config.default_language));
    }
  }
  if (reply.texts.empty()) co_return;
  state.channel_hub.remember_offer(session, {reply.lang, std::move(buttons)});
  reply.to = &message;
  // The resident is waiting: a platform that says "slow down" briefly is waited for, a few times.
  connectors::SendResult sent;
  for (int attempt = 1; attempt <= kReplyAttempts; ++attempt) {
    sent = co_await connector->reply(reply);
    if (sent.kind != connectors::SendResult::Kind::retry || attempt == kReplyAttempts) break;
    const auto pause = sent.retry_after.count() > 0 ? sent.retry_after : std::chrono::milliseconds(500 * attempt);
    if (pause > kMaxReplyWait) break;
    asio::steady_timer timer(co_await asio::this_coro::executor, pause);
    co_await timer.async_wait(use_nothrow);
  }
  if (sent.kind != connectors::SendResult::Kind::delivered)
    log::warn("answer not delivered", {{"channel", message.channel}, {"error", sent.error}});
}

}  // namespace loket::server
