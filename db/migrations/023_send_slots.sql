-- The end of the send slots claimed so far for each paced platform key (a Telegram bot, a WhatsApp
-- number, a push service), shared by every process that sends: a sender with work claims the next
-- few slots, spaced at the platform's rate, so all of them together never go faster than the rate,
-- and one alone may use all of it. Unlogged: after a crash pacing starts afresh from now.
-- (The `senders` table of the lease shares this replaces stays until instances that still renew
-- it are gone: an upgrade runs old and new side by side.)
CREATE UNLOGGED TABLE send_slots (
  key     text PRIMARY KEY,
  next_at timestamptz NOT NULL
);
