#include "db/notification_store.h"

#include "db/area_rule.h"
#include "db/notify_channel.h"

#include <boost/json.hpp>
#include <pqxx/pqxx>

#include <exception>
#include <span>
#include <stdexcept>

namespace loket::db {
namespace {

namespace json = boost::json;

// Optional values travel as text (null when absent) and are cast in SQL.
struct Text {
  std::optional<std::string> value;
  const char* get() const { return value ? value->c_str() : nullptr; }
};
Text text(const std::optional<std::string>& v) {
  return {v};
}
Text text(const std::optional<double>& v) {
  if (!v) return {};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", *v);
  return {std::string(buf)};
}
std::string json_array(const std::vector<std::string>& items) {
  json::array a;
  for (const auto& i : items) a.emplace_back(i);
  return json::serialize(a);
}

// Contacts arrive as a JSON array (one or a whole import chunk) and are stored set-based: upsert
// by (channel, address), then topics made to match the list (kept ones are not touched).
constexpr const char* kUpsertContacts = R"sql(
WITH rows AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    channel text, address text, lang text, postcode text, lat double precision,
    lon double precision, quiet_start smallint, quiet_end smallint, topics jsonb, channel_data text)),
upserted AS (
  INSERT INTO contacts (channel, address, lang, postcode, lat, lon, quiet_start, quiet_end,
                        channel_data)
  SELECT channel, address, lang, postcode, lat, lon, quiet_start, quiet_end, channel_data FROM rows
  ON CONFLICT (channel, address) DO UPDATE SET
    lang = EXCLUDED.lang, postcode = EXCLUDED.postcode, lat = EXCLUDED.lat, lon = EXCLUDED.lon,
    quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end, active = true,
    channel_data = COALESCE(EXCLUDED.channel_data, contacts.channel_data), consent_at = now()
  RETURNING id, channel, address),
matched AS (
  SELECT u.id, r.topics FROM upserted u JOIN rows r USING (channel, address)),
dropped AS (
  DELETE FROM subscriptions s USING matched m
  WHERE s.contact_id = m.id AND NOT (m.topics ? s.topic)),
added AS (
  INSERT INTO subscriptions (contact_id, topic)
  SELECT m.id, t FROM matched m, jsonb_array_elements_text(m.topics) AS t
  ON CONFLICT DO NOTHING)
SELECT id FROM upserted)sql";

constexpr const char* kSubscribe = R"sql(
WITH contact AS (
  INSERT INTO contacts (channel, address, lang, postcode, lat, lon)
  VALUES ($1, $2, $3, $4, $6::double precision, $7::double precision)
  ON CONFLICT (channel, address) DO UPDATE SET
    lang = EXCLUDED.lang, postcode = COALESCE(EXCLUDED.postcode, contacts.postcode),
    lat = CASE WHEN EXCLUDED.postcode IS NULL OR (EXCLUDED.postcode = contacts.postcode
                                                  AND contacts.lat IS NOT NULL)
               THEN contacts.lat ELSE EXCLUDED.lat END,
    lon = CASE WHEN EXCLUDED.postcode IS NULL OR (EXCLUDED.postcode = contacts.postcode
                                                  AND contacts.lat IS NOT NULL)
               THEN contacts.lon ELSE EXCLUDED.lon END,
    active = true
  RETURNING id)
INSERT INTO subscriptions (contact_id, topic) SELECT id, $5 FROM contact
ON CONFLICT DO NOTHING)sql";

constexpr const char* kUnsubscribe = R"sql(
WITH gone AS (
  DELETE FROM subscriptions s USING contacts c
  WHERE c.id = s.contact_id AND c.channel = $1 AND c.address = $2 AND ($3 = '' OR s.topic = $3)
  RETURNING s.contact_id, s.topic)
UPDATE deliveries d SET status = 'cancelled', last_error = 'the resident unsubscribed'
FROM gone, notifications n
WHERE d.contact_id = gone.contact_id AND d.status = 'pending' AND n.id = d.notification_id
  AND n.topic = gone.topic)sql";

constexpr const char* kForgetUnsubscribed = R"sql(
DELETE FROM contacts c WHERE c.channel = $1 AND c.address = $2
  AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.contact_id = c.id))sql";

constexpr const char* kSubscriptions = R"sql(
SELECT s.topic FROM subscriptions s JOIN contacts c ON c.id = s.contact_id
WHERE c.channel = $1 AND c.address = $2 AND c.active ORDER BY s.topic)sql";

constexpr const char* kWakeContact = R"sql(
UPDATE deliveries d SET next_attempt_at = now()
FROM contacts c
WHERE c.id = d.contact_id AND c.channel = $1 AND c.address = $2
  AND d.status = 'pending' AND d.next_attempt_at > now())sql";

