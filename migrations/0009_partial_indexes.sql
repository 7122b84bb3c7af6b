-- The indexes of columns most items leave empty hold only the items that set
-- them. Most items have no parent, an imported one no theme, an item added by
-- hand no source: an index of every row spent its space and its upkeep on the
-- empty ones, and no query looks them up through it (each asks for a parent,
-- a theme or a source, which implies it is set). A partial index stays unique
-- where the full one was: NULLs never collided.

DROP INDEX items_parent;
CREATE INDEX items_parent ON items (parent) WHERE parent IS NOT NULL;
DROP INDEX items_theme;
CREATE INDEX items_theme ON items (theme) WHERE theme IS NOT NULL;
DROP INDEX items_source;
CREATE UNIQUE INDEX items_source ON items (source) WHERE source IS NOT NULL;
