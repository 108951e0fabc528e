-- Deleting a contact sets contact_id to NULL on its past deliveries (the foreign key's ON DELETE
-- SET NULL); with only the pending rows indexed that was a scan of the whole deliveries table per
-- deleted contact. Every row is indexed now: one more index entry per settled delivery, measured
-- in docs/benchmarks.md, against a scan that grows with every notification ever sent.
DROP INDEX deliveries_by_contact;
CREATE INDEX deliveries_by_contact ON deliveries (contact_id);
