-- Contacts, subscriptions, notifications and their deliveries: the store behind proactive
-- notifications. Areas and texts keep what staff sent; deliveries are the unit of work.

CREATE TABLE contacts (
  id          bigserial PRIMARY KEY,
  channel     text NOT NULL,
  address     text NOT NULL,             -- platform id, URL or chat session, per channel
  lang        text NOT NULL,
  postcode    text,                      -- normalised: 9701AB
  lat         double precision,
  lon         double precision,
  quiet_start smallint,                  -- minutes after local midnight; null: the default
  quiet_end   smallint,
  consent_at  timestamptz NOT NULL DEFAULT now(),
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel, address)
);

CREATE TABLE subscriptions (
  contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  topic      text NOT NULL,
  PRIMARY KEY (contact_id, topic)
);
CREATE INDEX subscriptions_by_topic ON subscriptions (topic, contact_id);

CREATE TABLE notifications (
  id                bigserial PRIMARY KEY,
  topic             text NOT NULL,
  postcodes         text[],
  postcode_prefixes text[],
  lat               double precision,
  lon               double precision,
  radius_m          double precision,
  texts             jsonb NOT NULL,        -- {"nl": "...", "en": "..."}
  default_lang      text NOT NULL,
  send_at           timestamptz NOT NULL DEFAULT now(),
  expires_at        timestamptz,
  urgent            boolean NOT NULL DEFAULT false,
  created_by        text NOT NULL,
  idempotency_key   text,
  cancelled_at      timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (created_by, idempotency_key)
);

CREATE TABLE deliveries (
  id                  bigserial PRIMARY KEY,
  notification_id     bigint NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  -- Kept (as null) when a contact is removed after its delivery was sent.
  contact_id          bigint REFERENCES contacts (id) ON DELETE SET NULL,
  status              text NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'sent', 'failed', 'expired', 'cancelled')),
  attempts            integer NOT NULL DEFAULT 0,
  next_attempt_at     timestamptz NOT NULL,
  last_error          text,
  sent_at             timestamptz,
  platform_message_id text
);
-- Every index is rewritten on every claim and settle (they change indexed columns, so no HOT
-- updates): keep them few. One delivery per contact and notification follows from the fan-out
-- (subscriptions are unique per contact and topic), so no unique index is kept for it.
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_by_notification ON deliveries (notification_id);
CREATE INDEX deliveries_by_contact ON deliveries (contact_id) WHERE status = 'pending';
