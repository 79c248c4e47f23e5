-- Agencies are found by name in any case: a lowercased copy of the name, written by Veedor
-- (SQLite's lower() knows only ASCII) and filled for existing rows by `veedor migrate`.
ALTER TABLE agencies ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