constexpr const char* kQueueDepth = R"sql(
SELECT count(*), count(*) FILTER (WHERE next_attempt_at <= now())
FROM deliveries WHERE status = 'pending')sql";

constexpr const char* kDeleteContact = R"sql(
WITH pending AS (DELETE FROM deliveries WHERE contact_id = $1 AND status = 'pending')
DELETE FROM contacts WHERE id = $1 RETURNING id)sql";

// A statement of its own after kDeleteContact, so that its snapshot includes a delivery a
// dispatcher settled meanwhile (which the DELETE skipped, no longer pending).
constexpr const char* kForgetContactOnDeliveries = R"sql(
UPDATE deliveries SET contact_id = NULL WHERE contact_id = $1)sql";

// The notification an Idempotency-Key made, and whether this request asks for the same one (a
// request without send_at means "now", which the first one's time was).
constexpr const char* kFindNotificationByKey = R"sql(
SELECT id,
       topic = $3 AND texts = $4::jsonb AND urgent = $5
       AND postcodes IS NOT DISTINCT FROM NULLIF(ARRAY(SELECT jsonb_array_elements_text($6::jsonb)), '{}')
       AND postcode_prefixes IS NOT DISTINCT FROM
           NULLIF(ARRAY(SELECT jsonb_array_elements_text($7::jsonb)), '{}')
       AND lat IS NOT DISTINCT FROM $8::double precision
       AND lon IS NOT DISTINCT FROM $9::double precision
       AND radius_m IS NOT DISTINCT FROM $10::double precision
       AND expires_at IS NOT DISTINCT FROM $11::timestamptz
       AND ($12::timestamptz IS NULL OR send_at = $12::timestamptz)
FROM notifications WHERE created_by = $1 AND idempotency_key = $2)sql";

// Why a notification was not stored when no key explains it: its time is long past (a wrong
// date, most likely: sent now it would tell residents about yesterday) or a year or more ahead
// (a wrong year), or it could never be sent.
constexpr const char* kTimeProblem = R"sql(
SELECT CASE WHEN $2::timestamptz <= now() - interval '1 hour'
              THEN 'send_at is more than an hour ago: check the date, or leave send_at out to send now'
            WHEN $2::timestamptz >= now() + interval '1 year'
              THEN 'send_at is more than a year ahead: check the year'
            WHEN $1::timestamptz <= now() THEN 'expires_at is already past'
            ELSE 'expires_at is not after send_at: it would expire before it is sent' END)sql";

constexpr const char* kRecipients = R"sql(
SELECT recipients FROM notifications WHERE id = $1)sql";

constexpr const char* kInsertNotification = R"sql(
INSERT INTO notifications (topic, postcodes, postcode_prefixes, lat, lon, radius_m, texts,
                           default_lang, send_at, expires_at, urgent, created_by, idempotency_key,
                           fanout_after)
SELECT $1,
       NULLIF(ARRAY(SELECT jsonb_array_elements_text($2::jsonb)), '{}'),
       NULLIF(ARRAY(SELECT jsonb_array_elements_text($3::jsonb)), '{}'),
       $4::double precision, $5::double precision, $6::double precision, $7::jsonb, $8,
       COALESCE($9::timestamptz, now()), $10::timestamptz, $11, $12, $13, 0
WHERE ($9::timestamptz IS NULL OR ($9::timestamptz > now() - interval '1 hour'
                                    AND $9::timestamptz < now() + interval '1 year'))
  AND ($10::timestamptz IS NULL
       OR ($10::timestamptz > now() AND $10::timestamptz > COALESCE($9::timestamptz, now())))
ON CONFLICT (created_by, idempotency_key) DO NOTHING
RETURNING id)sql";

// One chunk of the fan-out, in three statements of one transaction. The notification's row lock
// makes two instances finishing the same fan-out take turns, and each turn starts from the
// cursor the previous one left: no contact twice. The topic and the bounds go in as values, not
// read from the row inside one statement: the planner then knows how many subscribers the topic
// has, where otherwise it planned for an average topic and hashed every contact for a
// notification to one resident (14 ms instead of 0.5 ms with 100,000 contacts).
constexpr const char* kFanOutCursor = R"sql(
SELECT topic, fanout_after, cancelled_at IS NOT NULL FROM notifications
WHERE id = $1 AND fanout_after IS NOT NULL FOR UPDATE)sql";

// The chunk's last contact id: the kFanOutChunk-th subscriber after the cursor (none: the rest).
constexpr const char* kFanOutBound = R"sql(
SELECT contact_id FROM subscriptions WHERE topic = $1 AND contact_id > $2
ORDER BY contact_id OFFSET $3 - 1 LIMIT 1)sql";

