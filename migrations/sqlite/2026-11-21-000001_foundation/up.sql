-- One row per contracting process: its releases exactly as published, and the fields pages,
-- search and routing need, indexed from its compiled release. The compiled and versioned
-- releases are derived, so they are built on request, not stored.
CREATE TABLE processes (
    ocid TEXT PRIMARY KEY NOT NULL,
    -- JSON array, in date order: for each release its id, date, OCDS version, tag, source, and
    -- a digest of its text (equal text = unchanged release on re-import).
    release_index TEXT NOT NULL,
    -- The releases' JSON texts as published, as one JSON array in the same order, LZ4-compressed:
    -- releases of one process repeat each other, so together they compress to a fraction, and one
    -- row per process is written instead of one per release.
    release_data BLOB NOT NULL,
    title TEXT,
    description TEXT,
    buyer_id TEXT,
    buyer_name TEXT,
    procuring_entity_id TEXT,
    procuring_entity_name TEXT,
    procurement_method TEXT,
    main_procurement_category TEXT,
    is_public_works BOOLEAN NOT NULL DEFAULT 0,
    status TEXT,
    stage TEXT NOT NULL,
    value_amount DOUBLE,
    currency TEXT,
    tender_start TIMESTAMP,
    tender_end TIMESTAMP,
    award_date TIMESTAMP,
    contract_date TIMESTAMP,
    last_release_date TIMESTAMP,
    release_count INTEGER NOT NULL,
    ocds_version TEXT NOT NULL,
    party_names TEXT NOT NULL,
    classifications TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX processes_buyer ON processes (buyer_id);
CREATE INDEX processes_procuring_entity ON processes (procuring_entity_id);
-- Listing walks this index newest first; the coarse filters (method, category, status, value)
-- are checked along the way. Indexes on them cost more at import than they save at read time.
CREATE INDEX processes_recent ON processes (last_release_date, ocid);

-- Organizations named in the data, keyed by identifier scheme and id (or a key derived from the
-- name when the publisher gives none).
CREATE TABLE organizations (
    id TEXT PRIMARY KEY NOT NULL,
    scheme TEXT,
    identifier TEXT,
    name TEXT NOT NULL,
    email TEXT,
    address TEXT,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE process_parties (
    ocid TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (ocid, organization_id, role)
);
CREATE INDEX process_parties_organization ON process_parties (organization_id, role);

-- Full-text index over titles, descriptions and party names (SQLite FTS5).
CREATE VIRTUAL TABLE process_search USING fts5(
    ocid UNINDEXED,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
