-- Each save of a conversation's state counts its version up, and a turn saves only over the
-- version it read: of two turns of one conversation at once (on two instances, say), the later
-- learns that it lost and is answered again from the winner's state instead of overwriting it.
ALTER TABLE conversation_state ADD COLUMN version bigint NOT NULL DEFAULT 1;
