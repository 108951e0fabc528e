#include "db/inbound_store.h"

#include <boost/json.hpp>
#include <pqxx/pqxx>

#include "db/notification_store.h"

namespace loket::db {

namespace {

constexpr const char* kAcceptInbound = R"sql(
WITH fresh AS (
  INSERT INTO inbound_messages (channel, message_id, payload) VALUES ($1, $2, $4)
  ON CONFLICT DO NOTHING RETURNING 1),
touched AS (
  UPDATE contacts SET last_inbound_at = now()
  WHERE channel = $1 AND address = $3 AND EXISTS (SELECT 1 FROM fresh))
SELECT count(*) FROM fresh)sql";

constexpr const char* kAnswered = R"sql(
UPDATE inbound_messages SET payload = NULL WHERE channel = $1 AND message_id = $2)sql";

constexpr const char* kUntake = R"sql(
UPDATE inbound_messages SET attempts = greatest(attempts - 1, 1)
WHERE channel = $1 AND message_id = $2 AND payload IS NOT NULL)sql";

constexpr const char* kSave = R"sql(
UPDATE inbound_messages SET payload = $3
WHERE channel = $1 AND message_id = $2 AND payload IS NOT NULL)sql";

constexpr const char* kRenew = R"sql(
UPDATE inbound_messages m SET taken_at = now()
FROM jsonb_to_recordset($1::jsonb) AS h(channel text, id text)
WHERE m.channel = h.channel AND m.message_id = h.id AND m.payload IS NOT NULL)sql";

constexpr const char* kGiveUp = R"sql(
UPDATE inbound_messages SET payload = NULL
WHERE payload IS NOT NULL AND attempts >= $2 AND taken_at < now() - make_interval(secs => $1))sql";

constexpr const char* kTakeUnanswered = R"sql(
UPDATE inbound_messages m SET attempts = m.attempts + 1, taken_at = now()
FROM (SELECT channel, message_id FROM inbound_messages
      WHERE payload IS NOT NULL AND taken_at < now() - make_interval(secs => $1)
      ORDER BY taken_at LIMIT $2
      FOR UPDATE SKIP LOCKED) due
WHERE m.channel = due.channel AND m.message_id = due.message_id
RETURNING m.payload)sql";

constexpr const char* kRegister = R"sql(
INSERT INTO contacts (channel, address, lang, last_inbound_at) VALUES ($1, $2, $3, now())
ON CONFLICT (channel, address) DO UPDATE SET active = true, last_inbound_at = now())sql";

constexpr const char* kPublicAccount = R"sql(
WITH account AS (
  INSERT INTO contacts (channel, address, lang, broadcast) VALUES ($1, $4, $2, true)
  ON CONFLICT (channel, address) DO UPDATE SET lang = EXCLUDED.lang, broadcast = true, active = true
  RETURNING id),
dropped AS (
  DELETE FROM subscriptions s USING account a
  WHERE s.contact_id = a.id AND NOT (s.topic = ANY (ARRAY(SELECT jsonb_array_elements_text($3::jsonb)))))
INSERT INTO subscriptions (contact_id, topic)
SELECT a.id, t FROM account a, jsonb_array_elements_text($3::jsonb) AS t
ON CONFLICT DO NOTHING)sql";

constexpr const char* kPublicAccounts = R"sql(
SELECT id FROM contacts WHERE channel = $1 AND broadcast)sql";

constexpr const char* kPurge = R"sql(
DELETE FROM inbound_messages WHERE received_at < now() - make_interval(days => $1))sql";

}  // namespace

bool accept_inbound(pqxx::connection_base& c, const std::string& channel,
                    const std::string& message_id, const std::string& address,
                    const std::string& payload) {
  pqxx::work tx(c);
  const bool fresh =
      tx.exec_params1(kAcceptInbound, channel, message_id, address, payload)[0].as<long>() > 0;
  tx.commit();
  return fresh;
}

void renew_inbound(pqxx::connection_base& c,
                   const std::vector<std::pair<std::string, std::string>>& held) {
  if (held.empty()) return;
  boost::json::array rows;
  for (const auto& [channel, id] : held)
    rows.push_back(boost::json::object{{"channel", channel}, {"id", id}});
  pqxx::work tx(c);
  tx.exec_params(kRenew, boost::json::serialize(rows));
  tx.commit();
}

void untake_inbound(pqxx::connection_base& c, const std::string& channel,
                    const std::string& message_id) {
  pqxx::work tx(c);
  tx.exec_params(kUntake, channel, message_id);
  tx.commit();
}

void save_inbound(pqxx::connection_base& c, const std::string& channel,
                  const std::string& message_id, const std::string& payload) {
  pqxx::work tx(c);
  tx.exec_params(kSave, channel, message_id, payload);
  tx.commit();
}

void answered_inbound(pqxx::connection_base& c, const std::string& channel,
                      const std::string& message_id) {
  pqxx::work tx(c);
  tx.exec_params(kAnswered, channel, message_id);
  tx.commit();
}

std::vector<std::string> take_unanswered(pqxx::connection_base& c, int stale_seconds,
                                         int max_attempts, std::size_t limit,
                                         std::size_t& given_up) {
  pqxx::work tx(c);
  given_up = tx.exec_params(kGiveUp, stale_seconds, max_attempts).affected_rows();
  std::vector<std::string> out;
  for (const auto& row :
       tx.exec_params(kTakeUnanswered, stale_seconds, static_cast<std::int64_t>(limit)))
    out.push_back(row[0].as<std::string>());
  tx.commit();
  return out;
}

void register_contact(pqxx::connection_base& c, const std::string& channel,
                      const std::string& address, const std::string& lang) {
  pqxx::work tx(c);
  tx.exec_params(kRegister, channel, address, lang);
  tx.commit();
}

void set_public_account(pqxx::connection_base& c, const std::string& channel,
                        const std::string& address, const std::string& lang,
                        const std::vector<std::string>& topics) {
  pqxx::work tx(c);
  if (topics.empty()) {
    for (const auto& row : tx.exec_params(kPublicAccounts, channel))
      delete_contact(tx, row[0].as<std::int64_t>());
  } else {
    boost::json::array list;
    for (const auto& t : topics) list.emplace_back(t);
    tx.exec_params(kPublicAccount, channel, lang, boost::json::serialize(list), address);
  }
  tx.commit();
}

std::size_t purge_inbound(pqxx::connection_base& c, int days) {
  pqxx::work tx(c);
  auto result = tx.exec_params(kPurge, days);
  tx.commit();
  return result.affected_rows();
}

}  // namespace loket::db
