// Conversation state in PostgreSQL, read and written for many conversations at once (one round
// trip for all the turns under way), and swept when expired. The state is opaque text to this
// module. Blocking: call from a database thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace pqxx {
class connection_base;
}

namespace loket::db {

// In one statement: stores each (session, state) of `saves` (a session at most once), to expire
// `ttl` from now, and returns the unexpired states of `loads` by session (a session without one
// is left out). A session both saved and loaded reads the state it had before this call.
std::unordered_map<std::string, std::string> exchange_conversation_states(
    pqxx::connection_base& c, const std::vector<std::pair<std::string, std::string>>& saves,
    const std::vector<std::string>& loads, std::chrono::seconds ttl);

// Deletes the expired states; returns how many.
std::size_t purge_conversation_states(pqxx::connection_base& c);

}  // namespace loket::db
