-- Each save of a conversation's state gets a new version, and a turn saves only over the version
-- it read: of two turns of one conversation at once (on two instances, say), the later learns
-- that it lost and is answered again from the winner's state instead of overwriting it. Versions
-- come from one sequence, so a row made again after a purge or an erasure never has a version an
-- instance's old copy of the conversation could match.
CREATE SEQUENCE conversation_state_versions;
ALTER TABLE conversation_state ADD COLUMN version bigint NOT NULL DEFAULT 0;
