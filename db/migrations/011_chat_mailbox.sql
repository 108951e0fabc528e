-- What loket has for a web-chat resident besides the answers to their own messages (alerts;
-- later a person's replies): any instance's dispatcher adds a frame here and announces it with
-- NOTIFY loket_chat (the session as payload); the instance holding the resident's open chat
-- shows it at once, and a chat opened later asks for what came since it last looked. A delivery
-- adds its frame once, however often it is tried. shown_at: pushed to an open chat at least once.
CREATE TABLE chat_mailbox (
  id bigserial PRIMARY KEY,
  session text NOT NULL,
  delivery_id bigint UNIQUE,
  frame text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  shown_at timestamptz
);
CREATE INDEX chat_mailbox_session ON chat_mailbox (session, id);
