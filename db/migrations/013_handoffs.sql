-- Residents handed to a person (docs/handoff.md). A handoff waits in the queue, is taken by one
-- staff member (active), and is closed with a reason; a callback request (left outside office
-- hours) waits for staff to call or write back. At most one open handoff per conversation. The
-- messages are the conversation before (redacted as the conversation log is), what the resident
-- wrote meanwhile (redacted) and what staff replied; all kept as long as the log.
CREATE TABLE handoffs (
  id bigserial PRIMARY KEY,
  session text NOT NULL,             -- the chat session, or the channel's conversation
  channel text NOT NULL,             -- where the resident is: web, websocket, telegram, ...
  address text NOT NULL DEFAULT '',  -- their address on a messaging channel; '' for the web chat
  context text NOT NULL DEFAULT '',  -- what answering them there needs besides (a page id)
  lang text NOT NULL,
  status text NOT NULL CHECK (status IN ('waiting', 'active', 'callback', 'closed')),
  agent text,                        -- the staff member who has it
  question text,                     -- a callback request's question (redacted)
  contact text,                      -- a callback request's e-mail address or phone number
  close_reason text,
  closed_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  taken_at timestamptz,
  closed_at timestamptz,
  resident_at timestamptz NOT NULL DEFAULT now()  -- the resident's last message
);
CREATE UNIQUE INDEX handoffs_one_open ON handoffs (session) WHERE status IN ('waiting', 'active');
CREATE INDEX handoffs_by_status ON handoffs (status, id);
CREATE INDEX handoffs_closed_at ON handoffs (closed_at);

CREATE TABLE handoff_messages (
  id bigserial PRIMARY KEY,
  handoff_id bigint NOT NULL REFERENCES handoffs (id) ON DELETE CASCADE,
  sender text NOT NULL CHECK (sender IN ('resident', 'bot', 'staff', 'event')),
  staff_name text,
  text text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX handoff_messages_by_handoff ON handoff_messages (handoff_id, id);

-- The staff who answer handed-over residents in the inbox.
ALTER TABLE staff_tokens DROP CONSTRAINT staff_tokens_role_check;
ALTER TABLE staff_tokens ADD CONSTRAINT staff_tokens_role_check
  CHECK (role IN ('editor', 'campaigns', 'agent', 'admin'));
