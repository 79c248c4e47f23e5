DROP TABLE process_search;
CREATE VIRTUAL TABLE process_search USING fts5(
    ocid UNINDEXED,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO process_search (ocid, body)
SELECT ocid, coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || party_names
FROM processes;
CREATE INDEX process_parties_organization ON process_parties (organization_id, role);
