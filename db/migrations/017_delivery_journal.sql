-- Outcomes of sends a dispatcher made while its batch's transaction is still open, written in
-- small groups as the sends complete, each group under the batch's transaction id. When the
-- dispatcher is killed its batch rolls back but these groups stay: the next claim (any instance)
-- settles the groups of batches that are no longer in progress, so only the sends in flight at
-- the kill go out again. Unlogged: no WAL for rows that live as long as a batch; a PostgreSQL
-- crash empties it, and then the batches in flight are sent again whole.
CREATE UNLOGGED TABLE delivery_journal (
  batch_xid xid8 NOT NULL,
  outcomes jsonb NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delivery_journal_by_batch ON delivery_journal (batch_xid);
