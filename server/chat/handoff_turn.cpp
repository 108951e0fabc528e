#include "server/chat/handoff_turn.h"

#include "db/handoff_store.h"
#include "intents/redaction.h"
#include "server/common/db_call.h"
#include "server/common/log.h"

namespace loket::server {
namespace {

constexpr std::chrono::seconds kDefaultWaitPerPlace{180};

// The contact centre's system `handoff` went to, while the configuration still names it.
const config::ContactCentre* contact_centre_of(const dialogue::Dialogue& chat,
                                               const std::string& desk) {
  const auto& handoff = chat.config().handoff;
  if (!handoff || !handoff->contact_centre) return nullptr;
  return config::contact_centre_name(handoff->contact_centre->kind) == desk
             ? &*handoff->contact_centre
             : nullptr;
}

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

// The buttons of a reply made here are remembered as the dialogue's own are.
void remember_buttons(const dialogue::Reply& reply, dialogue::SessionState& conversation) {
  std::vector<dialogue::SessionState::OfferedButton> buttons;
  for (const auto& s : reply.suggestions) buttons.push_back({s.title, s.intent});
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

// The handoff could not be read or the message not kept: the resident hears so, after the
// crisis `help` the message asks for (nobody may read it soon).
dialogue::Reply unavailable(const dialogue::Dialogue& chat, const dialogue::SessionState& state,
                            const dialogue::HandoffStatus& status, std::string help) {
  dialogue::Reply reply = chat.in_handoff(state, status);
  reply.messages.clear();
  if (!help.empty()) reply.messages.push_back({std::move(help), {}});
  const auto& messages = chat.config().messages;
  reply.messages.push_back(
      {config::pick_language(
           messages.unavailable.empty() ? messages.fallback : messages.unavailable, reply.lang,
           chat.config().default_language),
       {}});
  return reply;
}

// At most this many lines of a handoff go to the contact centre when it is opened there.
constexpr std::size_t kMaxTranscriptLines = 100;

// What the contact centre's system gets when handoff `id` is opened there: its newest lines said
// by the resident and loket (a callback request's `question`, which it gets on its own, left out),
// and the newest message counted as passed on with them. On a database thread.
db::HandoffTranscript transcript_for_contact_centre(pqxx::connection_base& c, std::int64_t id,
                                                    const std::string& question) {
  db::HandoffTranscript transcript = db::newest_handoff_lines(c, id, kMaxTranscriptLines);
  auto& lines = transcript.lines;
  std::erase_if(lines, [](const db::HandoffLine& line) {
    return line.sender != "resident" && line.sender != "bot";
  });
  if (!question.empty() && !lines.empty() && lines.back().sender == "resident" &&
      lines.back().text == question)
    lines.pop_back();
  return transcript;
}

// What carrying out a handoff request stored: the outcome for the dialogue and the handoff as it
// is now.
struct Stored {
  dialogue::HandoffOutcome outcome;
  std::optional<db::Handoff> row;
  // Set when this turn opens it in the contact centre's system: what goes there.
  std::optional<db::HandoffTranscript> hand_over;
};

// Passes `taken` (of `handoff`, in the contact centre's conversation `taken.external_ref`) on,
// oldest first; what it could not take goes again with the resident's next message. False (logged)
// when it could not take them all.
asio::awaitable<bool> relay_to_contact_centre(ChatState& state, const config::ContactCentre& system,
                                              db::Handoff handoff, db::UnrelayedMessages taken) {
  handoff.external_ref = std::move(taken.external_ref);
  for (auto& message : taken.messages) {
    auto relaying =
        state.handoffs.contact_centre().relay(system, handoff, message.id, std::move(message.text));
    const std::string error = co_await std::move(relaying);
    if (error.empty()) continue;
    const auto give_back = [id = handoff.id, from = message.id](pqxx::connection_base& c) {
      db::give_back_unrelayed_messages(c, id, from);
      return true;
    };
    const auto given = co_await db_call(*state.notifications.database, give_back);
    log::warn(given ? "resident's message not passed to the contact centre; it goes with the next"
                    : "resident's message not passed to the contact centre, nor kept for the next",
              {{"handoff", handoff.id},
               {"message", message.id},
               {"ref", handoff.external_ref},
               {"error", given ? error : error + "; " + describe(given.error())}});
    co_return false;
  }
  co_return true;
}

// Passes the resident's messages that the contact centre's conversation has not got yet on to it;
// false (logged) when it could not.
asio::awaitable<bool> relay_unrelayed(ChatState& state, const config::ContactCentre& system,
                                      const db::Handoff& handoff) {
  const auto take = [id = handoff.id](pqxx::connection_base& c) {
    return db::take_unrelayed_messages(c, id);
  };
  auto taken = co_await db_call(*state.notifications.database, take);
  if (!taken) {
    log::warn("resident's messages for the contact centre not read",
              {{"handoff", handoff.id}, {"error", describe(taken.error())}});
    co_return false;
  }
  auto relaying = relay_to_contact_centre(state, system, handoff, std::move(*taken));
  co_return co_await std::move(relaying);
}

// Opens `handoff` in the contact centre's system with `transcript`, then passes on what the
// resident said meanwhile; when it cannot take it, the handoff is closed (the resident is told,
// and offered the phone, by the dialogue's failed outcome).
asio::awaitable<bool> hand_to_contact_centre(ChatState& state, const config::ContactCentre& system,
                                             const db::Handoff& handoff,
                                             db::HandoffTranscript transcript) {
  auto opening = state.handoffs.contact_centre().open(system, handoff, std::move(transcript.lines));
  ContactCentre::Opened opened = co_await std::move(opening);
  db::Database& database = *state.notifications.database;
  const std::int64_t id = handoff.id;
  if (opened.error.empty()) {
    const auto keep = [id, ref = opened.ref,
                       through = transcript.through](pqxx::connection_base& c) {
      return db::set_handoff_external_ref(c, id, ref, through);
    };
    const auto kept = co_await db_call(database, keep);
    if (kept && *kept) {
      // Messages other turns kept while this one was opening it: they did not pass them on.
      auto relaying = relay_unrelayed(state, system, handoff);
      co_await std::move(relaying);
      co_return true;
    }
    if (kept) {
      // Another opener (this one's claim had gone stale) recorded its conversation first: this
      // one would get staff replies nobody reads, so it is ended there.
      log::warn("contact centre conversation opened twice; the later one is ended",
                {{"handoff", id}, {"ref", opened.ref}});
      db::Handoff duplicate = handoff;
      duplicate.external_ref = opened.ref;
      auto ending = state.handoffs.contact_centre().end(system, duplicate, "opened twice");
      co_await std::move(ending);
      co_return true;
    }
    log::warn("contact centre's conversation not recorded",
              {{"handoff", id}, {"error", describe(kept.error())}});
  } else {
    log::warn("the contact centre did not take a handoff",
              {{"handoff", id}, {"error", opened.error}});
  }
  const auto close = [id](pqxx::connection_base& c) {
    return db::close_handoff(c, id, "loket", "the contact centre could not take it");
  };
  co_await db_call(database, close);
  co_return false;
}

// What became of a resident's message for the contact centre's system.
enum class PassedOn { yes, no, closed };

// Passes the resident's new message on to the contact centre's system: with `taken` (what it
// has not got yet, taken with the message) when the conversation is open there; else opens it
// first when nobody is (the instance that began stopped half-way), with everything said so far.
// While another turn is opening it, that turn passes the message on once it is open.
asio::awaitable<PassedOn> pass_on_to_contact_centre(ChatState& state,
                                                    const config::ContactCentre& system,
                                                    const db::Handoff& handoff,
                                                    db::UnrelayedMessages taken) {
  db::Database& database = *state.notifications.database;
  const std::int64_t id = handoff.id;
  if (!handoff.external_ref.empty()) {
    auto relaying = relay_to_contact_centre(state, system, handoff, std::move(taken));
    co_return co_await std::move(relaying) ? PassedOn::yes : PassedOn::no;
  }
  struct Handover {
    std::optional<db::HandoffTranscript> claimed;
    db::UnrelayedMessages opened_meanwhile;  // recorded there since this turn read the handoff
  };
  const auto claim = [id](pqxx::connection_base& c) {
    Handover out;
    // The newest lines, the one that brought this turn here among them.
    if (db::claim_contact_centre_handover(c, id))
      out.claimed = transcript_for_contact_centre(c, id, "");
    else
      out.opened_meanwhile = db::take_unrelayed_messages(c, id);
    return out;
  };
  auto handover = co_await db_call(database, claim);
  if (!handover) {
    log::warn("contact centre handover not claimed nor messages read",
              {{"handoff", id}, {"error", describe(handover.error())}});
    co_return PassedOn::no;
  }
  if (handover->claimed) {
    auto opening = hand_to_contact_centre(state, system, handoff, std::move(*handover->claimed));
    co_return co_await std::move(opening) ? PassedOn::yes : PassedOn::closed;
  }
  auto relaying =
      relay_to_contact_centre(state, system, handoff, std::move(handover->opened_meanwhile));
  co_return co_await std::move(relaying) ? PassedOn::yes : PassedOn::no;
}

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
  // What the resident said, and the crisis help it asks for: said to them at once while nobody
  // reads it (in the queue, or not kept), and an urgent place in the queue.
  std::string text = said_text(chat, message, conversation.lang);
  std::string help = chat.crisis_help(text, conversation);
  const auto find = [id](pqxx::connection_base& c) { return db::find_handoff(c, id); };
  const auto found = co_await db_call(*database, find);
  if (!found) {
    log::warn("handoff not read", {{"handoff", id}, {"error", describe(found.error())}});
    co_return unavailable(chat, conversation, status_of(dialogue::HandoffStatus::Phase::active),
                          std::move(help));
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
      co_return unavailable(chat, conversation, status_of(dialogue::HandoffStatus::Phase::active),
                            std::move(help));
    }
    state.metrics.observe_handoff(channel, waiting ? "abandoned" : "closed");
    auto ending =
        end_in_contact_centre(state, chat, handoff, "the resident ended the conversation");
    co_await std::move(ending);
    leave();
    co_return chat.handoff_ended(conversation);
  }
  const auto* system = contact_centre_of(chat, handoff.desk);
  struct Added {
    std::int64_t message = 0;  // 0: the handoff is over
    db::UnrelayedMessages unrelayed;
  };
  // Redacted as the conversation log is: the text is kept as long as the log. When the contact
  // centre's conversation is open, what it has not got yet (this message among it) is taken in
  // the same round trip.
  const auto add = [id, text = std::move(text), crisis = waiting && !help.empty(),
                    take = system != nullptr &&
                           !handoff.external_ref.empty()](pqxx::connection_base& c) {
    Added out;
    db::HandoffLine line{"resident", intents::redact_personal_data(text), ""};
    if (line.text != text) line.unredacted = text;
    out.message = db::add_handoff_message(c, id, line, crisis);
    if (out.message != 0 && take) out.unrelayed = db::take_unrelayed_messages(c, id);
    return out;
  };
  auto added = co_await db_call(*database, add);
  const auto phase =
      waiting ? dialogue::HandoffStatus::Phase::waiting : dialogue::HandoffStatus::Phase::active;
  if (!added || added->message == 0) {
    if (!added)
      log::warn("handoff message not kept", {{"handoff", id}, {"error", describe(added.error())}});
    co_return unavailable(chat, conversation, status_of(phase), std::move(help));
  }
  if (system != nullptr) {
    auto passing = pass_on_to_contact_centre(state, *system, handoff, std::move(added->unrelayed));
    const PassedOn passed = co_await std::move(passing);
    if (passed == PassedOn::closed) {
      leave();  // closed: the bot answers, as when staff hand it back
      co_return std::nullopt;
    }
    if (passed == PassedOn::no)
      co_return unavailable(chat, conversation, status_of(phase), std::move(help));
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
  co_return chat.in_handoff(conversation, status, std::move(help));
}

}  // namespace

asio::awaitable<void> end_in_contact_centre(ChatState& state, const dialogue::Dialogue& chat,
                                            const db::Handoff& handoff, std::string reason) {
  const auto* system = contact_centre_of(chat, handoff.desk);
  if (system == nullptr) co_return;
  auto ending = state.handoffs.contact_centre().end(*system, handoff, std::move(reason));
  const std::string error = co_await std::move(ending);
  if (!error.empty())
    log::warn("the contact centre was not told the resident is gone",
              {{"handoff", handoff.id}, {"error", error}});
}

asio::awaitable<std::optional<dialogue::Reply>> answer_in_handoff(
    ChatState& state, const dialogue::Dialogue& chat, const dialogue::Message& message,
    dialogue::SessionState& conversation, std::string_view channel) {
  auto reply = co_await handoff_reply(state, chat, message, conversation, channel);
  if (reply) remember_buttons(*reply, conversation);
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
    const config::ContactCentre* system =
        settings && settings->contact_centre ? &*settings->contact_centre : nullptr;
    if (system != nullptr) handoff.desk = std::string(config::contact_centre_name(system->kind));
    const std::size_t max_waiting = settings ? settings->max_waiting : 500;
    const auto job = [unredacted = std::move(handoff), request = *reply.handoff_request,
                      max_waiting, per = wait_per_place(chat),
                      to_system = system != nullptr](pqxx::connection_base& c) {
      // The resident's words redacted (regexes) here, on the database thread, as for the
      // conversation log; loket's own answers are the municipality's text.
      Stored stored;
      db::NewHandoff handoff = unredacted;
      const bool leaves_question = request.kind == dialogue::HandoffRequest::Kind::callback;
      for (auto& line : handoff.transcript) {
        if (line.sender != "resident") continue;
        std::string redacted = intents::redact_personal_data(line.text);
        // A callback request waits for days: only its redacted words are kept.
        if (!leaves_question && redacted != line.text) line.unredacted = std::move(line.text);
        line.text = std::move(redacted);
      }
      dialogue::HandoffOutcome& out = stored.outcome;
      if (leaves_question) {
        out.id = db::add_callback(c, handoff, intents::redact_personal_data(request.question),
                                  request.contact);
        out.kind = dialogue::HandoffOutcome::Kind::saved;
      } else {
        const db::OpenedHandoff opened = db::open_handoff(c, handoff, max_waiting, per);
        out.kind = opened.full ? dialogue::HandoffOutcome::Kind::queue_full
                               : dialogue::HandoffOutcome::Kind::waiting;
        out.id = opened.id;
        out.position = std::max(1, opened.place.position);
        out.expected_wait_s = opened.place.expected_wait_s;
      }
      if (out.id != 0) stored.row = db::find_handoff(c, out.id);
      // Another turn of this conversation at once may have found the same handoff (or left the
      // same callback request): one of them opens it there.
      if (to_system && stored.row && stored.row->external_ref.empty() &&
          db::claim_contact_centre_handover(c, out.id))
        stored.hand_over =
            transcript_for_contact_centre(c, out.id,
                                          request.kind == dialogue::HandoffRequest::Kind::callback
                                              ? intents::redact_personal_data(request.question)
                                              : std::string());
      return stored;
    };
    auto done = co_await db_call(*database, job);
    if (done) {
      outcome = done->outcome;
      if (system != nullptr && done->hand_over) {
        auto opening =
            hand_to_contact_centre(state, *system, *done->row, std::move(*done->hand_over));
        const bool opened = co_await std::move(opening);
        if (!opened) outcome = dialogue::HandoffOutcome{};
      }
    } else {
      log::warn("handoff not stored", {{"error", describe(done.error())}});
    }
  }
  if (outcome.kind == dialogue::HandoffOutcome::Kind::waiting)
    state.metrics.observe_handoff(channel, "started");
  else if (outcome.kind == dialogue::HandoffOutcome::Kind::saved && callback)
    state.metrics.observe_handoff(channel, "callback");
  chat.finish_handoff(reply, conversation, outcome);
  remember_buttons(reply, conversation);
}

}  // namespace loket::server
