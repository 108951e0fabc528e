-- A question not understood: the intent it came nearest to (the first topic offered), so that
-- the statistics can say per intent how often its questions were missed.
ALTER TABLE conversation_log ADD COLUMN nearest text;
