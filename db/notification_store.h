// The notification queue in PostgreSQL: contacts and their subscriptions, notifications, and the
// deliveries that fan out from them (set-based SQL). Dispatchers lock a batch with
// FOR UPDATE SKIP LOCKED in a transaction they keep open while sending and close with the
// outcomes: if a dispatcher dies, its transaction rolls back and the batch is due again (at least
// once; nothing is lost), but for the sends it journaled as they completed. Every statement is
// named here.
// Blocking: call from a database thread (Database::submit), never from an I/O thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "db/public_alerts.h"

namespace pqxx {
class connection_base;
class transaction_base;
}  // namespace pqxx

namespace loket::db {

inline constexpr const char* kDeliveryChannel = "loket_deliveries";  // LISTEN/NOTIFY

struct NewContact {
  std::string channel;
  std::string address;
  std::string lang;
  std::optional<std::string> postcode;  // normalised, 9701AB
  std::optional<double> lat, lon;
  std::optional<int> quiet_start, quiet_end;  // minutes after local midnight
  std::vector<std::string> topics;
  std::optional<std::string> channel_data;  // what the channel needs besides the address
};

// Inserts, or updates the contact with the same channel and address (its topics replaced).
std::int64_t upsert_contact(pqxx::connection_base& c, const NewContact& contact);
// Many contacts in one transaction; returns how many were stored.
std::size_t import_contacts(pqxx::connection_base& c, const std::vector<NewContact>& contacts);
// Removes the contact, its subscriptions and its pending deliveries; its past deliveries stay
// on record without it. False if unknown.
bool delete_contact(pqxx::connection_base& c, std::int64_t id);
// The same inside the caller's transaction.
bool delete_contact(pqxx::transaction_base& tx, std::int64_t id);

// A resident managing their own subscriptions (from the chat): the contact is found or made by
// channel and address. Each returns the contact's topics afterwards. `location`: where the
// postcode lies, so that an alert for a circle on the map reaches them (a new postcode replaces
// the place with its own, or with none; the same postcode keeps a place staff stored).
std::vector<std::string> subscribe(pqxx::connection_base& c, const std::string& channel,
                                   const std::string& address, const std::string& lang,
                                   const std::optional<std::string>& postcode,
                                   const std::string& topic,
                                   const std::optional<Location>& location = std::nullopt);
// `topic` empty: all. Pending deliveries of the dropped topics are cancelled: "stop" means stop.
// A contact left with no subscription is deleted (its address, language and postcode with it).
std::vector<std::string> unsubscribe(pqxx::connection_base& c, const std::string& channel,
                                     const std::string& address, const std::string& topic);
std::vector<std::string> subscriptions(pqxx::connection_base& c, const std::string& channel,
                                       const std::string& address);

// Contacts with a postcode and no place (subscribed before places were kept, or made without
// one) are given the place `locate` finds for their postcode, so that an alert for a circle on
// the map reaches them; a postcode it does not know stays without. Returns how many were placed.
std::size_t place_contacts(
    pqxx::connection_base& c,
    const std::function<std::optional<Location>(const std::string& postcode)>& locate);

// The resident is reachable again (opened the chat): their waiting deliveries are due now.
// Returns how many; the caller need not NOTIFY, this does.
std::int64_t wake_contact(pqxx::connection_base& c, const std::string& channel,
                          const std::string& address);

// Pending deliveries, and how many of them are due now: {pending, due}.
std::pair<std::int64_t, std::int64_t> queue_depth(pqxx::connection_base& c);

struct Area {
  std::vector<std::string> postcodes;          // normalised
  std::vector<std::string> postcode_prefixes;  // "97", "9701"
  std::optional<double> lat, lon, radius_m;
  bool whole_municipality() const { return postcodes.empty() && postcode_prefixes.empty() && !lat; }
};

struct NewNotification {
  std::string topic;
  Area area;
  std::string texts_json;  // {"nl": "...", ...}
  std::string default_lang;
  std::optional<std::string> send_at, expires_at;  // ISO 8601
  bool urgent = false;
  std::string created_by;
  std::optional<std::string> idempotency_key;
};

struct CreatedNotification {
  std::int64_t id = 0;
  std::int64_t recipients = 0;
  bool existing = false;  // the idempotency key matched an earlier request
  // Set when nothing was stored or sent: why (it expires before it could be sent; its key made
  // a different notification).
  std::string refused;
  // Set when the fan-out stopped after its first chunk (recipients counts what was made); a
  // dispatcher's sweep finishes it.
  std::string fan_out_error;
};

// Stores the notification, then fans it out to the subscribed contacts in its area, a chunk of
// contacts per transaction, waking the dispatchers after each; returns when all are made.
CreatedNotification create_notification(pqxx::connection_base& c, const NewNotification& n);

// Makes the deliveries of notification `id` that its fan-out has not made yet (none once done);
// returns its number of recipients.
std::int64_t fan_out(pqxx::connection_base& c, std::int64_t id);

// Finishes fan-outs started more than `older_than` ago and not finished (their instance stopped
// half-way); returns how many it took up.
std::size_t finish_fan_outs(pqxx::connection_base& c, std::chrono::seconds older_than);

struct NotificationStatus {
  bool found = false;
  bool cancelled = false;
  bool before_send_at = false;  // scheduled for later: nothing goes out before its send_at
  std::map<std::string, std::int64_t> counts;  // pending, sent, failed, expired, cancelled
};
NotificationStatus notification_status(pqxx::connection_base& c, std::int64_t id);
// Cancels what is not sent yet.
enum class Cancelled { not_found, cancelled, nothing_left };
// `nothing_left`: no delivery is waiting (each was sent, failed or expired) and the fan-out is
// done; the notification keeps its outcome instead of being relabelled "cancelled".
Cancelled cancel_notification(pqxx::connection_base& c, std::int64_t id);

struct ClaimedDelivery {
  std::int64_t id = 0;
  std::int64_t notification_id = 0;
  std::string topic, channel, address, lang, text;
  bool urgent = false;
  int attempts = 0;
  std::string channel_data;
  std::optional<std::int64_t> last_inbound;  // Unix time the resident last wrote, if ever
};

struct ClaimPolicy {
  std::size_t batch = 100;
  std::string timezone = "Europe/Amsterdam";
  int quiet_start = 22 * 60, quiet_end = 7 * 60;  // the default quiet hours
};

// In the caller's open transaction: locks up to `batch` due deliveries and returns those to send
// now; of the rest, moves non-urgent ones out of their contact's quiet hours, expires those past
// their notification's end and fails those whose contact was removed. The locks hold until the
// transaction ends: commit it after record_outcomes(). Call settle_orphaned_journal() first.
std::vector<ClaimedDelivery> claim_deliveries(pqxx::transaction_base& tx,
                                              const ClaimPolicy& policy);

struct DeliveryOutcome {
  enum class Kind { sent, retry, failed, wait };  // wait: try later, not counted as an attempt
  std::int64_t id = 0;
  Kind kind = Kind::sent;
  std::chrono::milliseconds retry_in{0};
  std::string error;
  std::string platform_message_id;
  bool deactivate_contact = false;  // the platform says the resident is gone or blocked us
};

// Settles claimed deliveries (in the claim's transaction); each counts as an attempt but a wait,
// and a retry past `max_attempts` fails with its last error.
void record_outcomes(pqxx::transaction_base& tx, const std::vector<DeliveryOutcome>& outcomes,
                     int max_attempts);

// Settles, in a transaction of its own, the journaled outcomes of batches that died (their
// transaction rolled back) as record_outcomes() would have, so that none of those sends is made
// again. Returns how many journal groups it settled.
std::size_t settle_orphaned_journal(pqxx::connection_base& c, int max_attempts);
// The claim's transaction id, under which its outcomes are journaled.
std::string batch_id(pqxx::transaction_base& tx);
// Writes outcomes of a batch still being sent, in their own short transaction, so that a
// dispatcher killed before record_outcomes() leaves them behind for settle_orphaned_journal(),
// and record_outcomes() forgets the batch's journal.
void journal_outcomes(pqxx::connection_base& c, const std::string& batch,
                      const std::vector<DeliveryOutcome>& outcomes);

}  // namespace loket::db