// Set-based: every subscriber in the chunk that is active and in the area.
constexpr const char* kFanOutInsert = R"sql(
INSERT INTO deliveries (notification_id, contact_id, next_attempt_at)
SELECT n.id, c.id, n.send_at
FROM notifications n
JOIN subscriptions s ON s.topic = $2 AND s.contact_id > $3
  AND ($4::bigint IS NULL OR s.contact_id <= $4::bigint)
JOIN contacts c ON c.id = s.contact_id AND c.active
WHERE n.id = $1 AND )sql" LOKET_CONTACT_IN_AREA;

constexpr const char* kFanOutAdvance = R"sql(
UPDATE notifications SET recipients = recipients + $2, fanout_after = $3::bigint
WHERE id = $1 RETURNING recipients)sql";

// Subscribers per fan-out transaction: a chunk takes about 45 ms, so the first residents'
// deliveries are on their way while later chunks are made.
constexpr std::int64_t kFanOutChunk = 10000;

// Ten at a time, in random turn: ten that keep failing do not hold up the rest.
constexpr const char* kUnfinishedFanOuts = R"sql(
SELECT id FROM notifications
WHERE fanout_after IS NOT NULL AND created_at < now() - make_interval(secs => $1)
ORDER BY random() LIMIT 10)sql";

constexpr const char* kNotificationStatus = R"sql(
SELECT n.cancelled_at IS NOT NULL, d.status, count(d.id), n.send_at > now()
FROM notifications n LEFT JOIN deliveries d ON d.notification_id = n.id
WHERE n.id = $1
GROUP BY n.cancelled_at, n.send_at, d.status)sql";

// The notification is marked first, in a statement of its own: it waits for a fan-out chunk in
// progress (the chunk locks the row), and the next statement's snapshot then includes that
// chunk's deliveries. Later chunks see the mark and make none.
// The notification's row locked first: a fan-out chunk under way holds it, and the statements
// after the lock see what that chunk made (each statement takes a new snapshot).
constexpr const char* kLockNotification = R"sql(
SELECT cancelled_at IS NOT NULL, fanout_after IS NOT NULL, send_at > now() FROM notifications
WHERE id = $1 FOR UPDATE)sql";

constexpr const char* kAnyPending = R"sql(
SELECT EXISTS (SELECT 1 FROM deliveries WHERE notification_id = $1 AND status = 'pending'))sql";

constexpr const char* kCancelNotification = R"sql(
UPDATE notifications SET cancelled_at = COALESCE(cancelled_at, now()) WHERE id = $1)sql";

constexpr const char* kCancelDeliveries = R"sql(
UPDATE deliveries SET status = 'cancelled' WHERE notification_id = $1 AND status = 'pending')sql";

// One statement per batch, touching only the batch: the due deliveries are locked (SKIP LOCKED,
// so other dispatchers take others) for the caller's transaction. Those to send now come back;
// the others are settled here: moved out of their contact's quiet hours (non-urgent only; local
// time of the municipality, $2), expired (their notification ended) or failed (contact removed
// or deactivated).
constexpr const char* kClaim = R"sql(
WITH due AS (
  SELECT d.id, d.notification_id, d.contact_id, d.attempts FROM deliveries d
  WHERE d.status = 'pending' AND d.next_attempt_at <= now()
  ORDER BY d.next_attempt_at
  LIMIT $1
  FOR UPDATE SKIP LOCKED),
local AS (
  SELECT (now() AT TIME ZONE $2) AS t,
         extract(hour FROM now() AT TIME ZONE $2) * 60 + extract(minute FROM now() AT TIME ZONE $2) AS m),
info AS (
  -- The language of the text sent: the contact's, or the notification's own when it has no text
  -- in the contact's (a template, a label and the receiver then agree with the text).
  SELECT d.id, n.id AS notification_id, n.topic, c.channel, c.address,
         CASE WHEN n.texts ? c.lang THEN c.lang ELSE n.default_lang END AS lang, c.channel_data,
         extract(epoch FROM c.last_inbound_at)::bigint AS last_inbound,
         COALESCE(n.texts ->> c.lang, n.texts ->> n.default_lang) AS text, n.urgent, d.attempts,
         c.id IS NULL OR NOT c.active AS orphan,
         c.id IS NULL AS gone,
         -- Made by a fan-out chunk that committed while the cancel was under way.
         n.cancelled_at IS NOT NULL AS cancelled,
         n.expires_at IS NOT NULL AND n.expires_at <= now() AS expired,
         NOT n.urgent AND c.id IS NOT NULL AND
           CASE WHEN COALESCE(c.quiet_start, $3) > COALESCE(c.quiet_end, $4)
                THEN local.m >= COALESCE(c.quiet_start, $3) OR local.m < COALESCE(c.quiet_end, $4)
                ELSE local.m >= COALESCE(c.quiet_start, $3) AND local.m < COALESCE(c.quiet_end, $4)
           END AS quiet,
         (date_trunc('day', local.t) + make_interval(mins => COALESCE(c.quiet_end, $4))
          + CASE WHEN local.m >= COALESCE(c.quiet_end, $4) THEN interval '1 day' ELSE interval '0' END)
           AT TIME ZONE $2 AS quiet_end_at
  -- The claimed rows' columns come from `due` itself: joining deliveries again made the planner
  -- hash the whole table for every batch (19 ms of a 25 ms claim with 100,000 rows).
  FROM due d
  JOIN notifications n ON n.id = d.notification_id
  LEFT JOIN contacts c ON c.id = d.contact_id
  CROSS JOIN local),
