-- The processes sending to the messaging platforms now. Each renews its row every few seconds
-- and sends at 1/N of a platform's documented rate (Telegram's 30 messages/s per bot, a WhatsApp
-- number's throughput), N being the rows renewed lately: together they stay within the rate.
-- A process that died stops renewing and its share goes to the others. Unlogged: after a
-- PostgreSQL crash the rows are back within one renewal.
CREATE UNLOGGED TABLE senders (
  instance text PRIMARY KEY,
  seen_at timestamptz NOT NULL
);
