-- The resident's words as written ("mijn adres is Dijkweg 12"), for the staff member helping them
-- while the handoff is open: the redacted text ("[ADRES]") would make them ask again. Only the
-- redacted text is kept once the handoff closes, whichever path closes it (staff, the resident,
-- the sweep of residents who left, the contact centre): the trigger forgets the rest then.
ALTER TABLE handoff_messages ADD COLUMN unredacted text;

CREATE FUNCTION forget_unredacted_handoff_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE handoff_messages SET unredacted = NULL
  WHERE handoff_id = NEW.id AND unredacted IS NOT NULL;
  RETURN NULL;
END
$$;

CREATE TRIGGER handoff_closed_forgets_unredacted_words
  AFTER UPDATE OF status ON handoffs
  FOR EACH ROW WHEN (NEW.status = 'closed' AND OLD.status <> 'closed')
  EXECUTE FUNCTION forget_unredacted_handoff_words();
