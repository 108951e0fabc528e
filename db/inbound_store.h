// What loket remembers of messages residents send on the messaging channels: which platform
// message ids it has taken (so a platform's redelivery is answered once, across instances), the
// message itself until it is answered (so an instance that dies after acknowledging the platform
// loses nothing), when each resident last wrote (Meta's 24-hour window) and who started talking
// (Telegram /start). Blocking: call from a database thread (Database::submit), never from an I/O
// thread.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace pqxx {
class connection_base;
}

namespace loket::db {

// Keeps `payload` (the message) until answered_inbound(); true the first time (channel,
// message_id) is seen, false for a redelivery. Also notes that the contact at `address`, if
// there is one, wrote just now.
bool accept_inbound(pqxx::connection_base& c, const std::string& channel,
                    const std::string& message_id, const std::string& address,
                    const std::string& payload);

// This instance is still answering these messages (channel, id): their hold (taken_at) starts
// again.
void renew_inbound(pqxx::connection_base& c,
                   const std::vector<std::pair<std::string, std::string>>& held);

// take_unanswered() took it, but it could not be tried now: the attempt does not count.
void untake_inbound(pqxx::connection_base& c, const std::string& channel,
                    const std::string& message_id);

// Replaces the kept message (with its answer, once made), while it is unanswered.
void save_inbound(pqxx::connection_base& c, const std::string& channel,
                  const std::string& message_id, const std::string& payload);

// The message is answered (or can never be): its text is dropped.
void answered_inbound(pqxx::connection_base& c, const std::string& channel,
                      const std::string& message_id);

// Messages taken more than `stale_seconds` ago and still unanswered (their instance died, or the
// platform kept failing): taken again by the caller, at most `limit`. Those taken `max_attempts`
// times are given up (text dropped) and counted in `given_up`.
std::vector<std::string> take_unanswered(pqxx::connection_base& c, int stale_seconds,
                                         int max_attempts, std::size_t limit,
                                         std::size_t& given_up);

// Makes (or reactivates) the contact a resident's "start" creates, with no topics yet.
void register_contact(pqxx::connection_base& c, const std::string& channel,
                      const std::string& address, const std::string& lang);

// The public account on `channel` (at `address`): made a broadcast contact subscribed to
// exactly `topics`, or removed when there are none.
void set_public_account(pqxx::connection_base& c, const std::string& channel,
                        const std::string& address, const std::string& lang,
                        const std::vector<std::string>& topics);

// Forgets handled message ids older than `days`; returns how many.
std::size_t purge_inbound(pqxx::connection_base& c, int days);

}  // namespace loket::db
