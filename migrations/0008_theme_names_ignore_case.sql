-- Theme names are unique ignoring the case of ASCII letters, as lanes looks
-- them up (`trust and reliability` finds `Trust and reliability`) and as it
-- compares owners and labels: SQLite's NOCASE.
--
-- A backlog written before may hold two themes whose names differ only so.
-- The oldest keeps its name; each later one is renamed `NAME (#ID)` (cut so
-- that it stays within 100 characters), which no other theme can hold. The
-- renames are one recorded action, a decision per theme, like any change: it
-- leaves what was undone before impossible to redo, as a change does.

UPDATE actions SET state = 'abandoned'
WHERE state = 'undone'
  AND EXISTS (SELECT 1 FROM themes a JOIN themes b ON b.name = a.name COLLATE NOCASE AND b.id < a.id);

INSERT INTO actions (at, by, kind)
SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'lanes', 'change'
WHERE EXISTS (SELECT 1 FROM themes a JOIN themes b ON b.name = a.name COLLATE NOCASE AND b.id < a.id);

INSERT INTO decisions (action, at, by, item, field, old, new, why)
SELECT (SELECT max(id) FROM actions), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'lanes', NULL,
       'theme:' || a.id || ':name', a.name,
       substr(a.name, 1, 100 - length(' (#' || a.id || ')')) || ' (#' || a.id || ')',
       'theme names are unique ignoring case: theme #' ||
       (SELECT min(b.id) FROM themes b WHERE b.name = a.name COLLATE NOCASE) ||
       ' is named so already; renamed when the backlog was upgraded'
FROM themes a
WHERE EXISTS (SELECT 1 FROM themes b WHERE b.name = a.name COLLATE NOCASE AND b.id < a.id)
ORDER BY a.id;

UPDATE themes
SET name = substr(name, 1, 100 - length(' (#' || id || ')')) || ' (#' || id || ')'
WHERE EXISTS (SELECT 1 FROM themes b WHERE b.name = themes.name COLLATE NOCASE AND b.id < themes.id);

CREATE UNIQUE INDEX themes_name ON themes (name COLLATE NOCASE);
