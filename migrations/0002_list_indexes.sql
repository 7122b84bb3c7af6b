-- Indexes for every filter `lanes list` offers, and one that holds open items in
-- rank order (DESIGN.md section 4) so the top of the backlog is read, not sorted.

ALTER TABLE items ADD COLUMN horizon_rank INTEGER
    GENERATED ALWAYS AS (CASE horizon WHEN 'now' THEN 0 WHEN 'next' THEN 1 ELSE 2 END) VIRTUAL;
ALTER TABLE items ADD COLUMN urgency INTEGER
    GENERATED ALWAYS AS (CASE severity WHEN 'S1' THEN 0 WHEN 'S2' THEN 1 ELSE 2 END) VIRTUAL;
ALTER TABLE items ADD COLUMN no_due INTEGER
    GENERATED ALWAYS AS (due IS NULL) VIRTUAL;

CREATE INDEX items_rank_open ON items (horizon_rank, urgency, score DESC, no_due, due, id)
    WHERE status IN ('todo', 'doing');
CREATE INDEX items_rank_all ON items (horizon_rank, urgency, score DESC, no_due, due, id);
CREATE INDEX items_lane ON items (lane);
CREATE INDEX items_horizon ON items (horizon);
CREATE INDEX items_status ON items (status);
CREATE INDEX items_owner ON items (owner);
CREATE INDEX items_theme ON items (theme);
CREATE INDEX items_parent ON items (parent);
CREATE INDEX labels_label ON labels (label);
