-- Indexes for what changed in how lanes finds items.
--
-- `items_duplicate_of`: the one reference to items that had no index. Removing
-- an item (the undo of its creation, or of an import) makes SQLite look for the
-- rows that name it as their `duplicate_of` (ON DELETE SET NULL); without an
-- index that was a scan of the whole table per removed item, and undoing an
-- import of 10k items into a 10k backlog took 15 s instead of half a second.
-- Few items are duplicates, so the index holds only those.
--
-- `items_owner` and `labels_label`: owners and labels are compared without
-- regard to the case of ASCII letters (`--owner Ana` finds `ana`, as the TUI
-- always did), which an index serves only when it is built that way.

CREATE INDEX items_duplicate_of ON items (duplicate_of) WHERE duplicate_of IS NOT NULL;

DROP INDEX items_owner;
CREATE INDEX items_owner ON items (owner COLLATE NOCASE);

DROP INDEX labels_label;
CREATE INDEX labels_label ON labels (label COLLATE NOCASE);
