DROP TABLE search_index;
DELETE FROM process_search;
INSERT INTO process_search (rowid, body)
SELECT rowid, coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || party_names
FROM processes;
