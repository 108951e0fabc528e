// A resident's message from a messaging channel: taken once (redeliveries are dropped here and,
// across instances, in the database, which also keeps the message until it is answered), then
// answered in the background through the same matcher and dialogue as the web chat, the answer
// going back through the platform. What an instance took but did not answer (it died, or the
// platform kept failing) another takes up after a while.
#include "db/inbound_store.h"
#include "server/channels/channels.h"
#include "server/channels/stored_inbound.h"
#include "server/common/db_call.h"
#include "server/common/log.h"
#include "server/notify/dispatcher.h"

namespace loket::server {

using connectors::InboundMessage;

// One message's answer: made (or, made before, sent on from where it stopped) and sent.
asio::awaitable<void> answer_inbound(ChannelState& state, ChannelHub::Pending pending);

namespace {

// A stored answer's buttons in the order they were shown, each with the intent it offered.
std::vector<dialogue::SessionState::OfferedButton> offered_buttons(const connectors::Reply& reply,
                                                                   const Offer& offer) {
  std::vector<dialogue::SessionState::OfferedButton> buttons;
  for (std::size_t i = 0; i < reply.quick_replies.size() && i < offer.size(); ++i)
    if (!offer[i].empty()) buttons.push_back({reply.quick_replies[i], offer[i]});
  return buttons;
}

constexpr int kReplyAttempts = 3;
constexpr auto kMaxReplyWait = std::chrono::seconds(10);
// Also how often this instance renews its hold on the messages it is answering.
constexpr auto kRedeliveryCheck = std::chrono::seconds(5);
constexpr int kMaxInboundAttempts = 5;
constexpr std::size_t kRedeliveryBatch = 50;
constexpr std::size_t kMaxAnswersInFlight = 2000;

// The message as the dialogue reads it: the conversation is the resident's address on the
// channel, and a tapped button comes back as its label.
dialogue::Message dialogue_message(const InboundMessage& m) {
  dialogue::Message said;
  switch (m.kind) {
    case InboundMessage::Kind::text:
      said.kind = dialogue::Message::Kind::text;
      break;
    case InboundMessage::Kind::start:
      said.kind = dialogue::Message::Kind::start;
      break;
    case InboundMessage::Kind::stop:
      said.kind = dialogue::Message::Kind::stop;
      break;
  }
  said.session = channel_session(m.channel, m.address);
  said.text = m.text;
  said.lang_hint = m.lang_hint;
  said.buttons_by_label = true;
  return said;
}

// The platform's texts and buttons from the dialogue's reply, and which intent each button
// offers. Links are left out: the platforms show a URL in the text.
connectors::Reply channel_reply(const dialogue::Reply& answer, Offer& buttons) {
  connectors::Reply reply;
  reply.lang = answer.lang;
  for (const auto& m : answer.messages) reply.texts.push_back(m.text);
  for (const auto& s : answer.suggestions) {
    reply.quick_replies.push_back(s.title);
    buttons.push_back(s.intent);
  }
  return reply;
}

// Answers one conversation's messages one after another, in the order they came: a resident
// who sends "afvalkalender" and then, quickly, a postcode must have the first handled (which
// asks for the postcode) before the second.
asio::awaitable<void> answer_in_turn(ChannelState& state, std::string session,
                                     ChannelHub::Pending first) {
  // However this ends, the conversation is not left marked busy, and nothing stays held.
  // Only when the loop below did not run to its end (the frame destroyed at shutdown): a normal
  // end has already handed the conversation back, and it may be another answerer's turn now.
  struct Finish {
    ChannelState& state;
    const std::string& session;
    bool done = false;
    ~Finish() {
      if (done) return;
      while (auto rest = state.hub.next_in_turn(session))
        state.hub.release(rest->message.channel, rest->message.message_id);
    }
  } finish{state, session};
  std::optional<ChannelHub::Pending> next = std::move(first);
  while (next) {
    const std::string channel = next->message.channel, id = next->message.message_id;
    try {
      co_await answer_inbound(state, std::move(*next));
    } catch (...) {
      log::error("inbound message failed", {{"channel", channel}});
    }
    state.hub.release(channel, id);
    next = state.hub.next_in_turn(session);
  }
  finish.done = true;
}

// Starts answering, or queues behind the conversation's answer under way. False: refused (too
// many waiting in this conversation).
bool spawn_answer(ChannelState& state, ChannelHub::Pending pending,
                  const asio::any_io_executor& executor) {
  std::string session = channel_session(pending.message.channel, pending.message.address);
  const std::string channel = pending.message.channel, id = pending.message.message_id;
  state.hub.hold(channel, id);
  switch (state.hub.take_turn(session, pending)) {
    case ChannelHub::Turn::now:
      break;
    case ChannelHub::Turn::queued:
      return true;
    case ChannelHub::Turn::refused:
      state.hub.release(channel, id);
      return false;
  }
  asio::co_spawn(executor, answer_in_turn(state, std::move(session), std::move(pending)),
                 [](std::exception_ptr e) {
                   if (!e) return;
                   try {
                     std::rethrow_exception(e);
                   } catch (const std::exception& ex) {
                     log::error("inbound message failed", {{"what", ex.what()}});
                   }
                 });
  return true;
}

asio::awaitable<void> mark_answered(ChannelState& state, const InboundMessage& message) {
  const auto job = [channel = message.channel, id = message.message_id](pqxx::connection_base& c) {
    db::answered_inbound(c, channel, id);
    return true;
  };
  const auto done = co_await db_call(*state.chat.notifications.database, job);
  if (!done)
    log::warn("inbound message not marked answered",
              {{"channel", message.channel}, {"error", describe(done.error())}});
}

// Keeps the answer (and how much of it went out) with the message in the database.
asio::awaitable<void> save_progress(ChannelState& state, const InboundMessage& message,
                                    const connectors::Reply& reply, const Offer& offer) {
  const auto job = [channel = message.channel, id = message.message_id,
                    payload =
                        write_stored_inbound(message, &reply, &offer)](pqxx::connection_base& c) {
    db::save_inbound(c, channel, id, payload);
    return true;
  };
  const auto done = co_await db_call(*state.chat.notifications.database, job);
  if (!done)
    log::warn("inbound answer not kept",
              {{"channel", message.channel}, {"error", describe(done.error())}});
}

asio::awaitable<void> send_reply(ChannelState& state, connectors::Connector& connector,
                                 const InboundMessage& message, connectors::Reply reply,
                                 const Offer& offer, bool recorded) {
  reply.to = &message;
  // Kept in the database, the answer goes out a text at a time with its progress recorded in
  // between: after a crash, the next answerer goes on from the first text not yet sent.
  if (recorded) reply.max_texts = 1;
  // The resident is waiting: a platform that says "slow down" briefly is waited for, a few times.
  connectors::SendResult sent;
  for (int attempt = 1;;) {
    const std::size_t before = reply.delivered;
    sent = co_await connector.reply(reply);
    if (sent.kind == connectors::SendResult::Kind::delivered) {
      if (reply.delivered >= reply.texts.size() || reply.delivered == before) break;
      if (recorded) co_await save_progress(state, message, reply, offer);
      attempt = 1;
      continue;
    }
    if (sent.kind != connectors::SendResult::Kind::retry || attempt == kReplyAttempts) break;
    const auto pause =
        sent.retry_after.count() > 0 ? sent.retry_after : std::chrono::milliseconds(500 * attempt);
    if (pause > kMaxReplyWait) break;
    asio::steady_timer timer(co_await asio::this_coro::executor, pause);
    co_await timer.async_wait(use_nothrow);
    ++attempt;
  }
  const bool delivered = sent.kind == connectors::SendResult::Kind::delivered;
  state.chat.metrics.observe_inbound(message.channel, delivered ? "answered" : "answer_failed");
  if (!delivered)
    log::warn("answer not delivered", {{"channel", message.channel}, {"error", sent.error}});
  if (!recorded) co_return;
  // A platform that keeps saying "later" leaves the message (with what went out) for another
  // try; one that says "never" (blocked, gone) does not.
  if (sent.kind == connectors::SendResult::Kind::retry)
    co_await save_progress(state, message, reply, offer);
  else
    co_await mark_answered(state, message);
}

// A first contact (the platform's "start") becomes a contact, so alerts can reach it.
asio::awaitable<void> register_contact(ChannelState& state, const InboundMessage& message,
                                       const std::string& lang) {
  if (!state.chat.notifications.ready()) co_return;
  const auto job = [m = message, lang](pqxx::connection_base& c) {
    db::register_contact(c, m.channel, m.address, lang);
    return true;
  };
  const auto done = co_await db_call(*state.chat.notifications.database, job);
  if (!done)
    log::warn("contact not registered",
              {{"channel", message.channel}, {"error", describe(done.error())}});
}

}  // namespace

asio::awaitable<bool> receive_inbound(ChannelState& state, std::vector<InboundMessage> messages) {
  // Answered on the thread the platform's call came in on, once the call is acknowledged.
  const asio::any_io_executor here = co_await asio::this_coro::executor;
  for (auto& message : messages) {
    if (state.hub.find(message.channel) == nullptr) continue;
    // PostgreSQL cannot keep a NUL in text, and no resident typed one: dropped, so the message
    // is kept and answered instead of refused on every redelivery.
    std::erase(message.text, '\0');
    switch (state.hub.begin(message.channel, message.message_id)) {
      case ChannelHub::Seen::fresh:
        break;
      case ChannelHub::Seen::taken:
        state.chat.metrics.observe_inbound(message.channel, "redelivery");
        continue;
      case ChannelHub::Seen::storing:
        // The first delivery is still being stored and may yet fail: not acknowledged either.
        co_return false;
    }
    // With a database, a message is taken only once it is stored: when that fails, the platform
    // hears "not now" and delivers it again later. Without one, memory is all there is.
    bool recorded = false;
    if (state.chat.notifications.database != nullptr) {
      bool fresh = true;
      std::string failure = state.chat.notifications.ready() ? "" : "the database is not ready";
      if (failure.empty()) {
        const auto job = [m = message,
                          payload = write_stored_inbound(message)](pqxx::connection_base& c) {
          return db::accept_inbound(c, m.channel, m.message_id, m.address, payload);
        };
        const auto accepted = co_await db_call(*state.chat.notifications.database, job);
        if (accepted) {
          fresh = *accepted;
          recorded = true;
        } else {
          failure = describe(accepted.error());
        }
      }
      if (!recorded) {
        log::warn("inbound message not stored; the platform is asked to send it again",
                  {{"channel", message.channel}, {"error", failure}});
        state.hub.forget(message.channel, message.message_id);
        state.chat.metrics.observe_inbound(message.channel, "deferred");
        co_return false;
      }
      if (!fresh) {
        state.hub.stored(message.channel, message.message_id);
        state.chat.metrics.observe_inbound(message.channel, "redelivery");
        continue;
      }
    }
    state.hub.stored(message.channel, message.message_id);
    state.chat.metrics.observe_inbound(message.channel, "taken");
    // Too many answers under way (a flood), or too many waiting in this conversation: a stored
    // message waits for the redelivery sweep, an unstored one goes back to the platform.
    const bool busy = state.hub.answers_in_flight() >= kMaxAnswersInFlight;
    const std::string channel = message.channel, id = message.message_id;
    if (busy ||
        !spawn_answer(state, ChannelHub::Pending{std::move(message), recorded, std::nullopt, {}},
                      here)) {
      if (recorded) continue;
      state.hub.forget(channel, id);
      co_return false;
    }
  }
  co_return true;
}

asio::awaitable<void> redeliver_inbound(ChannelState& state, asio::steady_timer& timer) {
  while (!state.chat.tracker.stopping()) {
    timer.expires_after(kRedeliveryCheck);
    auto [ec] = co_await timer.async_wait(use_nothrow);
    if (ec) co_return;
    if (!state.chat.notifications.ready() || state.hub.connectors().empty()) continue;
    // What this instance holds stays held while it lives; what another held without renewal
    // for the lease was left behind (that instance died) and is taken here.
    const int stale = static_cast<int>(state.hub.settings().answer_lease.count());
    const auto job = [stale, held = state.hub.held()](pqxx::connection_base& c) {
      db::renew_inbound(c, held);
      std::size_t given_up = 0;
      auto taken = db::take_unanswered(c, stale, kMaxInboundAttempts, kRedeliveryBatch, given_up);
      return std::make_pair(std::move(taken), given_up);
    };
    const auto found = co_await db_call(*state.chat.notifications.database, job);
    if (!found) {
      log::warn("unanswered messages not read", {{"error", describe(found.error())}});
      continue;
    }
    const auto& [payloads, given_up] = *found;
    if (given_up > 0) log::error("messages given up unanswered", {{"count", given_up}});
    for (const auto& payload : payloads) {
      auto p = read_stored_inbound(payload);
      if (!p || state.hub.find(p->message.channel) == nullptr ||
          state.hub.holds(p->message.channel, p->message.message_id))
        continue;
      log::info("answering a message left unanswered", {{"channel", p->message.channel}});
      const std::string channel = p->message.channel, id = p->message.message_id;
      if (spawn_answer(state, std::move(*p), timer.get_executor())) continue;
      // Refused (its conversation's queue is full): not tried, so not counted as an attempt;
      // the next sweep takes it again.
      const auto undo = [channel, id](pqxx::connection_base& c) {
        db::untake_inbound(c, channel, id);
        return true;
      };
      const auto done = co_await db_call(*state.chat.notifications.database, undo);
      if (!done)
        log::warn("inbound attempt not given back",
                  {{"channel", channel}, {"error", describe(done.error())}});
    }
  }
}

asio::awaitable<void> answer_inbound(ChannelState& state, ChannelHub::Pending pending) {
  InboundMessage& message = pending.message;
  const bool recorded = pending.recorded;
  connectors::Connector* connector = state.hub.find(message.channel);
  if (connector == nullptr) co_return;
  const ChannelHub::InFlight counted = state.hub.count_answer();
  const auto chat = state.chat.content.current();  // the same content for the whole answer
  dialogue::Message said = dialogue_message(message);
  said.actions_available = state.chat.notifications.answering();
  if (pending.reply) {
    // Answered before, but not all of it went out: the same answer, from where it stopped.
    for (int tries = 1;; ++tries) {
      auto conversation = co_await state.chat.conversations.load(said.session);
      dialogue::Dialogue::remember_offer(conversation.state, pending.reply->lang,
                                         offered_buttons(*pending.reply, pending.offer));
      const bool last = tries >= 5;  // rather than the offer not remembered at all
      if (co_await state.chat.conversations.save(
              said.session, std::move(conversation.state),
              last ? db::kOverwriteConversationState : conversation.version) ||
          last)
        break;
    }
    co_await send_reply(state, *connector, message, std::move(*pending.reply), pending.offer,
                        recorded);
    co_return;
  }
  dialogue::Reply answer;
  if (chat->refusal(said)) {
    // Too long, or empty: the resident still hears that the bot did not take it.
    answer = chat->not_understood(said);
  } else {
    const ContactRef contact{message.channel, message.address, message.context};
    answer = co_await run_chat_exchange(state.chat, chat, said, message.channel, &contact);
  }
  if (said.kind == dialogue::Message::Kind::start)
    co_await register_contact(state, message, answer.lang);
  Offer buttons;
  connectors::Reply reply = channel_reply(answer, buttons);
  if (reply.texts.empty()) {
    if (recorded) co_await mark_answered(state, message);
    co_return;
  }
  if (recorded) co_await save_progress(state, message, reply, buttons);
  co_await send_reply(state, *connector, message, std::move(reply), buttons, recorded);
}

}  // namespace loket::server
