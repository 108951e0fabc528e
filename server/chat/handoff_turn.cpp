#include "server/chat/handoff_turn.h"

#include "db/handoff_store.h"
#include "intents/redaction.h"
#include "server/common/db_call.h"
#include "server/common/log.h"

namespace loket::server {
namespace {

constexpr std::chrono::seconds kDefaultWaitPerPlace{180};

std::chrono::seconds wait_per_place(const dialogue::Dialogue& chat) {
  const auto& handoff = chat.config().handoff;
  return handoff ? handoff->wait_per_place : kDefaultWaitPerPlace;
}

// What the resident said, as a person reads it: a button by its title.
std::string said_text(const dialogue::Dialogue& chat, const dialogue::Message& message,
                      const std::string& lang) {
  if (!message.text.empty()) return message.text;
  if (const auto* intent = chat.config().find_intent(message.chosen_intent))
    return config::pick_language(intent->title, lang, chat.config().default_language);
  return message.chosen_intent;
}

// Where a tapped button comes back as its label, the buttons of a reply made here are
// remembered as the dialogue's own are.
void remember_buttons(const dialogue::Message& message, const dialogue::Reply& reply,
                      dialogue::SessionState& conversation) {
  if (!message.buttons_by_label) return;
  std::map<std::string, std::string> buttons;
  for (const auto& s : reply.suggestions) buttons.emplace(s.title, s.intent);
  dialogue::Dialogue::remember_offer(conversation, reply.lang, std::move(buttons));
}

// Who is handed over, from where, with the conversation so far.
db::NewHandoff new_handoff(const dialogue::Message& message, const dialogue::Reply& reply,
                           const dialogue::SessionState& conversation, std::string_view channel,
                           const ContactRef* contact) {
  db::NewHandoff handoff;
  handoff.session = message.session;
  handoff.channel = std::string(channel);
  if (contact != nullptr) {
    handoff.address = contact->address;
    handoff.context = contact->context;
  }
  handoff.lang = reply.lang;
  for (const auto& line : conversation.transcript)
    handoff.transcript.push_back({line.resident ? "resident" : "bot", line.text, ""});
  return handoff;
}

dialogue::HandoffStatus status_of(dialogue::HandoffStatus::Phase phase) {
  return dialogue::HandoffStatus{phase, 0, 0};
}

dialogue::Reply unavailable(const dialogue::Dialogue& chat, const dialogue::SessionState& state,
                            const dialogue::HandoffStatus& status) {
  dialogue::Reply reply = chat.in_handoff(state, status);
  const auto& messages = chat.config().messages;
  reply.messages.assign(
      1, {config::pick_language(
              messages.unavailable.empty() ? messages.fallback : messages.unavailable, reply.lang,
              chat.config().default_language),
          {}});
  return reply;
}

}  // namespace

namespace {

asio::awaitable<std::optional<dialogue::Reply>> handoff_reply(ChatState& state,
                                                              const dialogue::Dialogue& chat,
                                                              const dialogue::Message& message,
                                                              dialogue::SessionState& conversation,
                                                              std::string_view channel) {
  const auto leave = [&] {
    conversation.handoff = dialogue::SessionState::Handoff::none;
    conversation.handoff_id = 0;
  };
  db::Database* database = state.notifications.database;
  if (database == nullptr) {
    leave();
    co_return std::nullopt;
  }
  const std::int64_t id = conversation.handoff_id;
  const auto find = [id](pqxx::connection_base& c) { return db::find_handoff(c, id); };
  const auto found = co_await db_call(*database, find);
  if (!found) {
    log::warn("handoff not read", {{"handoff", id}, {"error", describe(found.error())}});
    co_return unavailable(chat, conversation, status_of(dialogue::HandoffStatus::Phase::active));
  }
  if (!*found || (*found)->status == "closed" || (*found)->status == "callback") {
    leave();  // over: staff closed it or handed it back
    co_return std::nullopt;
  }
  const db::Handoff& handoff = **found;
  const bool waiting = handoff.status == "waiting";
  if (chat.ends_handoff(message, conversation)) {
    const auto close = [id](pqxx::connection_base& c) {
      return db::close_handoff(c, id, "resident", "ended by the resident");
    };
    const auto closed = co_await db_call(*database, close);
    if (!closed) {
      log::warn("handoff not closed", {{"handoff", id}, {"error", describe(closed.error())}});
      co_return unavailable(chat, conversation, status_of(dialogue::HandoffStatus::Phase::active));
    }
    state.metrics.observe_handoff(channel, waiting ? "abandoned" : "closed");
    leave();
    co_return chat.handoff_ended(conversation);
  }
  // Redacted as the conversation log is: the text is kept as long as the log.
  const auto add = [id,
                    text = said_text(chat, message, conversation.lang)](pqxx::connection_base& c) {
    return db::add_handoff_message(c, id, {"resident", intents::redact_personal_data(text), ""});
  };
  const auto added = co_await db_call(*database, add);
  if (!added || *added == 0) {
    if (!added)
      log::warn("handoff message not kept", {{"handoff", id}, {"error", describe(added.error())}});
    co_return unavailable(chat, conversation,
                          status_of(waiting ? dialogue::HandoffStatus::Phase::waiting
                                            : dialogue::HandoffStatus::Phase::active));
  }
  if (!waiting)
    co_return chat.in_handoff(conversation, status_of(dialogue::HandoffStatus::Phase::active));
  const auto place = [id, per = wait_per_place(chat)](pqxx::connection_base& c) {
    return db::queue_place(c, id, per);
  };
  const auto where = co_await db_call(*database, place);
  dialogue::HandoffStatus status = status_of(dialogue::HandoffStatus::Phase::waiting);
  status.position = 1;
  if (where) {
    status.position = std::max(1, where->position);
    status.expected_wait_s = where->expected_wait_s;
  }
  co_return chat.in_handoff(conversation, status);
}

}  // namespace

asio::awaitable<std::optional<dialogue::Reply>> answer_in_handoff(
    ChatState& state, const dialogue::Dialogue& chat, const dialogue::Message& message,
    dialogue::SessionState& conversation, std::string_view channel) {
  auto reply = co_await handoff_reply(state, chat, message, conversation, channel);
  if (reply) remember_buttons(message, *reply, conversation);
  co_return reply;
}

asio::awaitable<void> carry_out_handoff(ChatState& state, const dialogue::Dialogue& chat,
                                        const dialogue::Message& message, dialogue::Reply& reply,
                                        dialogue::SessionState& conversation,
                                        std::string_view channel, const ContactRef* contact) {
  dialogue::HandoffOutcome outcome;
  db::Database* database = state.notifications.database;
  const bool callback = reply.handoff_request->kind == dialogue::HandoffRequest::Kind::callback;
  if (database != nullptr && state.notifications.ready()) {
    db::NewHandoff handoff = new_handoff(message, reply, conversation, channel, contact);
    const auto& settings = chat.config().handoff;
    const std::size_t max_waiting = settings ? settings->max_waiting : 500;
    const auto job = [unredacted = std::move(handoff), request = *reply.handoff_request,
                      max_waiting, per = wait_per_place(chat)](pqxx::connection_base& c) {
      // The resident's words redacted (regexes) here, on the database thread, as for the
      // conversation log; loket's own answers are the municipality's text.
      db::NewHandoff handoff = unredacted;
      for (auto& line : handoff.transcript)
        if (line.sender == "resident") line.text = intents::redact_personal_data(line.text);
      dialogue::HandoffOutcome out;
      if (request.kind == dialogue::HandoffRequest::Kind::callback) {
        out.id = db::add_callback(c, handoff, intents::redact_personal_data(request.question),
                                  request.contact);
        out.kind = dialogue::HandoffOutcome::Kind::saved;
        return out;
      }
      const db::OpenedHandoff opened = db::open_handoff(c, handoff, max_waiting, per);
      out.kind = opened.full ? dialogue::HandoffOutcome::Kind::queue_full
                             : dialogue::HandoffOutcome::Kind::waiting;
      out.id = opened.id;
      out.position = std::max(1, opened.place.position);
      out.expected_wait_s = opened.place.expected_wait_s;
      return out;
    };
    auto done = co_await db_call(*database, job);
    if (done)
      outcome = *done;
    else
      log::warn("handoff not stored", {{"error", describe(done.error())}});
  }
  if (outcome.kind == dialogue::HandoffOutcome::Kind::waiting)
    state.metrics.observe_handoff(channel, "started");
  else if (outcome.kind == dialogue::HandoffOutcome::Kind::saved && callback)
    state.metrics.observe_handoff(channel, "callback");
  chat.finish_handoff(reply, conversation, outcome);
  remember_buttons(message, reply, conversation);
}

}  // namespace loket::server