settled AS (
  UPDATE deliveries d SET
    status = CASE WHEN info.orphan THEN 'failed' WHEN info.cancelled THEN 'cancelled'
                  WHEN info.expired THEN 'expired' ELSE 'pending' END,
    last_error = CASE WHEN info.orphan THEN 'the contact was removed or is no longer reachable'
                      WHEN info.cancelled THEN d.last_error
                      WHEN info.expired THEN 'the notification expired first'
                      ELSE d.last_error END,
    next_attempt_at = CASE WHEN info.quiet AND NOT (info.orphan OR info.cancelled OR info.expired)
                           THEN info.quiet_end_at ELSE d.next_attempt_at END,
    -- Made by a fan-out while its contact was being deleted: the record keeps no dangling id.
    contact_id = CASE WHEN info.gone THEN NULL ELSE d.contact_id END
  FROM info
  WHERE d.id = info.id AND (info.orphan OR info.cancelled OR info.expired OR info.quiet))
SELECT id, notification_id, topic, channel, address, lang, text, urgent, attempts, channel_data,
       last_inbound
FROM info WHERE NOT (orphan OR cancelled OR expired OR quiet))sql";

constexpr const char* kOutcomeRows = R"sql(
WITH o AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb)
    AS x(id bigint, kind text, retry_ms bigint, error text, platform_id text)))sql";

constexpr const char* kUpdateFromOutcomes = R"sql(
UPDATE deliveries d SET
  status = CASE
    WHEN o.kind = 'sent' THEN 'sent'
    WHEN o.kind = 'failed' OR (o.kind = 'retry' AND d.attempts + 1 >= $2) THEN 'failed'
    -- A resident who does not come back does not keep a delivery waiting for ever.
    WHEN o.kind = 'wait' AND (SELECT n.created_at FROM notifications n WHERE n.id = d.notification_id)
                             < now() - interval '14 days' THEN 'expired'
    ELSE 'pending' END,
  attempts = CASE WHEN o.kind = 'wait' THEN d.attempts ELSE d.attempts + 1 END,
  sent_at = CASE WHEN o.kind = 'sent' THEN now() ELSE d.sent_at END,
  next_attempt_at = CASE WHEN o.kind IN ('retry', 'wait')
                         THEN now() + make_interval(secs => o.retry_ms / 1000.0)
                         ELSE d.next_attempt_at END,
  last_error = NULLIF(o.error, ''),
  platform_message_id = NULLIF(o.platform_id, ''))sql";

// The batch's own deliveries, which its transaction holds.
const std::string kRecordOutcomes = std::string(kOutcomeRows) + kUpdateFromOutcomes +
                                    " FROM o WHERE d.id = o.id AND d.status = 'pending'";

// A dead batch's journal: rows another transaction holds are skipped, not waited for (a claim
// that took them after the batch died sends them again).
const std::string kRecordOrphanedOutcomes =
    std::string(kOutcomeRows) +
    ", free AS (SELECT p.id FROM deliveries p JOIN o ON p.id = o.id WHERE p.status = 'pending' "
    "FOR UPDATE OF p SKIP LOCKED)" +
    kUpdateFromOutcomes + " FROM o JOIN free ON free.id = o.id WHERE d.id = o.id";

constexpr const char* kDeactivateContacts = R"sql(
WITH gone AS (
  UPDATE contacts c SET active = false
  FROM deliveries d
  WHERE d.id IN (SELECT (x ->> 'id')::bigint FROM jsonb_array_elements($1::jsonb) x
                 WHERE (x ->> 'contact_gone')::boolean)
    AND c.id = d.contact_id
  RETURNING c.id)
UPDATE deliveries d SET status = 'failed', last_error = 'the contact is no longer reachable'
WHERE d.id IN (
  -- Rows another dispatcher holds are skipped, not waited for (no deadlock between two workers
  -- that each learn another's contact is gone); the claim drops them as inactive later.
  SELECT p.id FROM deliveries p JOIN gone ON p.contact_id = gone.id
  WHERE p.status = 'pending' FOR UPDATE OF p SKIP LOCKED))sql";

