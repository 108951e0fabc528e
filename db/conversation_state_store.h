// Conversation state in PostgreSQL, read and written for many conversations at once (one round
// trip for all the turns under way), and swept when expired. The state is opaque text to this
// module; each save gets a new version, so a turn never overwrites a turn it did not see.
// Blocking: call from a database thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace pqxx {
class connection_base;
}

namespace loket::db {

// The version read when a conversation has no (unexpired) state.
inline constexpr std::int64_t kNoConversationState = 0;
// A save's read version that stores whatever the conversation holds now.
inline constexpr std::int64_t kOverwriteConversationState = -1;

struct StoredConversationState {
  std::string state;
  std::int64_t version = kNoConversationState;
};

struct ConversationStateSave {
  std::string session, state;
  std::int64_t read_version = kNoConversationState;  // what the turn read, or overwrite
};

struct ConversationStateExchange {
  // The loaded sessions that have an unexpired state.
  std::unordered_map<std::string, StoredConversationState> loaded;
  // The saves stored, with their new version; a save left out found another version than the
  // one it read (another turn saved first).
  std::unordered_map<std::string, std::int64_t> stored;
};

// In one statement: stores each of `saves` (a session at most once; to expire `ttl` from now)
// whose conversation is still at the version it read, and reads the unexpired states of `loads`
// (none of them saved in the same call).
ConversationStateExchange exchange_conversation_states(
    pqxx::connection_base& c, const std::vector<ConversationStateSave>& saves,
    const std::vector<std::string>& loads, std::chrono::seconds ttl);

// Deletes the expired states; returns how many.
std::size_t purge_conversation_states(pqxx::connection_base& c);

}  // namespace loket::db
