// One chat exchange, REST or WebSocket: the chat service answers, and when the resident asked
// to (un)subscribe, the change is made in the store on the database threads before the reply
// goes out. The chat's own contacts live on the `websocket` channel, addressed by chat session.
#include <array>
#include <optional>

#include "db/answer_feedback.h"
#include "db/chat_mailbox.h"
#include "db/conversation_log.h"
#include "db/handoff_store.h"
#include "db/inbound_store.h"
#include "db/notification_store.h"
#include "db/resident_data.h"
#include "db/staff_sessions.h"
#include "intents/redaction.h"

#include "server/chat/chat.h"
#include "server/chat/chat_json.h"
#include "server/chat/handoff_turn.h"
#include "server/common/db_call.h"
#include "server/common/json_text.h"
#include "server/common/log.h"
#include "server/notify/dispatcher.h"

namespace loket::server {

// Platform message ids are remembered this long: platforms redeliver within hours, not days.
constexpr int kInboundRetentionDays = 2;
// A turn that keeps losing to concurrent turns of its conversation (or started from an old copy
// of it) stores its state at the last.
constexpr int kMaxTurnTries = 5;

namespace {

// Carries out the subscription change the resident asked for, and has the dialogue say how it
// went.
asio::awaitable<void> carry_out(ChatState& state, const dialogue::Dialogue& chat,
                                const dialogue::Message& message, dialogue::Reply& reply,
                                const ContactRef* contact, std::string_view client) {
  dialogue::ActionResult result;
  const bool writable = state.notifications.ready();
  // Every chat session is a contact of its own: many new subscriptions from one network are
  // someone filling the store, as with browser subscriptions. A subscription that is not made
  // (the database failed) gives its token back.
  const bool counted = writable && reply.action->kind == config::Action::Kind::subscribe &&
                       contact == nullptr && !client.empty();
  const std::string pace_key = counted ? address_block(std::string(client)) : std::string();
  const bool refused = counted && state.subscription_pace.reserve(
                                      pace_key, connectors::RateLimiter::Clock::now(), false) >
                                      connectors::RateLimiter::Clock::duration::zero();
  if (refused) {
    log::info("chat subscription refused", {{"why", "too many from this address"}});
  } else if (writable) {
    // The chat's own contacts are its sessions; a messaging channel's are the platform's ids.
    ContactRef who =
        contact != nullptr ? *contact : ContactRef{std::string(kChatChannel), message.session, {}};
    // Where the postcode lies, so that an alert for a circle on the map reaches the resident.
    std::optional<db::Location> location;
    if (reply.action->postcode)
      if (const auto* at = chat.config().location_of(*reply.action->postcode))
        location = db::Location{at->first, at->second};
    const auto job = [action = *reply.action, who = std::move(who),
                      location](pqxx::connection_base& c) {
      switch (action.kind) {
        case config::Action::Kind::subscribe:
          return db::subscribe(c, who.channel, who.address, action.lang, action.postcode,
                               action.topic, location);
        case config::Action::Kind::unsubscribe:
          return db::unsubscribe(c, who.channel, who.address, action.topic);
        case config::Action::Kind::list_subscriptions:
          break;
      }
      return db::subscriptions(c, who.channel, who.address);
    };
    auto topics = co_await db_call(*state.notifications.database, job);
    if (topics) {
      result.topics = std::move(*topics);
      result.ok = true;
    } else {
      log::warn("chat action failed",
                {{"intent", reply.intent}, {"error", describe(topics.error())}});
      if (counted) state.subscription_pace.refund(pace_key);
    }
  }
  chat.finish_action(reply, result);
}

// True, with a 429 in `answer`, when `key`'s bucket has no message left now: a client (or a
// chat) that sends faster than a person types is told when to come back, and nothing of it is
// classified, logged or remembered.
bool too_fast(connectors::RateLimiter& pace, const std::string& key, std::string_view where,
              ChatApiAnswer& answer) {
  if (key.empty()) return false;
  const auto wait = pace.reserve(key, connectors::RateLimiter::Clock::now(), false);
  if (wait <= connectors::RateLimiter::Clock::duration::zero()) return false;
  answer.status = 429;
  answer.retry_after_s = static_cast<unsigned>(
      std::max<long long>(1, std::chrono::ceil<std::chrono::seconds>(wait).count()));
  answer.body = write_error("too many messages " + std::string(where) + "; try again in " +
                                std::to_string(answer.retry_after_s) + " s",
                            answer.retry_after_s);
  return true;
}

// Residents silent longer than a conversation lasts have left their handoff (their next message
// starts a new conversation): closed, so staff do not wait on them.
asio::awaitable<void> close_abandoned(ChatState& state) {
  const auto job = [ttl = state.limits.session_ttl](pqxx::connection_base& c) {
    return db::close_abandoned_handoffs(c, ttl);
  };
  const auto closed = co_await db_call(*state.notifications.database, job);
  if (!closed) {
    log::warn("abandoned handoffs not closed", {{"error", describe(closed.error())}});
    co_return;
  }
  const auto chat = state.content.current();
  for (const auto& h : *closed) {
    state.metrics.observe_handoff(h.channel,
                                  h.close_reason == "abandoned" ? "abandoned" : "closed");
    auto ending = end_in_contact_centre(state, *chat, h, "the resident left the conversation");
    co_await std::move(ending);
  }
}

}  // namespace

asio::awaitable<dialogue::Reply> run_chat_exchange(
    ChatState& state, std::shared_ptr<dialogue::Dialogue> chat, const dialogue::Message& message,
    std::string_view channel, const ContactRef* contact, std::string_view client) {
  const auto start = std::chrono::steady_clock::now();
  dialogue::Reply reply;
  for (int tries = 1;; ++tries) {
    ConversationStates::Loaded conversation;
    if (!message.new_session) conversation = co_await state.conversations.load(message.session);
    if (conversation.state.handoff == dialogue::SessionState::Handoff::with_person) {
      // With a person: loket does not answer, and the message is theirs, not the log's. It went
      // to them, so this turn's state is stored whatever another turn stored meanwhile.
      auto handed = co_await answer_in_handoff(state, *chat, message, conversation.state, channel);
      if (handed) {
        co_await state.conversations.save(message.session, std::move(conversation.state),
                                          db::kOverwriteConversationState);
        co_return std::move(*handed);
      }
    }
    reply = chat->answer(message, conversation.state);
    // A handoff carried out is not undone: it starts from the state as stored, not from this
    // instance's copy, and its turn's state is then stored as it is; so is the last try's,
    // rather than the turn losing its state altogether.
    if (reply.handoff_request && conversation.cached) {
      state.conversations.forget(message.session);
      continue;
    }
    std::int64_t read_version =
        tries >= kMaxTurnTries ? db::kOverwriteConversationState : conversation.version;
    if (reply.handoff_request) {
      co_await carry_out_handoff(state, *chat, message, reply, conversation.state, channel,
                                 contact);
      read_version = db::kOverwriteConversationState;
    }
    if (co_await state.conversations.save(message.session, std::move(conversation.state),
                                          read_version) ||
        read_version == db::kOverwriteConversationState)
      break;
    // Another turn of this conversation was stored meanwhile (sent at once, or on another
    // instance): this one is answered again from that turn's state, so neither is lost.
    state.metrics.observe_turn_retried();
  }
  if (reply.handoff && reply.handoff->phase == dialogue::HandoffStatus::Phase::offered)
    state.metrics.observe_handoff(channel, "offered");
  // A first contact is a greeting, not a question: neither answered nor unanswered.
  if (message.kind != dialogue::Message::Kind::start) {
    state.metrics.observe_chat(!reply.intent.empty());
    if (state.notifications.database != nullptr)
      state.conversation_log.record(
          {std::string(channel), reply.lang, reply.intent,
           reply.private_text ? std::string() : message.text, reply.confidence,
           std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
               .count(),
           reply.handoff && reply.handoff->phase == dialogue::HandoffStatus::Phase::offered,
           message.session, reply.nearest});
  }
  if (reply.action) co_await carry_out(state, *chat, message, reply, contact, client);
  co_return reply;
}

asio::awaitable<ChatApiAnswer> answer_chat_json(ChatState& state, std::string_view body,
                                                std::string_view channel, std::string_view client) {
  ChatApiAnswer answer;
  if (too_fast(state.client_pace, address_block(std::string(client)), "from this address", answer))
    co_return answer;
  const auto chat = state.content.current();  // the same content for the whole exchange
  auto message = read_chat_request(body, *chat, state.sessions);
  if (!message) {
    answer.status = message.error().status;
    answer.body = write_error(message.error().message);
    co_return answer;
  }
  if (too_fast(state.session_pace, message->session, "in this chat", answer)) co_return answer;
  message->actions_available = state.notifications.answering();
  const dialogue::Reply reply =
      co_await run_chat_exchange(state, chat, *message, channel, nullptr, client);
  answer.body = write_chat_reply(message->session, reply);
  answer.session = std::move(message->session);
  answer.intent = reply.intent;
  answer.confidence = reply.confidence;
  co_return answer;
}

asio::awaitable<void> flush_conversation_log(ChatState& state, asio::steady_timer& timer) {
  // Unset: not yet, so the first flush after a start does both. (The steady clock counts from
  // boot: a zero time point is not "long ago" on a machine up for less than an hour.)
  std::optional<std::chrono::steady_clock::time_point> last_purge, last_sweep;
  while (!state.tracker.stopping()) {
    timer.expires_after(std::chrono::seconds(1));
    auto [ec] = co_await timer.async_wait(use_nothrow);
    // While the database is away the entries stay queued (bounded, drops counted in /metrics).
    const bool writable = state.notifications.ready();
    const auto now = std::chrono::steady_clock::now();
    const bool purge = !last_purge || now - *last_purge > std::chrono::hours(1);
    const bool sweep = !last_sweep || now - *last_sweep > std::chrono::minutes(1);
    if (!writable) {
      if (ec) co_return;
      continue;
    }
    auto batch =
        std::make_shared<std::vector<ConversationLogger::Entry>>(state.conversation_log.take());
    if (sweep) {
      last_sweep = std::chrono::steady_clock::now();
      co_await close_abandoned(state);
    }
    if (batch->empty() && !purge) {
      if (ec) co_return;
      continue;
    }
    const int days = state.limits.log_retention_days;
    const auto ttl = state.limits.session_ttl;
    const config::Limits& limits = state.limits;
    const std::array<int, 3> retention{limits.inactive_contact_retention_days,
                                       limits.delivery_retention_days, limits.audit_retention_days};
    // Redaction (regexes) runs here, on the database thread, not on the chat path.
    const auto insert = [batch](pqxx::connection_base& c) {
      std::vector<db::LoggedMessage> rows;
      rows.reserve(batch->size());
      for (const auto& e : *batch)
        rows.push_back({e.channel, e.lang, e.intent, e.confidence, e.response_ms,
                        intents::redact_personal_data(e.text), e.handoff_offered,
                        conversation_log_key(e.session), e.nearest});
      return db::log_messages_keeping_the_good(c, rows);
    };
    if (!batch->empty()) {
      const auto written = co_await db_call(*state.notifications.database, insert);
      if (!written && lost_connection(written.error()) && !ec) {
        // A PostgreSQL restart cuts every connection: the batch waits for the next try, on a
        // new one. (Only then: a batch the database refuses would come back every second.)
        log::warn("conversation log not written yet; trying again",
                  {{"messages", batch->size()}, {"error", describe(written.error())}});
        state.conversation_log.put_back(std::move(*batch));
      } else if (!written) {
        state.conversation_log.count_refused(batch->size());
        log::warn("conversation log not written",
                  {{"messages", batch->size()}, {"error", describe(written.error())}});
      } else if (*written > 0) {
        state.conversation_log.count_refused(*written);
        // The database's own message would quote the resident's words: only the count.
        log::warn("conversation log entries refused by the database", {{"messages", *written}});
      }
    }
    // Apart from the inserts, so that a purge that fails never makes a written batch go again.
    if (purge) {
      // Contacts from before places were kept get theirs from the postcode table in use; apart
      // from the purges, so that a failure here never keeps expired data.
      const auto place = [chat = state.content.current()](pqxx::connection_base& c) {
        return db::place_contacts(c, [&chat](const std::string& postcode) {
          const auto* at = chat->config().location_of(postcode);
          return at == nullptr ? std::nullopt
                               : std::optional<db::Location>({at->first, at->second});
        });
      };
      const auto placed = co_await db_call(*state.notifications.database, place);
      if (!placed)
        log::warn("contacts not placed yet", {{"error", describe(placed.error())}});
      else if (*placed > 0)
        log::info("contacts placed by their postcode", {{"contacts", *placed}});
      const auto purge_old = [days, ttl, retention](pqxx::connection_base& c) {
        db::purge_inbound(c, kInboundRetentionDays);
        db::purge_chat_mailbox(c, days, ttl);
        db::purge_answer_feedback(c, days);
        db::purge_handoffs(c, days);
        db::purge_messages(c, days);
        db::purge_expired_personal_data(c, retention[0], retention[1], retention[2]);
        db::purge_staff_sessions(c);
        return true;
      };
      const auto purged = co_await db_call(*state.notifications.database, purge_old);
      if (purged)
        last_purge = std::chrono::steady_clock::now();
      else
        log::warn("expired data not purged yet", {{"error", describe(purged.error())}});
    }
    if (ec) co_return;  // cancelled at shutdown: this last batch is written, then stop
  }
}

}  // namespace loket::server
