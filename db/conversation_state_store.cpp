#include "db/conversation_state_store.h"

#include <pqxx/pqxx>

#include <random>
#include <stdexcept>
#include <string_view>

namespace loket::db {
namespace {

// The batch travels as arrays: sessions and states joined by the unit separator (0x1F), which
// no session (loket's or a channel's, sanitised) and no serialised JSON (it escapes control
// characters) contains, so nothing needs quoting; PostgreSQL splits them far cheaper than it
// parses the same rows as JSON. A save updates a row still at the version its turn read (or
// expired, which it read as none), or inserts one the turn read as none; a row another turn made
// meanwhile stops the insert (ON CONFLICT waits for that turn's statement, then does nothing), so
// of two concurrent saves exactly one is stored. An overwrite (read version < 0) is an upsert that
// always stores. The loads see the snapshot from before the saves; the caller never loads and
// saves one session in the same call.
constexpr const char* kExchange = R"sql(
WITH x AS MATERIALIZED (
  SELECT * FROM unnest(string_to_array($1, chr(31)), string_to_array($2, chr(31)),
                       $3::bigint[], $4::bigint[]) AS x(session, state, version, new_version)),
updated AS (
  UPDATE conversation_state s
  SET state = x.state, expires_at = now() + make_interval(secs => $5), version = x.new_version
  FROM x
  WHERE s.session = x.session AND x.version >= 0
    AND (s.version = x.version OR (x.version = 0 AND s.expires_at <= now()))
  RETURNING s.session),
inserted AS (
  INSERT INTO conversation_state (session, state, expires_at, version)
  SELECT session, state, now() + make_interval(secs => $5), new_version FROM x WHERE version = 0
  ON CONFLICT (session) DO NOTHING
  RETURNING session),
overwritten AS (
  INSERT INTO conversation_state AS s (session, state, expires_at, version)
  SELECT session, state, now() + make_interval(secs => $5), new_version FROM x WHERE version < 0
  ON CONFLICT (session) DO UPDATE SET state = excluded.state, expires_at = excluded.expires_at,
    version = excluded.version
  RETURNING s.session)
SELECT true, session, NULL::text, NULL::bigint FROM updated
UNION ALL
SELECT true, session, NULL::text, NULL::bigint FROM inserted
UNION ALL
SELECT true, session, NULL::text, NULL::bigint FROM overwritten
UNION ALL
SELECT false, session, state, version FROM conversation_state
WHERE session = ANY (string_to_array($6, chr(31))) AND expires_at > now())sql";

constexpr char kSeparator = '\x1f';

// `elements` as `project` sees them, joined by the separator. None may hold the separator or be
// empty (a lone empty one would split into no element at all): a broken invariant.
template <typename Range, typename Project>
std::string joined(const Range& elements, Project project) {
  std::string out;
  bool first = true;
  for (const auto& e : elements) {
    const std::string_view text = project(e);
    if (text.empty() || text.find(kSeparator) != std::string_view::npos)
      throw std::invalid_argument(
          "conversation state: an empty session or state, or one that "
          "holds the separator");
    if (!first) out.push_back(kSeparator);
    first = false;
    out.append(text);
  }
  return out;
}

// A bigint[] literal, for numbers only.
std::string number_array(const std::vector<std::int64_t>& numbers) {
  std::string out = "{";
  for (const auto n : numbers) {
    if (out.size() > 1) out.push_back(',');
    out.append(std::to_string(n));
  }
  out.push_back('}');
  return out;
}

// Versions are drawn at random rather than from a sequence (whose nextval cost PostgreSQL more
// than the update): 63 bits make a version that an old copy could match, after its row was
// erased and made again, as unlikely as guessing a session. Migration 022's sequence stays for
// instances of an older version during a rolling upgrade; versions are only ever compared for
// equality, so theirs and these mix.
std::int64_t new_version() {
  thread_local std::mt19937_64 random = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(),
                       device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  const auto v = static_cast<std::int64_t>(random() >> 1);
  return v > 0 ? v : 1;
}

constexpr const char* kPurge = "DELETE FROM conversation_state WHERE expires_at <= now()";

}  // namespace

ConversationStateExchange exchange_conversation_states(
    pqxx::connection_base& c, const std::vector<ConversationStateSave>& saves,
    const std::vector<std::string>& loads, std::chrono::seconds ttl) {
  ConversationStateExchange out;
  if (saves.empty() && loads.empty()) return out;
  const std::string sessions =
      joined(saves, [](const ConversationStateSave& s) -> std::string_view { return s.session; });
  const std::string states =
      joined(saves, [](const ConversationStateSave& s) -> std::string_view { return s.state; });
  const std::string loaded =
      joined(loads, [](const std::string& session) -> std::string_view { return session; });
  std::vector<std::int64_t> read_versions, versions;
  read_versions.reserve(saves.size());
  versions.reserve(saves.size());
  for (const auto& s : saves) {
    read_versions.push_back(s.read_version);
    versions.push_back(new_version());
  }
  // Prepared (once per connection: the same definition again is no change), and one statement in
  // autocommit, without a BEGIN and COMMIT round trip each: this runs for every chat turn.
  c.prepare("exchange_conversation_states", kExchange);
  pqxx::nontransaction tx(c);
  std::unordered_map<std::string_view, std::int64_t> version_of;
  for (std::size_t i = 0; i < saves.size(); ++i) version_of.emplace(saves[i].session, versions[i]);
  for (const auto& row : tx.exec_prepared("exchange_conversation_states", sessions, states,
                                          number_array(read_versions), number_array(versions),
                                          static_cast<long long>(ttl.count()), loaded)) {
    auto session = row[1].as<std::string>();
    if (row[0].as<bool>()) {
      const auto version = version_of.at(session);
      out.stored.emplace(std::move(session), version);
    } else {
      out.loaded.emplace(std::move(session), StoredConversationState{row[2].as<std::string>(),
                                                                     row[3].as<std::int64_t>()});
    }
  }
  return out;
}

std::size_t purge_conversation_states(pqxx::connection_base& c) {
  pqxx::nontransaction tx(c);
  return tx.exec0(kPurge).affected_rows();
}

}  // namespace loket::db
