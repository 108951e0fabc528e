-- Answering a resident's request (what is held about them; erase it): the conversation log lines
-- of their sessions are found by a key derived from the session (SHA-256, hex), not by the
-- session itself, which is a credential.
ALTER TABLE conversation_log ADD COLUMN session_key text;
CREATE INDEX conversation_log_by_session ON conversation_log (session_key)
  WHERE session_key IS NOT NULL;
CREATE INDEX answer_feedback_by_session ON answer_feedback (session);
CREATE INDEX handoffs_by_session ON handoffs (session);
CREATE INDEX audit_log_at ON audit_log (at);
