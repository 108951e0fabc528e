// A resident's rights (GDPR articles 15 and 17): everything loket holds about one person, found by
// the channel and address they are known by, and erasing it everywhere in one transaction
// (docs/privacy.md). Blocking: call from a database thread.
#pragma once

#include <map>
#include <string>

namespace pqxx {
class connection_base;
}

namespace loket::db {

// Who: the contact's channel and address (the web chat: "websocket" and the chat session), the
// session their conversations ran under, and the conversation log's key for it.
struct ResidentKeys {
  std::string channel, address, session, log_key;
};

// One JSON object: contact (with topics) or null, deliveries, conversation_log, feedback,
// handoffs (with their messages), chat_mailbox, unanswered_messages, conversation_state.
std::string resident_data_json(pqxx::connection_base& c, const ResidentKeys& who);

// Deletes all of it; returns the rows deleted per kind (the same names as above).
std::map<std::string, long long> erase_resident(pqxx::connection_base& c, const ResidentKeys& who);

// Retention: deletes contacts with nothing to receive (no subscription, or gone at the platform)
// that sent nothing for `contact_days`, deliveries settled more than `delivery_days` ago, and
// audit entries older than `audit_days`. Returns the rows deleted per kind.
std::map<std::string, long long> purge_expired_personal_data(pqxx::connection_base& c,
                                                             int contact_days, int delivery_days,
                                                             int audit_days);

}  // namespace loket::db
