-- The last reload refused on any instance (content that does not load: a half-saved or wrong
-- file), with its problems, for the staff dashboard: staff who save a file see why it is not
-- served, whichever instance answers them. Emptied when content is published again.
CREATE TABLE content_refusals (
  refused_at timestamptz NOT NULL DEFAULT now(),
  reason text NOT NULL,
  origin text NOT NULL,
  serving text NOT NULL,
  problems json NOT NULL
);