constexpr const char* kJournalOutcomes = R"sql(
INSERT INTO delivery_journal (batch_xid, outcomes) VALUES ($1::xid8, $2::jsonb))sql";

constexpr const char* kBatchId = "SELECT pg_current_xact_id()::text";

constexpr const char* kForgetBatchJournal = R"sql(
DELETE FROM delivery_journal WHERE batch_xid = pg_current_xact_id())sql";

// Groups whose batch is no longer in progress (it rolled back: its dispatcher died or lost its
// connection). Groups another dispatcher is settling are waited for (a short transaction), not
// skipped: skipped, their deliveries could be claimed before that dispatcher marks them sent.
constexpr const char* kAnyOrphanedJournal = R"sql(
SELECT 1 FROM delivery_journal WHERE pg_xact_status(batch_xid) IS DISTINCT FROM 'in progress'
LIMIT 1)sql";

constexpr const char* kTakeOrphanedJournal = R"sql(
DELETE FROM delivery_journal WHERE ctid IN (
  SELECT ctid FROM delivery_journal
  WHERE pg_xact_status(batch_xid) IS DISTINCT FROM 'in progress'
  FOR UPDATE)
RETURNING outcomes::text)sql";

std::string contacts_json(std::span<const NewContact* const> contacts) {
  json::array rows;
  rows.reserve(contacts.size());
  auto nullable = [](const auto& v) -> json::value {
    if (!v) return nullptr;
    return json::value(*v);
  };
  for (const NewContact* contact : contacts) {
    const NewContact& k = *contact;
    json::array topics;
    for (const auto& t : k.topics) topics.emplace_back(t);
    rows.push_back(json::object{{"channel", k.channel},
                                {"address", k.address},
                                {"lang", k.lang},
                                {"postcode", nullable(k.postcode)},
                                {"lat", nullable(k.lat)},
                                {"lon", nullable(k.lon)},
                                {"quiet_start", nullable(k.quiet_start)},
                                {"quiet_end", nullable(k.quiet_end)},
                                {"topics", std::move(topics)},
                                {"channel_data", nullable(k.channel_data)}});
  }
  return json::serialize(rows);
}

}  // namespace

std::int64_t upsert_contact(pqxx::connection_base& c, const NewContact& contact) {
  pqxx::work tx(c);
  const NewContact* one[] = {&contact};
  auto row = tx.exec_params1(kUpsertContacts, contacts_json(one));
  tx.commit();
  return row[0].as<std::int64_t>();
}

namespace {

// A large fan-out or import changes a table faster than autovacuum looks at it (once a minute):
// with statistics from before, the planner took the pending deliveries for a handful and sorted
// all of them for every claim of a batch (10 ms a claim, 15 ms for recording a batch's
// outcomes, instead of about 1 ms each).
constexpr std::size_t kRefreshStatisticsAfter = 10000;  // rows

// Only a help to the planner: an error here (a lock it waited too long for, say, or the
// connection lost) must not fail the notification or import that asked for it, which is
// committed already.
void refresh_statistics(pqxx::connection_base& c, const char* tables) {
  try {
    pqxx::work tx(c);
    // Never waits behind a vacuum or another ANALYZE (and so never makes autovacuum give way):
    // without fresh statistics the dispatch is slower, with a wait every resident is later.
    tx.exec("SET LOCAL lock_timeout = '100ms'");
    tx.exec(std::string("ANALYZE ") + tables);
    tx.commit();
  } catch (const pqxx::failure&) {
  }
}

}  // namespace

std::size_t import_contacts(pqxx::connection_base& c, const std::vector<NewContact>& contacts) {
  // The same contact twice in one statement is an error in PostgreSQL: the last one wins.
  std::map<std::pair<std::string, std::string>, std::size_t> last;
  for (std::size_t i = 0; i < contacts.size(); ++i)
    last[{contacts[i].channel, contacts[i].address}] = i;
  std::vector<const NewContact*> unique;  // pointers: an import may hold a million contacts
  unique.reserve(last.size());
  for (std::size_t i = 0; i < contacts.size(); ++i)
    if (last[{contacts[i].channel, contacts[i].address}] == i) unique.push_back(&contacts[i]);
  pqxx::work tx(c);
  constexpr std::size_t kChunk = 5000;
  std::size_t stored = 0;
  for (std::size_t from = 0; from < unique.size(); from += kChunk) {
    const auto chunk = std::span<const NewContact* const>(unique).subspan(
        from, std::min(kChunk, unique.size() - from));
    stored += tx.exec_params(kUpsertContacts, contacts_json(chunk)).size();
  }
  tx.commit();
  if (stored >= kRefreshStatisticsAfter) refresh_statistics(c, "contacts, subscriptions");
  return stored;
}

