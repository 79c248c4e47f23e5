-- Imports write less: the full-text index keeps no copy of the text it indexes (it is in
-- `processes` already; rows are matched by rowid), and the by-organization index of parties
-- waits until a query needs it.
DROP INDEX process_parties_organization;
DROP TABLE process_search;
CREATE VIRTUAL TABLE process_search USING fts5(
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO process_search (rowid, body)
SELECT rowid, coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || party_names
FROM processes;
