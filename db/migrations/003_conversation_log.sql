-- What residents ask, for the staff dashboard: the text only with personal data redacted, and
-- deleted after the retention period.
CREATE TABLE conversation_log (
  id            bigserial PRIMARY KEY,
  at            timestamptz NOT NULL DEFAULT now(),
  channel       text NOT NULL,
  lang          text NOT NULL,
  intent        text,
  confidence    real NOT NULL,
  fallback      boolean NOT NULL,
  response_ms   real NOT NULL,
  text_redacted text NOT NULL
);
CREATE INDEX conversation_log_by_time ON conversation_log (at);