namespace {

std::vector<std::string> topics_of(pqxx::transaction_base& tx, const std::string& channel,
                                   const std::string& address) {
  std::vector<std::string> out;
  for (const auto& row : tx.exec_params(kSubscriptions, channel, address))
    out.push_back(row[0].as<std::string>());
  return out;
}

}  // namespace

std::size_t place_contacts(
    pqxx::connection_base& c,
    const std::function<std::optional<Location>(const std::string& postcode)>& locate) {
  // Postcodes, not contacts: a municipality has a few thousand, however many residents.
  constexpr long long kMaxPostcodes = 100000;
  pqxx::work tx(c);
  json::array places;
  for (const auto& row : tx.exec_params(
           "SELECT DISTINCT postcode FROM contacts WHERE lat IS NULL AND postcode IS NOT NULL "
           "LIMIT $1",
           kMaxPostcodes)) {
    const auto postcode = row[0].as<std::string>();
    if (const auto at = locate(postcode))
      places.push_back(json::object{{"postcode", postcode}, {"lat", at->lat}, {"lon", at->lon}});
  }
  if (places.empty()) return 0;
  const auto placed = tx.exec_params0(
      "UPDATE contacts c SET lat = p.lat, lon = p.lon "
      "FROM jsonb_to_recordset($1::jsonb) AS p(postcode text, lat float8, lon float8) "
      "WHERE c.postcode = p.postcode AND c.lat IS NULL",
      json::serialize(places));
  tx.commit();
  return static_cast<std::size_t>(placed.affected_rows());
}

std::vector<std::string> subscribe(pqxx::connection_base& c, const std::string& channel,
                                   const std::string& address, const std::string& lang,
                                   const std::optional<std::string>& postcode,
                                   const std::string& topic,
                                   const std::optional<Location>& location) {
  pqxx::work tx(c);
  tx.exec_params(kSubscribe, channel, address, lang, text(postcode).get(), topic,
                 text(location ? std::optional<double>(location->lat) : std::nullopt).get(),
                 text(location ? std::optional<double>(location->lon) : std::nullopt).get());
  auto topics = topics_of(tx, channel, address);
  tx.commit();
  return topics;
}

std::vector<std::string> unsubscribe(pqxx::connection_base& c, const std::string& channel,
                                     const std::string& address, const std::string& topic) {
  pqxx::work tx(c);
  tx.exec_params(kUnsubscribe, channel, address, topic);
  // Nothing left to send them: nothing of them is kept either (the deliveries already sent stay,
  // without the contact, for the statistics).
  tx.exec_params(kForgetUnsubscribed, channel, address);
  auto topics = topics_of(tx, channel, address);
  tx.commit();
  return topics;
}

std::vector<std::string> subscriptions(pqxx::connection_base& c, const std::string& channel,
                                       const std::string& address) {
  pqxx::read_transaction tx(c);
  return topics_of(tx, channel, address);
}

std::int64_t wake_contact(pqxx::connection_base& c, const std::string& channel,
                          const std::string& address) {
  pqxx::work tx(c);
  const auto woken =
      static_cast<std::int64_t>(tx.exec_params(kWakeContact, channel, address).affected_rows());
  if (woken > 0) tx.exec_params(kNotifyScoped, std::string(kDeliveryChannel), "");
  tx.commit();
  return woken;
}

std::pair<std::int64_t, std::int64_t> queue_depth(pqxx::connection_base& c) {
  pqxx::read_transaction tx(c);
  auto row = tx.exec1(kQueueDepth);
  return {row[0].as<std::int64_t>(), row[1].as<std::int64_t>()};
}

bool delete_contact(pqxx::transaction_base& tx, std::int64_t id) {
  const bool found = !tx.exec_params(kDeleteContact, id).empty();
  if (found) tx.exec_params(kForgetContactOnDeliveries, id);
  return found;
}

bool delete_contact(pqxx::connection_base& c, std::int64_t id) {
  pqxx::work tx(c);
  const bool found = delete_contact(tx, id);
  tx.commit();
  return found;
}

