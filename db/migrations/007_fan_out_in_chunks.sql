-- A notification is fanned out in chunks of contact ids, each its own transaction, so that the
-- dispatchers start sending the first chunk while later ones are still being made, and so that
-- no single transaction grows with the number of residents. fanout_after is the last contact id
-- fanned out so far (null: done); a fan-out cut short by a crash is finished by a dispatcher's
-- sweep. recipients counts the deliveries made, for the answer to a repeated request.
ALTER TABLE notifications
  ADD COLUMN fanout_after bigint,
  ADD COLUMN recipients bigint NOT NULL DEFAULT 0;
UPDATE notifications n
SET recipients = (SELECT count(*) FROM deliveries d WHERE d.notification_id = n.id);
CREATE INDEX notifications_fanning_out ON notifications (id) WHERE fanout_after IS NOT NULL;
