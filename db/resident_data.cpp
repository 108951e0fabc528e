#include "db/resident_data.h"

#include <pqxx/pqxx>

namespace loket::db {
namespace {

// $1 channel, $2 address, $3 session, $4 conversation log key.
constexpr const char* kResidentData = R"sql(
WITH contact AS (SELECT * FROM contacts WHERE channel = $1 AND address = $2)
SELECT jsonb_build_object(
  'contact', (SELECT to_jsonb(x) FROM (
      SELECT c.id, c.channel, c.address, c.lang, c.postcode, c.lat, c.lon, c.quiet_start,
             c.quiet_end, c.consent_at, c.active, c.broadcast, c.created_at, c.last_inbound_at,
             (SELECT COALESCE(jsonb_agg(s.topic ORDER BY s.topic), '[]') FROM subscriptions s
              WHERE s.contact_id = c.id) AS topics
      FROM contact c) x),
  'deliveries', (SELECT COALESCE(jsonb_agg(x ORDER BY x.id), '[]') FROM (
      SELECT d.id, d.notification_id, n.topic, d.status, d.attempts, d.sent_at, d.last_error
      FROM deliveries d JOIN notifications n ON n.id = d.notification_id
      WHERE d.contact_id IN (SELECT id FROM contact)) x),
  'conversation_log', (SELECT COALESCE(jsonb_agg(x ORDER BY x.at, x.id), '[]') FROM (
      SELECT id, at, channel, lang, intent, text_redacted AS text FROM conversation_log
      WHERE session_key = $4) x),
  'feedback', (SELECT COALESCE(jsonb_agg(x ORDER BY x.at), '[]') FROM (
      SELECT at, intent, lang, helpful, comment_redacted AS comment FROM answer_feedback
      WHERE session = $3) x),
  'handoffs', (SELECT COALESCE(jsonb_agg(x ORDER BY x.id), '[]') FROM (
      SELECT h.id, h.channel, h.lang, h.status, h.agent, h.question, h.contact, h.created_at,
             h.closed_at, h.close_reason,
             (SELECT COALESCE(jsonb_agg(jsonb_build_object('from', m.sender, 'name', m.staff_name,
                                                           'text', m.text,
                                                           'as_written', m.unredacted,
                                                           'at', m.created_at)
                                        ORDER BY m.id), '[]')
              FROM handoff_messages m WHERE m.handoff_id = h.id) AS messages
      FROM handoffs h WHERE h.session = $3) x),
  'chat_mailbox', (SELECT COALESCE(jsonb_agg(x ORDER BY x.id), '[]') FROM (
      SELECT id, created_at, shown_at, frame FROM chat_mailbox WHERE session = $3) x),
  'unanswered_messages', (SELECT COALESCE(jsonb_agg(x ORDER BY x.received_at), '[]') FROM (
      SELECT channel, message_id, received_at, payload FROM inbound_messages
      WHERE channel = $1 AND payload IS NOT NULL
        AND payload::jsonb ->> 'address' = $2) x),
  'conversation_state', EXISTS (SELECT 1 FROM conversation_state WHERE session = $3)
)::text)sql";

template <typename... Params>
long long deleted(pqxx::transaction_base& tx, const std::string& sql, const Params&... params) {
  return static_cast<long long>(tx.exec_params(sql, params...).affected_rows());
}

}  // namespace

std::string resident_data_json(pqxx::connection_base& c, const ResidentKeys& who) {
  pqxx::read_transaction tx(c);
  return tx.exec_params1(kResidentData, who.channel, who.address, who.session, who.log_key)[0]
      .as<std::string>();
}

std::map<std::string, long long> erase_resident(pqxx::connection_base& c, const ResidentKeys& who) {
  pqxx::work tx(c);
  std::map<std::string, long long> out;
  out["deliveries"] = deleted(tx,
                              "DELETE FROM deliveries WHERE contact_id IN "
                              "(SELECT id FROM contacts WHERE channel = $1 AND address = $2)",
                              who.channel, who.address);
  out["contact"] = deleted(tx, "DELETE FROM contacts WHERE channel = $1 AND address = $2",
                           who.channel, who.address);
  out["conversation_log"] =
      deleted(tx, "DELETE FROM conversation_log WHERE session_key = $1", who.log_key);
  for (const auto& [kind, table] :
       {std::pair{"feedback", "answer_feedback"}, std::pair{"handoffs", "handoffs"},
        std::pair{"chat_mailbox", "chat_mailbox"},
        std::pair{"conversation_state", "conversation_state"}})
    out[kind] =
        deleted(tx, std::string("DELETE FROM ") + table + " WHERE session = $1", who.session);
  out["unanswered_messages"] = deleted(tx,
                                       "DELETE FROM inbound_messages WHERE channel = $1 AND "
                                       "payload IS NOT NULL AND payload::jsonb ->> 'address' = $2",
                                       who.channel, who.address);
  tx.commit();
  return out;
}

std::map<std::string, long long> purge_expired_personal_data(pqxx::connection_base& c,
                                                             int contact_days, int delivery_days,
                                                             int audit_days) {
  pqxx::work tx(c);
  std::map<std::string, long long> out;
  out["contacts"] = deleted(
      tx,
      "DELETE FROM contacts c WHERE (NOT c.active OR NOT EXISTS (SELECT 1 FROM subscriptions s "
      "WHERE s.contact_id = c.id)) AND greatest(c.created_at, c.last_inbound_at) < now() - "
      "make_interval(days => $1) AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.contact_id = "
      "c.id AND d.status = 'pending')",
      contact_days);
  out["deliveries"] = deleted(tx,
                              "DELETE FROM deliveries WHERE status <> 'pending' AND "
                              "coalesce(sent_at, next_attempt_at) < now() - "
                              "make_interval(days => $1)",
                              delivery_days);
  out["audit_log"] =
      deleted(tx, "DELETE FROM audit_log WHERE at < now() - make_interval(days => $1)", audit_days);
  tx.commit();
  return out;
}

}  // namespace loket::db
