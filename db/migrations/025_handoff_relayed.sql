-- The newest message of a handoff passed on to the contact centre's system (ids up to it were
-- either in the transcript it got when the conversation was opened there, or relayed one by one).
-- A resident's message kept while another turn was still opening the conversation there is
-- relayed by whichever turn next moves this mark past it, so none is left behind. NULL until the
-- conversation is opened there. Handoffs already opened there start with everything they hold
-- counted as passed on, and so does one that an instance of an older release opens during a
-- rollout (it records the conversation without this mark, and passes messages on itself).
ALTER TABLE handoffs ADD COLUMN relayed_through bigint;
UPDATE handoffs h SET relayed_through = coalesce(
  (SELECT max(m.id) FROM handoff_messages m WHERE m.handoff_id = h.id), 0)
WHERE external_ref IS NOT NULL;
CREATE FUNCTION handoff_relayed_through_at_opening() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.external_ref IS NOT NULL AND NEW.relayed_through IS NULL THEN
    NEW.relayed_through := coalesce(
      (SELECT max(m.id) FROM handoff_messages m WHERE m.handoff_id = NEW.id), 0);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER handoff_relayed_through_at_opening BEFORE UPDATE OF external_ref ON handoffs
  FOR EACH ROW EXECUTE FUNCTION handoff_relayed_through_at_opening();
