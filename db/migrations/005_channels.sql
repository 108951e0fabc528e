-- Messaging channels. A contact may carry what its channel needs beyond the address (a browser's
-- Web Push keys) and when the resident last wrote (Meta allows free text only within 24 hours
-- of that). Inbound platform messages are remembered by id for a while, so that a platform's
-- redelivery is answered once, whichever instance it reaches.
ALTER TABLE contacts ADD COLUMN channel_data text;
ALTER TABLE contacts ADD COLUMN last_inbound_at timestamptz;
-- A public account (the municipality's Mastodon timeline): it gets every notification of its
-- topics whatever the area, since everyone may read it.
ALTER TABLE contacts ADD COLUMN broadcast boolean NOT NULL DEFAULT false;

-- The message itself is kept until it is answered (then cleared): an instance that dies between
-- acknowledging the platform and answering leaves it here, and another answers it.
CREATE TABLE inbound_messages (
  channel     text NOT NULL,
  message_id  text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  payload     text,                                -- the message while unanswered (JSON)
  attempts    integer NOT NULL DEFAULT 1,
  taken_at    timestamptz NOT NULL DEFAULT now(),  -- when an instance last began answering it
  PRIMARY KEY (channel, message_id)
);
CREATE INDEX inbound_messages_by_time ON inbound_messages (received_at);
CREATE INDEX inbound_messages_unanswered ON inbound_messages (taken_at) WHERE payload IS NOT NULL;
