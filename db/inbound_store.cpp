#include "db/inbound_store.h"

#include <boost/json.hpp>
#include <pqxx/pqxx>

namespace loket::db {

namespace {

constexpr const char* kNoteInbound = R"sql(
WITH fresh AS (
  INSERT INTO inbound_messages (channel, message_id) VALUES ($1, $2)
  ON CONFLICT DO NOTHING RETURNING 1),
touched AS (
  UPDATE contacts SET last_inbound_at = now()
  WHERE channel = $1 AND address = $3 AND EXISTS (SELECT 1 FROM fresh))
SELECT count(*) FROM fresh)sql";

constexpr const char* kRegister = R"sql(
INSERT INTO contacts (channel, address, lang, last_inbound_at) VALUES ($1, $2, $3, now())
ON CONFLICT (channel, address) DO UPDATE SET active = true, last_inbound_at = now())sql";

constexpr const char* kPublicAccount = R"sql(
WITH account AS (
  INSERT INTO contacts (channel, address, lang, broadcast) VALUES ($1, 'public', $2, true)
  ON CONFLICT (channel, address) DO UPDATE SET lang = EXCLUDED.lang, broadcast = true, active = true
  RETURNING id),
dropped AS (
  DELETE FROM subscriptions s USING account a
  WHERE s.contact_id = a.id AND NOT (s.topic = ANY (ARRAY(SELECT jsonb_array_elements_text($3::jsonb)))))
INSERT INTO subscriptions (contact_id, topic)
SELECT a.id, t FROM account a, jsonb_array_elements_text($3::jsonb) AS t
ON CONFLICT DO NOTHING)sql";

constexpr const char* kDropPublicAccount = R"sql(
DELETE FROM contacts WHERE channel = $1 AND address = 'public' AND broadcast)sql";

constexpr const char* kPurge = R"sql(
DELETE FROM inbound_messages WHERE received_at < now() - make_interval(days => $1))sql";

}  // namespace

bool note_inbound(pqxx::connection_base& c, const std::string& channel, const std::string& message_id,
                  const std::string& address) {
  pqxx::work tx(c);
  const bool fresh = tx.exec_params1(kNoteInbound, channel, message_id, address)[0].as<long>() > 0;
  tx.commit();
  return fresh;
}

void register_contact(pqxx::connection_base& c, const std::string& channel, const std::string& address,
                      const std::string& lang) {
  pqxx::work tx(c);
  tx.exec_params(kRegister, channel, address, lang);
  tx.commit();
}

void set_public_account(pqxx::connection_base& c, const std::string& channel, const std::string& lang,
                        const std::vector<std::string>& topics) {
  pqxx::work tx(c);
  if (topics.empty()) {
    tx.exec_params(kDropPublicAccount, channel);
  } else {
    boost::json::array list;
    for (const auto& t : topics) list.emplace_back(t);
    tx.exec_params(kPublicAccount, channel, lang, boost::json::serialize(list));
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
