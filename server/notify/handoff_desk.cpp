#include "server/notify/handoff_desk.h"

#include <boost/json.hpp>

#include "db/chat_mailbox.h"
#include "db/notification_listener.h"
#include "intents/dialogue/handoff_sentences.h"
#include "server/common/db_call.h"
#include "server/common/log.h"

namespace loket::server {

namespace json = boost::json;

bool is_web_chat_channel(std::string_view channel) {
  return channel == "web" || channel == "websocket" || channel == "directline";
}

std::string handoff_frame(const HandoffDesk::Said& said) {
  json::array messages;
  for (const auto& text : said.texts) messages.push_back(json::object{{"text", text}});
  json::array suggestions;
  for (const auto& s : said.suggestions)
    suggestions.push_back(json::object{{"intent", s.intent}, {"title", s.title}});
  json::object frame{{"from", said.speaker.empty() ? "bot" : "staff"},
                     {"lang", said.lang},
                     {"messages", std::move(messages)},
                     {"suggestions", std::move(suggestions)}};
  if (!said.speaker.empty()) frame["name"] = said.speaker;
  if (said.status)
    frame["handoff"] = json::object{{"status", dialogue::handoff_phase_name(said.status->phase)}};
  return json::serialize(frame);
}

HandoffDesk::Said staff_joined(const db::Handoff& h, const std::string& name) {
  HandoffDesk::Said said;
  said.lang = h.lang;
  said.texts.push_back(config::fill_placeholders(
      dialogue::handoff_sentence(dialogue::HandoffSentence::joined, h.lang), {{"name", name}}));
  said.suggestions.push_back(
      {std::string(dialogue::kEndHandoffIntent),
       dialogue::handoff_sentence(dialogue::HandoffSentence::end_button, h.lang)});
  said.status = dialogue::HandoffStatus{dialogue::HandoffStatus::Phase::active, 0, 0};
  return said;
}

HandoffDesk::Said staff_ended(const db::Handoff& h, const std::string& name, bool to_bot) {
  HandoffDesk::Said said;
  said.lang = h.lang;
  const auto sentence =
      to_bot ? dialogue::HandoffSentence::back_to_bot : dialogue::HandoffSentence::ended_by_staff;
  said.texts.push_back(
      config::fill_placeholders(dialogue::handoff_sentence(sentence, h.lang), {{"name", name}}));
  said.status = dialogue::HandoffStatus{dialogue::HandoffStatus::Phase::closed, 0, 0};
  return said;
}

HandoffDesk::Said staff_said(const db::Handoff& h, const std::string& name,
                             const std::string& text) {
  HandoffDesk::Said said;
  said.speaker = name;
  said.lang = h.lang;
  said.texts.push_back(text);
  said.status = dialogue::HandoffStatus{dialogue::HandoffStatus::Phase::active, 0, 0};
  return said;
}

HandoffDesk::HandoffDesk(ChannelHub* hub) : hub_(hub) {}

HandoffDesk::~HandoffDesk() {
  stop();
}

void HandoffDesk::use_database(db::Database* database) {
  database_ = database;
  if (database == nullptr) return;
  listener_ = std::make_unique<db::NotificationListener>(
      database->url(), db::kHandoffChannel,
      [this](const std::string& payload) { announce(payload); });
}

void HandoffDesk::stop() {
  listener_.reset();
}

void HandoffDesk::announce(const std::string& payload) {
  std::int64_t id = 0;
  std::string event;
  if (const auto space = payload.find(' '); space != std::string::npos) {
    id = std::atoll(payload.substr(0, space).c_str());
    event = payload.substr(space + 1);
  }
  std::lock_guard lock(mutex_);
  for (const auto& [key, watcher] : watchers_) watcher(id, event);
}

std::uint64_t HandoffDesk::watch(Watcher watcher) {
  std::lock_guard lock(mutex_);
  const auto key = next_key_++;
  watchers_.emplace(key, std::move(watcher));
  return key;
}

void HandoffDesk::unwatch(std::uint64_t key) {
  std::lock_guard lock(mutex_);
  watchers_.erase(key);
}

boost::asio::awaitable<bool> HandoffDesk::tell_resident(const db::Handoff& handoff, Said said) {
  if (is_web_chat_channel(handoff.channel)) {
    if (database_ == nullptr) co_return false;
    const auto job = [session = handoff.session,
                      frame = handoff_frame(said)](pqxx::connection_base& c) {
      return db::append_to_chat_mailbox(c, session, {frame}).size();
    };
    const auto posted = co_await db_call(*database_, job);
    if (!posted)
      log::warn("handoff message not posted to the chat",
                {{"handoff", handoff.id}, {"error", describe(posted.error())}});
    co_return static_cast<bool>(posted);
  }
  connectors::Connector* connector = hub_ == nullptr ? nullptr : hub_->find(handoff.channel);
  if (connector == nullptr) {
    log::warn("handoff message not sent: the channel is off here",
              {{"handoff", handoff.id}, {"channel", handoff.channel}});
    co_return false;
  }
  connectors::InboundMessage to;
  to.channel = handoff.channel;
  to.address = handoff.address;
  to.context = handoff.context;
  connectors::Reply reply;
  reply.to = &to;
  reply.lang = said.lang;
  for (const auto& text : said.texts)
    reply.texts.push_back(said.speaker.empty() ? text : said.speaker + ": " + text);
  // Only buttons the conversation knows by their label (the end of the handoff, offered when
  // it began): a tap comes back as text.
  for (const auto& s : said.suggestions) reply.quick_replies.push_back(s.title);
  const connectors::SendResult sent = co_await connector->reply(reply);
  if (sent.kind != connectors::SendResult::Kind::delivered) {
    log::warn("handoff message not sent",
              {{"handoff", handoff.id}, {"channel", handoff.channel}, {"error", sent.error}});
    co_return false;
  }
  co_return true;
}

}  // namespace loket::server
