// The web chat's mailbox in PostgreSQL: frames for a chat session (alerts) that every instance
// can show, kept until the retention ends. Blocking: call from a database thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace pqxx {
class connection_base;
}

namespace loket::db {

inline constexpr const char* kChatMailboxChannel = "loket_chat";  // NOTIFY payload: the session

struct MailboxEntry {
  std::int64_t id = 0;  // increasing per mailbox: what a chat has seen is the last id it showed
  std::string frame;    // the JSON the chat shows
};

// Adds `frame` for `session` (nothing when `delivery_id` added one before) and NOTIFYs
// kChatMailboxChannel in the same transaction.
void post_to_chat_mailbox(pqxx::connection_base& c, const std::string& session,
                          std::int64_t delivery_id, const std::string& frame);

// Adds `frames` for `session` in this order (a conversation's activities, not deliveries) and
// NOTIFYs; returns their ids.
std::vector<std::int64_t> append_to_chat_mailbox(pqxx::connection_base& c,
                                                 const std::string& session,
                                                 const std::vector<std::string>& frames);

// The session's entries after `after`, oldest first, at most `limit`; with `unshown_only`, only
// those never pushed to an open chat (for a chat that does not say what it has seen).
std::vector<MailboxEntry> chat_mailbox_after(pqxx::connection_base& c, const std::string& session,
                                             std::int64_t after, bool unshown_only,
                                             std::size_t limit);

void mark_chat_mailbox_shown(pqxx::connection_base& c, const std::vector<std::int64_t>& ids);

// Deletes alerts older than `days` and a conversation's own activities (Direct Line: they hold
// the resident's words unredacted) older than `conversation_ttl`; returns how many.
std::size_t purge_chat_mailbox(pqxx::connection_base& c, int days,
                               std::chrono::seconds conversation_ttl);

}  // namespace loket::db
