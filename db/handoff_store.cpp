#include "db/handoff_store.h"

#include <pqxx/pqxx>

#include "db/notify_channel.h"

namespace loket::db {
namespace {

constexpr const char* kColumns =
    "id, session, channel, address, context, lang, status, coalesce(agent, ''), coalesce(question, "
    "''), "
    "coalesce(contact, ''), coalesce(close_reason, ''), coalesce(closed_by, ''), "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "coalesce(to_char(taken_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''), "
    "coalesce(to_char(closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''), "
    "extract(epoch FROM coalesce(taken_at, CASE WHEN status = 'waiting' THEN now() END, "
    "closed_at, now()) - created_at)::bigint, "
    "CASE WHEN status = 'waiting' THEN (SELECT count(*) FROM handoffs w WHERE w.status = "
    "'waiting' AND (w.urgent > handoffs.urgent OR (w.urgent = handoffs.urgent AND w.id <= "
    "handoffs.id))) ELSE 0 END, desk, coalesce(external_ref, ''), urgent";

Handoff read_handoff(const pqxx::row& r) {
  Handoff h;
  h.id = r[0].as<std::int64_t>();
  h.session = r[1].as<std::string>();
  h.channel = r[2].as<std::string>();
  h.address = r[3].as<std::string>();
  h.context = r[4].as<std::string>();
  h.lang = r[5].as<std::string>();
  h.status = r[6].as<std::string>();
  h.agent = r[7].as<std::string>();
  h.question = r[8].as<std::string>();
  h.contact = r[9].as<std::string>();
  h.close_reason = r[10].as<std::string>();
  h.closed_by = r[11].as<std::string>();
  h.created_at = r[12].as<std::string>();
  h.taken_at = r[13].as<std::string>();
  h.closed_at = r[14].as<std::string>();
  h.waited_s = r[15].as<long long>();
  h.position = r[16].as<int>();
  h.desk = r[17].as<std::string>();
  h.external_ref = r[18].as<std::string>();
  h.urgent = r[19].as<bool>();
  return h;
}

std::optional<Handoff> select_handoff(pqxx::transaction_base& tx, std::int64_t id) {
  const auto rows =
      tx.exec_params(std::string("SELECT ") + kColumns + " FROM handoffs WHERE id = $1", id);
  if (rows.empty()) return std::nullopt;
  return read_handoff(rows[0]);
}

void announce(pqxx::transaction_base& tx, std::int64_t id, const char* event) {
  tx.exec_params(kNotifyScoped, std::string(kHandoffChannel), std::to_string(id) + " " + event);
}

void insert_lines(pqxx::transaction_base& tx, std::int64_t id,
                  const std::vector<HandoffLine>& lines) {
  for (const auto& line : lines)
    tx.exec_params0(
        "INSERT INTO handoff_messages (handoff_id, sender, staff_name, text, unredacted) "
        "VALUES ($1, $2, nullif($3, ''), $4, nullif($5, ''))",
        id, line.sender, line.staff_name, line.text, line.unredacted);
}

QueuePlace place_of(pqxx::transaction_base& tx, std::int64_t id,
                    std::chrono::seconds wait_per_place) {
  const auto r = tx.exec_params1(
      "SELECT (SELECT count(*) FROM handoffs w JOIN handoffs h ON h.id = $1 WHERE w.status = "
      "'waiting' AND (w.urgent > h.urgent OR (w.urgent = h.urgent AND w.id <= h.id))), "
      "(SELECT CASE WHEN count(*) >= 2 THEN extract(epoch FROM max(taken_at) - min(taken_at)) "
      "/ (count(*) - 1) END FROM handoffs WHERE taken_at > now() - interval '1 hour')",
      id);
  QueuePlace place;
  place.position = r[0].as<int>();
  const double per_place =
      r[1].is_null() ? static_cast<double>(wait_per_place.count()) : r[1].as<double>();
  place.expected_wait_s = static_cast<long long>(per_place * place.position + 0.5);
  return place;
}

// How an UPDATE of handoff `id` that changed `rows` went, announced when it changed it.
ChangedHandoff outcome_of(pqxx::transaction_base& tx, std::int64_t id, const pqxx::result& rows,
                          const char* event) {
  ChangedHandoff out;
  out.handoff = select_handoff(tx, id);
  if (!out.handoff) {
    out.outcome = HandoffChange::not_found;
  } else if (rows.affected_rows() == 0) {
    out.outcome = HandoffChange::conflict;
  } else {
    out.outcome = HandoffChange::done;
    announce(tx, id, event);
  }
  return out;
}

}  // namespace

OpenedHandoff open_handoff(pqxx::connection_base& c, const NewHandoff& handoff,
                           std::size_t max_waiting, std::chrono::seconds wait_per_place) {
  pqxx::work tx(c);
  OpenedHandoff out;
  // One queue for every instance: the look for an open handoff, the count and the insert under
  // one lock, so that two turns of one conversation at once find the same handoff.
  tx.exec0("LOCK TABLE handoffs IN SHARE ROW EXCLUSIVE MODE");
  const auto open = tx.exec_params(
      "SELECT id FROM handoffs WHERE session = $1 AND status IN ('waiting', 'active')",
      handoff.session);
  if (!open.empty()) {
    out.id = open[0][0].as<std::int64_t>();
  } else {
    const auto waiting = tx.exec1("SELECT count(*) FROM handoffs WHERE status = 'waiting'");
    if (waiting[0].as<long long>() >= static_cast<long long>(max_waiting)) {
      out.full = true;
      return out;
    }
    out.id = tx.exec_params1(
                   "INSERT INTO handoffs (session, channel, address, context, lang, status, desk) "
                   "VALUES ($1, $2, $3, $4, $5, 'waiting', $6) RETURNING id",
                   handoff.session, handoff.channel, handoff.address, handoff.context, handoff.lang,
                   handoff.desk)[0]
                 .as<std::int64_t>();
    insert_lines(tx, out.id, handoff.transcript);
    announce(tx, out.id, "waiting");
  }
  out.place = place_of(tx, out.id, wait_per_place);
  tx.commit();
  return out;
}

bool claim_contact_centre_handover(pqxx::connection_base& c, std::int64_t id) {
  pqxx::work tx(c);
  const auto claimed = tx.exec_params(
      "UPDATE handoffs SET handover_at = now() WHERE id = $1 AND external_ref IS NULL "
      "AND status IN ('waiting', 'active', 'callback') "
      "AND (handover_at IS NULL OR handover_at < now() - interval '2 minutes') RETURNING id",
      id);
  tx.commit();
  return !claimed.empty();
}

std::int64_t add_callback(pqxx::connection_base& c, const NewHandoff& handoff,
                          const std::string& question, const std::string& contact) {
  pqxx::work tx(c);
  tx.exec0("LOCK TABLE handoffs IN SHARE ROW EXCLUSIVE MODE");
  const auto same = tx.exec_params(
      "SELECT id FROM handoffs WHERE session = $1 AND status = 'callback' "
      "AND question IS NOT DISTINCT FROM $2 AND contact IS NOT DISTINCT FROM $3 "
      "AND created_at > now() - interval '10 minutes' ORDER BY id DESC LIMIT 1",
      handoff.session, question, contact);
  if (!same.empty()) return same[0][0].as<std::int64_t>();
  const auto id = tx.exec_params1(
                        "INSERT INTO handoffs (session, channel, address, context, lang, "
                        "status, question, contact) VALUES ($1, $2, $3, $4, $5, 'callback', $6, "
                        "$7) RETURNING id",
                        handoff.session, handoff.channel, handoff.address, handoff.context,
                        handoff.lang, question, contact)[0]
                      .as<std::int64_t>();
  insert_lines(tx, id, handoff.transcript);
  insert_lines(tx, id, {{"resident", question, ""}});
  announce(tx, id, "callback");
  tx.commit();
  return id;
}

std::optional<Handoff> find_handoff(pqxx::connection_base& c, std::int64_t id) {
  pqxx::work tx(c);
  return select_handoff(tx, id);
}

QueuePlace queue_place(pqxx::connection_base& c, std::int64_t id,
                       std::chrono::seconds wait_per_place) {
  pqxx::work tx(c);
  return place_of(tx, id, wait_per_place);
}

std::int64_t add_handoff_message(pqxx::connection_base& c, std::int64_t id, const HandoffLine& line,
                                 bool crisis) {
  pqxx::work tx(c);
  const bool resident = line.sender == "resident";
  const auto open = tx.exec_params(
      "UPDATE handoffs SET resident_at = CASE WHEN $2 THEN now() ELSE resident_at END, "
      "urgent = urgent OR ($3 AND status = 'waiting') "
      "WHERE id = $1 AND status <> 'closed' RETURNING id",
      id, resident, crisis);
  if (open.empty()) return 0;
  const auto message_id =
      tx.exec_params1(
            "INSERT INTO handoff_messages (handoff_id, sender, staff_name, text, unredacted) "
            "VALUES ($1, $2, nullif($3, ''), $4, nullif($5, '')) RETURNING id",
            id, line.sender, line.staff_name, line.text, line.unredacted)[0]
          .as<std::int64_t>();
  announce(tx, id, "message");
  tx.commit();
  return message_id;
}

bool set_handoff_external_ref(pqxx::connection_base& c, std::int64_t id, const std::string& ref,
                              std::int64_t relayed_through) {
  pqxx::work tx(c);
  // An opener whose claim went stale never overwrites the conversation another opened since.
  const auto set = tx.exec_params0(
      "UPDATE handoffs SET external_ref = $2, relayed_through = $3 "
      "WHERE id = $1 AND external_ref IS NULL",
      id, ref, relayed_through);
  tx.commit();
  return set.affected_rows() == 1;
}

UnrelayedMessages take_unrelayed_messages(pqxx::connection_base& c, std::int64_t id) {
  pqxx::work tx(c);
  // The row lock makes callers at once take turns: the second finds the mark moved.
  const auto mark = tx.exec_params(
      "SELECT coalesce(relayed_through, 0), external_ref FROM handoffs "
      "WHERE id = $1 AND external_ref IS NOT NULL FOR UPDATE",
      id);
  UnrelayedMessages out;
  if (mark.empty()) return out;
  out.external_ref = mark[0][1].as<std::string>();
  const auto newer = tx.exec_params(
      "SELECT id, sender, text FROM handoff_messages WHERE handoff_id = $1 AND id > $2 "
      "ORDER BY id",
      id, mark[0][0].as<std::int64_t>());
  if (newer.empty()) return out;
  for (const auto& row : newer)
    if (row[1].as<std::string>() == "resident")
      out.messages.push_back({row[0].as<std::int64_t>(), row[2].as<std::string>()});
  tx.exec_params0("UPDATE handoffs SET relayed_through = $2 WHERE id = $1", id,
                  newer[newer.size() - 1][0].as<std::int64_t>());
  tx.commit();
  return out;
}

void give_back_unrelayed_messages(pqxx::connection_base& c, std::int64_t id, std::int64_t from) {
  pqxx::work tx(c);
  // Back to before `from` even when another caller took newer messages meanwhile: those then go
  // twice, rather than `from` never.
  tx.exec_params0(
      "UPDATE handoffs SET relayed_through = least(relayed_through, $2 - 1) WHERE id = $1", id,
      from);
  tx.commit();
}

std::optional<Handoff> find_handoff_by_external_ref(pqxx::connection_base& c,
                                                    const std::string& desk,
                                                    const std::string& ref) {
  pqxx::read_transaction tx(c);
  const auto rows = tx.exec_params(
      std::string("SELECT ") + kColumns + " FROM handoffs WHERE desk = $1 AND external_ref = $2",
      desk, ref);
  if (rows.empty()) return std::nullopt;
  return read_handoff(rows[0]);
}

std::int64_t add_external_handoff_message(pqxx::connection_base& c, std::int64_t id,
                                          const HandoffLine& line, const std::string& external_id) {
  pqxx::work tx(c);
  const auto open =
      tx.exec_params("SELECT 1 FROM handoffs WHERE id = $1 AND status <> 'closed' FOR UPDATE", id);
  if (open.empty()) return 0;
  const auto added = tx.exec_params(
      "INSERT INTO handoff_messages (handoff_id, sender, staff_name, text, external_id) "
      "VALUES ($1, $2, nullif($3, ''), $4, $5) ON CONFLICT DO NOTHING RETURNING id",
      id, line.sender, line.staff_name, line.text, external_id);
  if (added.empty()) return -1;
  announce(tx, id, "message");
  tx.commit();
  return added[0][0].as<std::int64_t>();
}

ChangedHandoff take_handoff(pqxx::connection_base& c, std::int64_t id, const std::string& agent) {
  pqxx::work tx(c);
  const auto rows = tx.exec_params(
      "UPDATE handoffs SET status = 'active', agent = $2, taken_at = now() "
      "WHERE id = $1 AND status IN ('waiting', 'callback')",
      id, agent);
  auto out = outcome_of(tx, id, rows, "taken");
  tx.commit();
  return out;
}

ChangedHandoff transfer_handoff(pqxx::connection_base& c, std::int64_t id, const std::string& to) {
  pqxx::work tx(c);
  const auto rows =
      tx.exec_params("UPDATE handoffs SET agent = $2 WHERE id = $1 AND status = 'active'", id, to);
  auto out = outcome_of(tx, id, rows, "transferred");
  tx.commit();
  return out;
}

bool is_handoff_agent(pqxx::connection_base& c, const std::string& name) {
  pqxx::work tx(c);
  return !tx.exec_params(
                "SELECT 1 FROM staff_tokens WHERE name = $1 AND revoked_at IS NULL AND "
                "role IN ('agent', 'admin') LIMIT 1",
                name)
              .empty();
}

std::vector<std::string> handoff_agents(pqxx::connection_base& c, std::size_t limit) {
  pqxx::work tx(c);
  std::vector<std::string> out;
  for (const auto& row :
       tx.exec_params("SELECT DISTINCT name FROM staff_tokens WHERE revoked_at IS NULL AND "
                      "role IN ('agent', 'admin') ORDER BY name LIMIT $1",
                      static_cast<long long>(limit)))
    out.push_back(row[0].as<std::string>());
  return out;
}

ChangedHandoff close_handoff(pqxx::connection_base& c, std::int64_t id,
                             const std::string& closed_by, const std::string& reason) {
  pqxx::work tx(c);
  const auto rows = tx.exec_params(
      "UPDATE handoffs SET status = 'closed', closed_at = now(), closed_by = $2, "
      "close_reason = $3 WHERE id = $1 AND status <> 'closed'",
      id, closed_by, reason);
  auto out = outcome_of(tx, id, rows, "closed");
  tx.commit();
  return out;
}

std::vector<Handoff> list_handoffs(pqxx::connection_base& c, const std::string& status,
                                   std::size_t limit) {
  pqxx::work tx(c);
  std::vector<Handoff> out;
  for (const auto& row : tx.exec_params(
           std::string("SELECT ") + kColumns +
               ", coalesce((SELECT left(text, 140) FROM handoff_messages m "
               "WHERE m.handoff_id = "
               "handoffs.id AND sender = 'resident' ORDER BY id DESC LIMIT 1), '')"
               " FROM handoffs WHERE CASE WHEN $1 = '' THEN status <> 'closed' ELSE status = $1 "
               "END ORDER BY status = 'waiting' AND urgent DESC, "
               "CASE WHEN status = 'closed' THEN -id ELSE id END LIMIT $2",
           status, static_cast<long long>(limit))) {
    out.push_back(read_handoff(row));
    out.back().preview = row[20].as<std::string>();
  }
  return out;
}

std::vector<HandoffMessage> handoff_messages(pqxx::connection_base& c, std::int64_t id,
                                             std::int64_t after, std::size_t limit,
                                             const std::string& reader) {
  pqxx::work tx(c);
  std::vector<HandoffMessage> out;
  for (const auto& row : tx.exec_params(
           "SELECT m.id, m.sender, coalesce(m.staff_name, ''), "
           "CASE WHEN h.status = 'active' AND h.agent = $4 THEN coalesce(m.unredacted, m.text) "
           "ELSE m.text END, "
           "to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') "
           "FROM handoff_messages m JOIN handoffs h ON h.id = m.handoff_id "
           "WHERE m.handoff_id = $1 AND m.id > $2 ORDER BY m.id LIMIT $3",
           id, after, static_cast<long long>(limit), reader))
    out.push_back({row[0].as<std::int64_t>(),
                   {row[1].as<std::string>(), row[3].as<std::string>(), row[2].as<std::string>()},
                   row[4].as<std::string>()});
  return out;
}

HandoffTranscript newest_handoff_lines(pqxx::connection_base& c, std::int64_t id,
                                       std::size_t count) {
  pqxx::work tx(c);
  HandoffTranscript out;
  for (const auto& row : tx.exec_params(
           "SELECT sender, coalesce(staff_name, ''), text, id FROM ("
           "SELECT id, sender, staff_name, text FROM handoff_messages WHERE handoff_id = $1 "
           "ORDER BY id DESC LIMIT $2) newest ORDER BY id",
           id, static_cast<long long>(count))) {
    out.lines.push_back(
        {row[0].as<std::string>(), row[2].as<std::string>(), row[1].as<std::string>()});
    out.through = row[3].as<std::int64_t>();
  }
  return out;
}

std::vector<Handoff> close_abandoned_handoffs(pqxx::connection_base& c, std::chrono::seconds idle) {
  pqxx::work tx(c);
  std::vector<Handoff> out;
  const auto ids = tx.exec_params(
      "UPDATE handoffs SET status = 'closed', closed_at = now(), closed_by = 'loket', "
      "close_reason = CASE WHEN status = 'waiting' THEN 'abandoned' ELSE 'resident left' END "
      "WHERE status IN ('waiting', 'active') AND resident_at < now() - make_interval(secs => $1) "
      "RETURNING id",
      static_cast<long long>(idle.count()));
  for (const auto& row : ids) {
    const auto id = row[0].as<std::int64_t>();
    if (auto h = select_handoff(tx, id)) out.push_back(std::move(*h));
    announce(tx, id, "closed");
  }
  tx.commit();
  return out;
}

std::size_t purge_handoffs(pqxx::connection_base& c, int days) {
  pqxx::nontransaction tx(c);
  return tx
      .exec_params0(
          "DELETE FROM handoffs WHERE (status = 'closed' AND closed_at < now() - "
          "make_interval(days => $1)) OR (status = 'callback' AND created_at < now() - "
          "make_interval(days => $1))",
          days)
      .affected_rows();
}

}  // namespace loket::db
