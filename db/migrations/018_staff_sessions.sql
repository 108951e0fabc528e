-- Staff signed in at /admin: a staff token (or the admin token) exchanged for a session cookie.
-- Only hashes are kept: the cookie's value and the token it came from (so that revoking the
-- token ends its sessions).

CREATE TABLE staff_sessions (
  id_hash     bytea PRIMARY KEY,          -- SHA-256 of the cookie's value
  name        text NOT NULL,
  role        text NOT NULL,
  token_hash  bytea NOT NULL,             -- SHA-256 of the token signed in with
  csrf        text NOT NULL,              -- what a state-changing call must send in X-CSRF-Token
  created_at  timestamptz NOT NULL DEFAULT now(),
  last_seen   timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL        -- the absolute end, however active
);
CREATE INDEX staff_sessions_by_expiry ON staff_sessions (expires_at);
