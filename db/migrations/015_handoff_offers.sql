-- Which answers offered a person (the handoff button), so the dashboard can show how often one
-- was offered next to how often it was chosen.
ALTER TABLE conversation_log ADD COLUMN handoff_offered boolean NOT NULL DEFAULT false;
