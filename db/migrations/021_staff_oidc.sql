-- Staff signed in with the municipality's own accounts (OpenID Connect): such a session lives
-- until signed out, idle or at its end (no loket token to revoke), and each sign-in under way
-- keeps its nonce and PKCE verifier here, for the instance that receives the issuer's answer.
ALTER TABLE staff_sessions ADD COLUMN via text NOT NULL DEFAULT 'token'
  CHECK (via IN ('token', 'oidc'));

CREATE TABLE staff_oidc_logins (
  state_hash  bytea PRIMARY KEY,           -- SHA-256 of the state sent to the issuer
  nonce       text NOT NULL,
  verifier    text NOT NULL,               -- PKCE code verifier
  created_at  timestamptz NOT NULL DEFAULT now()
);
