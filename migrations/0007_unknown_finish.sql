-- Finished items whose finish time is unknown: a tracker exported them as done
-- without a resolution date. They were open once, but not at any window's
-- start that can be named, so counting the items open at a window's start
-- takes them away from the items without a finish. They are few; this index
-- holds only them, so the count reads it alone.
CREATE INDEX items_finish_unknown ON items (created, lane)
    WHERE finished IS NULL AND status IN ('done', 'declined');
