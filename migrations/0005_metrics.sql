-- Indexes for the evidence of DESIGN.md section 11, so metrics, forecasts and the
-- report read only what they need: the items created or finished in a window,
-- the open items past an SLA due date, and the decisions since a date.

-- Holds `finished` and `lane` too, so counting the items open at a window's
-- start reads the index alone.
CREATE INDEX items_created ON items (created, finished, lane);
CREATE INDEX items_finished ON items (finished) WHERE finished IS NOT NULL;
CREATE INDEX items_severity_due ON items (due)
    WHERE severity IS NOT NULL AND status IN ('todo', 'doing');
CREATE INDEX decisions_at ON decisions (at);
