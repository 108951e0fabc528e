-- Where each conversation stands (the question asked, the language, the buttons offered), so
-- that any instance continues any conversation. Unlogged: it is written on every chat turn and
-- lives minutes; after a PostgreSQL crash (or on a failover standby) conversations start afresh,
-- which costs a resident one repeated question, not data. Only the primary key is indexed, so
-- the update of a turn is a heap-only one; expired rows are swept by a sequential scan.
CREATE UNLOGGED TABLE conversation_state (
  session text PRIMARY KEY,
  state text NOT NULL,
  expires_at timestamptz NOT NULL
) WITH (fillfactor = 70);
