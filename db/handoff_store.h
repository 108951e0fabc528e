// Residents handed to a person, in PostgreSQL: the queue, who has which conversation, callback
// requests, and the messages both ways; every change announced with NOTIFY loket_handoff so that
// staff on any instance see it. Blocking: call from a database thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pqxx {
class connection_base;
}

namespace loket::db {

// NOTIFY payload: "ID EVENT" (waiting, callback, message, taken, transferred, closed).
inline constexpr const char* kHandoffChannel = "loket_handoff";

struct HandoffLine {
  HandoffLine() = default;
  HandoffLine(std::string sender, std::string text, std::string staff_name = {},
              std::string unredacted = {})
      : sender(std::move(sender)),
        text(std::move(text)),
        staff_name(std::move(staff_name)),
        unredacted(std::move(unredacted)) {}

  std::string sender;  // resident, bot, staff or event
  std::string text;
  std::string staff_name;  // staff: who wrote it
  // The resident's words before redaction, shown to staff while the handoff is open and
  // forgotten when it closes; empty: the same as `text`.
  std::string unredacted;
};

// Who is handed over, from where, and the conversation before (already redacted). `desk`: who
// answers: inbox (loket's own), chatwoot or webhook.
struct NewHandoff {
  std::string session, channel, address, context, lang;
  std::string desk = "inbox";
  std::vector<HandoffLine> transcript;
};

struct Handoff {
  std::int64_t id = 0;
  std::string session, channel, address, context, lang, status, agent;
  std::string question, contact;  // callback requests
  std::string close_reason, closed_by;
  std::string created_at, taken_at, closed_at;  // ISO 8601, UTC; empty when not yet
  std::string desk;                             // inbox, chatwoot or webhook
  std::string external_ref;  // the contact centre's id of the conversation; empty: none yet
  long long waited_s = 0;    // from the request until taken (or until now, while waiting)
  int position = 0;          // waiting: the place in the queue, 1 first
  bool urgent = false;       // a crisis message came while waiting: taken before the others
  // In lists only: the start of the resident's last message, redacted (a list is every agent's),
  // so that staff see what a conversation is about before they open it; empty: none, or not
  // listed.
  std::string preview;
};

struct HandoffMessage {
  std::int64_t id = 0;
  HandoffLine line;
  std::string at;
};

struct QueuePlace {
  int position = 0;
  long long expected_wait_s = 0;
};

// Queues a handoff for `handoff.session`, or finds the one already open for it. `full`: more
// than `max_waiting` are waiting, and none was queued.
struct OpenedHandoff {
  bool full = false;
  std::int64_t id = 0;
  QueuePlace place;
};
OpenedHandoff open_handoff(pqxx::connection_base& c, const NewHandoff& handoff,
                           std::size_t max_waiting, std::chrono::seconds wait_per_place);

// Whether the caller is the one to open handoff `id` in the contact centre's system: none is
// recorded there yet, and no other caller began within two minutes (longest an opening takes).
bool claim_contact_centre_handover(pqxx::connection_base& c, std::int64_t id);

// A callback request (status callback) with the resident's question and contact; the same
// request again within ten minutes (two turns at once, a resident sending twice) is the same one.
std::int64_t add_callback(pqxx::connection_base& c, const NewHandoff& handoff,
                          const std::string& question, const std::string& contact);

std::optional<Handoff> find_handoff(pqxx::connection_base& c, std::int64_t id);

// Where a waiting handoff is in the queue, and how long it may still take: its place times the
// time between the last hour's takes (at least two), else times `wait_per_place`.
QueuePlace queue_place(pqxx::connection_base& c, std::int64_t id,
                       std::chrono::seconds wait_per_place);

// Adds a message to an open handoff (a resident's message marks them present); its id, or 0
// when the handoff is not open. `crisis`: the message asks for help in a crisis, and a waiting
// handoff becomes urgent: before the others in the queue (of the urgent ones, the one waiting
// longest first).
std::int64_t add_handoff_message(pqxx::connection_base& c, std::int64_t id, const HandoffLine& line,
                                 bool crisis = false);

// Records the contact centre's id for handoff `id`'s conversation, which got the messages up to
// `relayed_through` (HandoffTranscript::through); false when another opener recorded its
// conversation first (this one's claim had gone stale).
bool set_handoff_external_ref(pqxx::connection_base& c, std::int64_t id, const std::string& ref,
                              std::int64_t relayed_through);
// The resident's messages of handoff `id` that its contact-centre conversation has not got yet,
// oldest first, counted as passed on from now: of callers at once, each message goes to one. None
// before the conversation is recorded there (its opener passes them on).
struct UnrelayedMessage {
  std::int64_t id = 0;
  std::string text;
};
struct UnrelayedMessages {
  std::vector<UnrelayedMessage> messages;
  std::string external_ref;  // the conversation there
};
UnrelayedMessages take_unrelayed_messages(pqxx::connection_base& c, std::int64_t id);
// The contact centre did not take message `from` (or its answer was lost): it and those after it
// go again with the next caller's, so none is left out though some may go twice.
void give_back_unrelayed_messages(pqxx::connection_base& c, std::int64_t id, std::int64_t from);
// The handoff that `desk` knows as `ref`.
std::optional<Handoff> find_handoff_by_external_ref(pqxx::connection_base& c,
                                                    const std::string& desk,
                                                    const std::string& ref);
// A contact centre agent's message (its `external_id` there) to an open handoff: its id; 0
// when the handoff is closed; -1 when that message was added before (a webhook delivered
// again).
std::int64_t add_external_handoff_message(pqxx::connection_base& c, std::int64_t id,
                                          const HandoffLine& line, const std::string& external_id);

enum class HandoffChange { done, not_found, conflict };
struct ChangedHandoff {
  HandoffChange outcome = HandoffChange::not_found;
  std::optional<Handoff> handoff;  // as it is now (also on conflict)
};
// Waiting or callback -> active, for `agent`; conflict when another has it or it is closed.
ChangedHandoff take_handoff(pqxx::connection_base& c, std::int64_t id, const std::string& agent);
// An active handoff to another staff member; conflict when it is not active.
ChangedHandoff transfer_handoff(pqxx::connection_base& c, std::int64_t id, const std::string& to);
// Whether `name` holds a staff token (not revoked) that may take handoffs: a colleague to
// transfer one to.
bool is_handoff_agent(pqxx::connection_base& c, const std::string& name);
// The names of those colleagues, in order (at most `limit`).
std::vector<std::string> handoff_agents(pqxx::connection_base& c, std::size_t limit);
// Any open handoff -> closed; conflict when it was closed already.
ChangedHandoff close_handoff(pqxx::connection_base& c, std::int64_t id,
                             const std::string& closed_by, const std::string& reason);

// Handoffs with `status` (empty: every open one: waiting, active, callback), oldest first.
std::vector<Handoff> list_handoffs(pqxx::connection_base& c, const std::string& status,
                                   std::size_t limit);
// Its messages after `after`; the resident's words as written (not redacted) only for `reader`
// when they hold it while it is open: the staff member helping them, not every colleague.
std::vector<HandoffMessage> handoff_messages(pqxx::connection_base& c, std::int64_t id,
                                             std::int64_t after, std::size_t limit,
                                             const std::string& reader);
// Handoff `id`'s newest `count` lines, oldest first, and the id of the newest: the transcript for
// the contact centre's system when the conversation is opened there.
struct HandoffTranscript {
  std::vector<HandoffLine> lines;
  std::int64_t through = 0;
};
HandoffTranscript newest_handoff_lines(pqxx::connection_base& c, std::int64_t id,
                                       std::size_t count);

// Closes waiting and active handoffs whose resident has been silent longer than `idle` (their
// conversation is over); returns them.
std::vector<Handoff> close_abandoned_handoffs(pqxx::connection_base& c, std::chrono::seconds idle);
// Deletes closed handoffs (and their messages) older than `days`; returns how many.
std::size_t purge_handoffs(pqxx::connection_base& c, int days);

}  // namespace loket::db
