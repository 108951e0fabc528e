-- Handoffs carried by the contact centre's own system (Chatwoot, or a system behind the signed
-- webhook) instead of the built-in inbox: which one, and its name for the conversation. Its
-- agents' messages carry their id there, so a webhook delivered twice is shown to the resident
-- once.
ALTER TABLE handoffs ADD COLUMN desk text NOT NULL DEFAULT 'inbox';
ALTER TABLE handoffs ADD COLUMN external_ref text;
CREATE UNIQUE INDEX handoffs_by_external_ref ON handoffs (desk, external_ref)
  WHERE external_ref IS NOT NULL;
ALTER TABLE handoff_messages ADD COLUMN external_id text;
CREATE UNIQUE INDEX handoff_messages_external_once ON handoff_messages (handoff_id, external_id)
  WHERE external_id IS NOT NULL;