namespace {

// One chunk in `tx`; true when the fan-out is finished (by this chunk or earlier).
bool fan_out_chunk(pqxx::transaction_base& tx, std::int64_t id, std::int64_t& recipients) {
  auto cursor = tx.exec_params(kFanOutCursor, id);
  if (cursor.empty()) {  // finished before: by another request, instance or sweep
    recipients = tx.exec_params1(kRecipients, id)[0].as<std::int64_t>();
    return true;
  }
  const auto topic = cursor[0][0].as<std::string>();
  const auto after = cursor[0][1].as<std::int64_t>();
  const bool cancelled = cursor[0][2].as<bool>();
  std::optional<std::int64_t> last;
  std::int64_t made = 0;
  if (!cancelled) {
    auto bound = tx.exec_params(kFanOutBound, topic, after, kFanOutChunk);
    if (!bound.empty()) last = bound[0][0].as<std::int64_t>();
    made = static_cast<std::int64_t>(
        tx.exec_params(kFanOutInsert, id, topic, after, last).affected_rows());
  }
  if (made > 0) tx.exec_params(kNotifyScoped, std::string(kDeliveryChannel), "");
  recipients = tx.exec_params1(kFanOutAdvance, id, made, last)[0].as<std::int64_t>();
  return !last.has_value();
}

}  // namespace

CreatedNotification create_notification(pqxx::connection_base& c, const NewNotification& n) {
  CreatedNotification out;
  // The first chunk goes in the notification's own transaction: a notification for up to a
  // chunk of subscribers is one commit.
  pqxx::work tx(c);
  auto inserted = tx.exec_params(kInsertNotification, n.topic, json_array(n.area.postcodes),
                                 json_array(n.area.postcode_prefixes), text(n.area.lat).get(),
                                 text(n.area.lon).get(), text(n.area.radius_m).get(), n.texts_json,
                                 n.default_lang, text(n.send_at).get(), text(n.expires_at).get(),
                                 n.urgent, n.created_by, text(n.idempotency_key).get());
  if (inserted.empty()) {
    const auto earlier =
        n.idempotency_key
            ? tx.exec_params(kFindNotificationByKey, n.created_by, *n.idempotency_key, n.topic,
                             n.texts_json, n.urgent, json_array(n.area.postcodes),
                             json_array(n.area.postcode_prefixes), text(n.area.lat).get(),
                             text(n.area.lon).get(), text(n.area.radius_m).get(),
                             text(n.expires_at).get(), text(n.send_at).get())
            : pqxx::result();
    if (earlier.empty()) {
      // Only its times keep a notification without a key (or with a new one) out.
      if (!n.expires_at && !n.send_at)
        throw std::logic_error("a notification was not stored, for no reason");
      out.refused =
          tx.exec_params1(kTimeProblem, text(n.expires_at).get(), text(n.send_at).get())[0]
              .as<std::string>();
      return out;
    }
    // Same key, same author: the notification made by the first request (whose fan-out is
    // finished here if that request was cut short), unless this request asks for another one.
    out.id = earlier[0][0].as<std::int64_t>();
    out.existing = true;
    if (!earlier[0][1].as<bool>()) {
      out.refused = "the Idempotency-Key was used for a different notification (id " +
                    std::to_string(out.id) + "): use a new key for a new notification";
      return out;
    }
  } else {
    out.id = inserted[0][0].as<std::int64_t>();
  }
  const bool done = fan_out_chunk(tx, out.id, out.recipients);
  tx.commit();
  if (!done) {
    // Stored and on its way: from here an error must not tell the client that nothing was made
    // (a retry without an Idempotency-Key would make a second notification). What is left is
    // finished by a dispatcher's sweep.
    try {
      refresh_statistics(c, "deliveries");
      out.recipients = fan_out(c, out.id);
    } catch (const std::exception& e) {
      out.fan_out_error = e.what();
    }
  }
  return out;
}

std::int64_t fan_out(pqxx::connection_base& c, std::int64_t id) {
  std::int64_t recipients = 0;
  for (bool done = false; !done;) {
    pqxx::work tx(c);
    done = fan_out_chunk(tx, id, recipients);
    tx.commit();
  }
  return recipients;
}

