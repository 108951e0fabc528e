-- The content every instance serves: a reload on one instance stores its validated files here
-- and announces the new row with NOTIFY loket_content; the others load the same files from
-- here, even where their own copies are older. digest identifies the files; it is indexed so
-- that an instance starting with files published before (and since replaced) follows the newest
-- instead of bringing them back. The files of all but the newest versions are dropped.
CREATE TABLE content_versions (
  seq bigserial PRIMARY KEY,
  digest text NOT NULL,
  server_file text NOT NULL,
  files json,
  origin text NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX content_versions_digest ON content_versions (digest);
