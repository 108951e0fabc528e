-- "Was this answer helpful?" under the web chat's answers: a thumb up or down per answer, with an
-- optional short comment (redacted as the conversation log is), kept as long as the log. The
-- session is kept only so the resident who gave the thumb can add the comment to it.
CREATE TABLE answer_feedback (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  session text NOT NULL,
  intent text NOT NULL,
  lang text NOT NULL,
  helpful boolean NOT NULL,
  comment_redacted text
);
CREATE INDEX answer_feedback_at ON answer_feedback (at);