std::size_t finish_fan_outs(pqxx::connection_base& c, std::chrono::seconds older_than) {
  std::vector<std::int64_t> ids;
  {
    pqxx::read_transaction tx(c);
    for (const auto& row : tx.exec_params(kUnfinishedFanOuts, older_than.count()))
      ids.push_back(row[0].as<std::int64_t>());
  }
  // One that fails (again and again, say) does not hold up the others; the first error is
  // reported once all were tried.
  std::exception_ptr failure;
  for (auto id : ids) {
    try {
      fan_out(c, id);
    } catch (const pqxx::broken_connection&) {
      throw;  // the rest would fail the same way
    } catch (const std::exception&) {
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
  return ids.size();
}

NotificationStatus notification_status(pqxx::connection_base& c, std::int64_t id) {
  pqxx::read_transaction tx(c);
  NotificationStatus out;
  for (const char* s : {"pending", "sent", "failed", "expired", "cancelled"}) out.counts[s] = 0;
  for (const auto& row : tx.exec_params(kNotificationStatus, id)) {
    out.found = true;
    out.cancelled = row[0].as<bool>();
    out.before_send_at = row[3].as<bool>();
    if (!row[1].is_null()) out.counts[row[1].as<std::string>()] = row[2].as<std::int64_t>();
  }
  return out;
}

Cancelled cancel_notification(pqxx::connection_base& c, std::int64_t id) {
  pqxx::work tx(c);
  const auto row = tx.exec_params(kLockNotification, id);
  if (row.empty()) return Cancelled::not_found;
  const bool cancelled = row[0][0].as<bool>(), fanning_out = row[0][1].as<bool>();
  // Before its time even one that reaches nobody now may be taken back (staff's mistake).
  const bool scheduled = row[0][2].as<bool>();
  if (!cancelled && !fanning_out && !scheduled && !tx.exec_params1(kAnyPending, id)[0].as<bool>())
    return Cancelled::nothing_left;
  tx.exec_params(kCancelNotification, id);
  tx.exec_params(kCancelDeliveries, id);
  tx.commit();
  return Cancelled::cancelled;
}

namespace {

std::string outcomes_json(const std::vector<DeliveryOutcome>& outcomes) {
  json::array rows;
  rows.reserve(outcomes.size());
  for (const auto& o : outcomes) {
    const char* kind = o.kind == DeliveryOutcome::Kind::sent    ? "sent"
                       : o.kind == DeliveryOutcome::Kind::retry ? "retry"
                       : o.kind == DeliveryOutcome::Kind::wait  ? "wait"
                                                                : "failed";
    rows.push_back(json::object{{"id", o.id},
                                {"kind", kind},
                                {"retry_ms", o.retry_in.count()},
                                {"error", o.error.substr(0, 500)},
                                {"platform_id", o.platform_message_id.substr(0, 200)},
                                {"contact_gone", o.deactivate_contact}});
  }
  return json::serialize(rows);
}

void record_outcome_rows(pqxx::transaction_base& tx, const std::string& statement,
                         const std::string& rows, int max_attempts) {
  tx.exec_params(statement, rows, max_attempts);
  tx.exec_params(kDeactivateContacts, rows);
}

}  // namespace

std::vector<ClaimedDelivery> claim_deliveries(pqxx::transaction_base& tx,
                                              const ClaimPolicy& policy) {
  auto rows = tx.exec_params(kClaim, static_cast<std::int64_t>(policy.batch), policy.timezone,
                             policy.quiet_start, policy.quiet_end);
  std::vector<ClaimedDelivery> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    ClaimedDelivery d;
    d.id = r[0].as<std::int64_t>();
    d.notification_id = r[1].as<std::int64_t>();
    d.topic = r[2].as<std::string>();
    d.channel = r[3].as<std::string>();
    d.address = r[4].as<std::string>();
    d.lang = r[5].as<std::string>();
    d.text = r[6].is_null() ? std::string() : r[6].as<std::string>();
    d.urgent = r[7].as<bool>();
    d.attempts = r[8].as<int>() + 1;  // this send
    if (!r[9].is_null()) d.channel_data = r[9].as<std::string>();
    if (!r[10].is_null()) d.last_inbound = r[10].as<std::int64_t>();
    out.push_back(std::move(d));
  }
  return out;
}

void record_outcomes(pqxx::transaction_base& tx, const std::vector<DeliveryOutcome>& outcomes,
                     int max_attempts) {
  if (!outcomes.empty())
    record_outcome_rows(tx, kRecordOutcomes, outcomes_json(outcomes), max_attempts);
  tx.exec(kForgetBatchJournal);
}

std::size_t settle_orphaned_journal(pqxx::connection_base& c, int max_attempts) {
  {
    // Nearly always there is nothing to settle (a dispatcher died): one statement to see so,
    // instead of a transaction's three round trips before every claim.
    pqxx::nontransaction look(c);
    if (look.exec(kAnyOrphanedJournal).empty()) return 0;
  }
  pqxx::work tx(c);
  std::size_t groups = 0;
  for (const auto& row : tx.exec(kTakeOrphanedJournal)) {
    record_outcome_rows(tx, kRecordOrphanedOutcomes, row[0].as<std::string>(), max_attempts);
    ++groups;
  }
  tx.commit();
  return groups;
}

std::string batch_id(pqxx::transaction_base& tx) {
  return tx.exec1(kBatchId)[0].as<std::string>();
}

void journal_outcomes(pqxx::connection_base& c, const std::string& batch,
                      const std::vector<DeliveryOutcome>& outcomes) {
  if (outcomes.empty()) return;
  pqxx::work tx(c);
  tx.exec_params(kJournalOutcomes, batch, outcomes_json(outcomes));
  tx.commit();
}

}  // namespace loket::db
