#include "db/conversation_state_store.h"

#include <boost/json.hpp>
#include <pqxx/pqxx>

namespace loket::db {
namespace {

namespace json = boost::json;

// json, not jsonb: jsonb refuses "\u0000", which a resident's text may contain. The insert runs
// to completion whether or not the select refers to it; both see the snapshot from before it.
constexpr const char* kExchange = R"sql(
WITH saved AS (
  INSERT INTO conversation_state (session, state, expires_at)
  SELECT session, state, now() + make_interval(secs => $3)
  FROM json_to_recordset($1::json) AS x(session text, state text)
  ON CONFLICT (session) DO UPDATE SET state = excluded.state, expires_at = excluded.expires_at)
SELECT session, state FROM conversation_state
WHERE session = ANY (ARRAY(SELECT json_array_elements_text($2::json))) AND expires_at > now())sql";

constexpr const char* kPurge = "DELETE FROM conversation_state WHERE expires_at <= now()";

}  // namespace

std::unordered_map<std::string, std::string> exchange_conversation_states(
    pqxx::connection_base& c, const std::vector<std::pair<std::string, std::string>>& saves,
    const std::vector<std::string>& loads, std::chrono::seconds ttl) {
  std::unordered_map<std::string, std::string> out;
  if (saves.empty() && loads.empty()) return out;
  json::array rows;
  rows.reserve(saves.size());
  for (const auto& [session, state] : saves)
    rows.push_back(json::object{{"session", session}, {"state", state}});
  json::array ids(loads.begin(), loads.end());
  // Prepared (once per connection: the same definition again is no change), and one statement in
  // autocommit, without a BEGIN and COMMIT round trip each: this runs for every chat turn.
  c.prepare("exchange_conversation_states", kExchange);
  pqxx::nontransaction tx(c);
  for (const auto& row :
       tx.exec_prepared("exchange_conversation_states", json::serialize(rows), json::serialize(ids),
                        static_cast<long long>(ttl.count())))
    out.emplace(row[0].as<std::string>(), row[1].as<std::string>());
  return out;
}

std::size_t purge_conversation_states(pqxx::connection_base& c) {
  pqxx::nontransaction tx(c);
  return tx.exec0(kPurge).affected_rows();
}

}  // namespace loket::db
