-- Unanswered questions staff set aside on the dashboard (already handled, or not the
-- municipality's business): left out of the unanswered list for everyone. Redacted text, as in
-- the conversation log, and deleted with it.
CREATE TABLE ignored_questions (
  lang        text NOT NULL,
  text        text NOT NULL,      -- lower-case, as the statistics group it
  ignored_by  text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (lang, text)
);
