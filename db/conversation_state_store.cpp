#include "db/conversation_state_store.h"

#include <boost/json.hpp>
#include <pqxx/pqxx>

namespace loket::db {
namespace {

namespace json = boost::json;

// json, not jsonb: jsonb refuses "\u0000", which a resident's text may contain. A save updates a
// row still at the version its turn read (or expired, which it read as none), or inserts one the
// turn read as none; a row another turn made meanwhile stops the insert (ON CONFLICT waits for
// that turn's statement, then does nothing), so of two concurrent saves exactly one is stored.
// An overwrite (version < 0) is an upsert that always stores. The loads see the snapshot from
// before the saves; the caller never loads and saves one session in the same call.
constexpr const char* kExchange = R"sql(
WITH x AS MATERIALIZED (
  SELECT session, state, version FROM json_to_recordset($1::json)
    AS x(session text, state text, version bigint)),
updated AS (
  UPDATE conversation_state s
  SET state = x.state, expires_at = now() + make_interval(secs => $3),
      version = nextval('conversation_state_versions')
  FROM x
  WHERE s.session = x.session AND x.version >= 0
    AND (s.version = x.version OR (x.version = 0 AND s.expires_at <= now()))
  RETURNING s.session, s.version),
inserted AS (
  INSERT INTO conversation_state (session, state, expires_at, version)
  SELECT session, state, now() + make_interval(secs => $3), nextval('conversation_state_versions')
  FROM x WHERE version = 0
  ON CONFLICT (session) DO NOTHING
  RETURNING session, version),
overwritten AS (
  INSERT INTO conversation_state AS s (session, state, expires_at, version)
  SELECT session, state, now() + make_interval(secs => $3), nextval('conversation_state_versions')
  FROM x WHERE version < 0
  ON CONFLICT (session) DO UPDATE SET state = excluded.state, expires_at = excluded.expires_at,
    version = excluded.version
  RETURNING s.session, s.version)
SELECT true, session, NULL, version FROM updated
UNION ALL
SELECT true, session, NULL, version FROM inserted
UNION ALL
SELECT true, session, NULL, version FROM overwritten
UNION ALL
SELECT false, session, state, version FROM conversation_state
WHERE session = ANY (ARRAY(SELECT json_array_elements_text($2::json))) AND expires_at > now())sql";

constexpr const char* kPurge = "DELETE FROM conversation_state WHERE expires_at <= now()";

}  // namespace

ConversationStateExchange exchange_conversation_states(
    pqxx::connection_base& c, const std::vector<ConversationStateSave>& saves,
    const std::vector<std::string>& loads, std::chrono::seconds ttl) {
  ConversationStateExchange out;
  if (saves.empty() && loads.empty()) return out;
  json::array rows;
  rows.reserve(saves.size());
  for (const auto& s : saves)
    rows.push_back(
        json::object{{"session", s.session}, {"state", s.state}, {"version", s.read_version}});
  json::array ids(loads.begin(), loads.end());
  // Prepared (once per connection: the same definition again is no change), and one statement in
  // autocommit, without a BEGIN and COMMIT round trip each: this runs for every chat turn.
  c.prepare("exchange_conversation_states", kExchange);
  pqxx::nontransaction tx(c);
  for (const auto& row :
       tx.exec_prepared("exchange_conversation_states", json::serialize(rows), json::serialize(ids),
                        static_cast<long long>(ttl.count()))) {
    auto session = row[1].as<std::string>();
    const auto version = row[3].as<std::int64_t>();
    if (row[0].as<bool>())
      out.stored.emplace(std::move(session), version);
    else
      out.loaded.emplace(std::move(session),
                         StoredConversationState{row[2].as<std::string>(), version});
  }
  return out;
}

std::size_t purge_conversation_states(pqxx::connection_base& c) {
  pqxx::nontransaction tx(c);
  return tx.exec0(kPurge).affected_rows();
}

}  // namespace loket::db
