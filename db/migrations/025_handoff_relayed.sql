-- The newest message of a handoff passed on to the contact centre's system (ids up to it were
-- either in the transcript it got when the conversation was opened there, or relayed one by one).
-- A resident's message kept while another turn was still opening the conversation there is
-- relayed by whichever turn next moves this mark past it, so nothing is left behind and nothing
-- goes twice. Handoffs already opened there start with everything they hold counted as passed on.
ALTER TABLE handoffs ADD COLUMN relayed_through bigint NOT NULL DEFAULT 0;
UPDATE handoffs h SET relayed_through = coalesce(
  (SELECT max(m.id) FROM handoff_messages m WHERE m.handoff_id = h.id), 0)
WHERE external_ref IS NOT NULL;
