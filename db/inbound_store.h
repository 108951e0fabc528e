// What loket remembers of messages residents send on the messaging channels: which platform
// message ids it has handled (so a platform's redelivery is answered once, across instances),
// when each resident last wrote (Meta's 24-hour window) and who started talking (Telegram
// /start). Blocking: call from a database thread (Database::submit), never from an I/O thread.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace pqxx {
class connection_base;
}

namespace loket::db {

// True the first time (channel, message_id) is seen; also notes that the contact at `address`,
// if there is one, wrote just now.
bool note_inbound(pqxx::connection_base& c, const std::string& channel, const std::string& message_id,
                  const std::string& address);

// Makes (or reactivates) the contact a resident's "start" creates, with no topics yet.
void register_contact(pqxx::connection_base& c, const std::string& channel, const std::string& address,
                      const std::string& lang);

// The public account on `channel` (address "public"): made a broadcast contact subscribed to
// exactly `topics`, or removed when there are none.
void set_public_account(pqxx::connection_base& c, const std::string& channel, const std::string& lang,
                        const std::vector<std::string>& topics);

// Forgets handled message ids older than `days`; returns how many.
std::size_t purge_inbound(pqxx::connection_base& c, int days);

}  // namespace loket::db
