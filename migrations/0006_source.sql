-- Where an imported item came from: `jira:SR-12`, `github:rails/rails#48213`,
-- `taskwarrior:<uuid>`. A re-import of the same tracker matches on it, so it is
-- unique when set (SQLite lets any number of rows hold NULL in a unique index).

ALTER TABLE items ADD COLUMN source TEXT;
CREATE UNIQUE INDEX items_source ON items (source);
