-- The fan-out inserts one delivery per recipient, and the foreign keys' checks cost more than the
-- rows themselves: 100,000 deliveries took 910 ms with them and 390 ms without, and every check
-- locked its contact's row (docs/benchmarks.md). The statements keep the references instead:
-- deliveries are only made by the fan-out from existing contacts and notifications, notifications
-- are never deleted, deleting a contact clears contact_id on its past deliveries and removes its
-- pending ones, and the claim fails a delivery whose contact has gone (one removed while its
-- notification was being fanned out).
ALTER TABLE deliveries
  DROP CONSTRAINT deliveries_contact_id_fkey,
  DROP CONSTRAINT deliveries_notification_id_fkey;
