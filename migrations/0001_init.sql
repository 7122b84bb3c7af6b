-- The backlog: items and what hangs off them, themes, policy, and the decision log.

CREATE TABLE themes (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    outcome TEXT,
    status  TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'done', 'dropped'))
);

CREATE TABLE items (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    description  TEXT,
    lane         TEXT CHECK (lane IN ('hotfix', 'stability', 'feature', 'bet')),
    status       TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done', 'declined')),
    value        INTEGER,
    impact       INTEGER,
    risk         INTEGER,
    effort       INTEGER,
    -- Computed from the four inputs and the policy weights; kept so lists can be
    -- ranked by an index.
    score        REAL,
    severity     TEXT CHECK (severity IN ('S1', 'S2', 'S3', 'S4')),
    horizon      TEXT NOT NULL DEFAULT 'later' CHECK (horizon IN ('now', 'next', 'later')),
    pinned       INTEGER NOT NULL DEFAULT 0,
    due          TEXT,
    owner        TEXT,
    theme        INTEGER REFERENCES themes (id),
    parent       INTEGER REFERENCES items (id) ON DELETE SET NULL,
    segment      TEXT,
    metric       TEXT,
    workaround   TEXT,
    root_cause   TEXT,
    prevention   TEXT,
    duplicate_of INTEGER REFERENCES items (id) ON DELETE SET NULL,
    created      TEXT NOT NULL,
    updated      TEXT NOT NULL,
    started      TEXT,
    finished     TEXT
);

CREATE TABLE labels (
    item  INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    PRIMARY KEY (item, label)
) WITHOUT ROWID;

CREATE TABLE criteria (
    item     INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    done     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (item, position)
) WITHOUT ROWID;

-- "item is blocked by blocker"; kept acyclic by the store.
CREATE TABLE dependencies (
    item    INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    blocker INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    PRIMARY KEY (item, blocker)
) WITHOUT ROWID;
CREATE INDEX dependencies_blocker ON dependencies (blocker);

CREATE TABLE policy (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- One user action; its decisions share its id. `state` drives undo and redo:
-- done → undone (by `undone_by`) → done again, or abandoned once a new change
-- makes redo impossible.
CREATE TABLE actions (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    by        TEXT NOT NULL,
    kind      TEXT NOT NULL DEFAULT 'change' CHECK (kind IN ('change', 'undo', 'redo', 'import')),
    target    INTEGER REFERENCES actions (id),
    state     TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'abandoned')),
    undone_by INTEGER REFERENCES actions (id)
);
CREATE INDEX actions_state ON actions (state, id);

-- Never edited or deleted.
CREATE TABLE decisions (
    id     INTEGER PRIMARY KEY,
    action INTEGER NOT NULL REFERENCES actions (id),
    at     TEXT NOT NULL,
    by     TEXT NOT NULL,
    item   INTEGER,
    field  TEXT NOT NULL,
    old    TEXT,
    new    TEXT,
    why    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX decisions_item ON decisions (item, id);
CREATE INDEX decisions_action ON decisions (action, id);
