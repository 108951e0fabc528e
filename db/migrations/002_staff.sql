-- Staff tokens (stored as SHA-256 hashes; the token itself is shown once) and the audit trail of
-- staff actions.

CREATE TABLE staff_tokens (
  id           bigserial PRIMARY KEY,
  name         text NOT NULL,
  role         text NOT NULL CHECK (role IN ('editor', 'campaigns', 'admin')),
  token_hash   bytea NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);
CREATE INDEX staff_tokens_by_name ON staff_tokens (name);

CREATE TABLE audit_log (
  id       bigserial PRIMARY KEY,
  at       timestamptz NOT NULL DEFAULT now(),
  actor    text NOT NULL,        -- the token's name
  action   text NOT NULL,        -- "POST /admin/v1/notifications"
  target   text,
  outcome  integer NOT NULL      -- the HTTP status given
);
CREATE INDEX audit_log_by_time ON audit_log (at);
