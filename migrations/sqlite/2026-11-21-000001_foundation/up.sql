-- Releases exactly as published: the source of truth from which records are compiled.
CREATE TABLE releases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ocid TEXT NOT NULL,
    release_id TEXT NOT NULL,
    release_date TEXT NOT NULL,
    ocds_version TEXT NOT NULL,
    digest TEXT NOT NULL,
    data TEXT NOT NULL,
    source TEXT NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    UNIQUE (ocid, release_id)
);

-- One row per contracting process: its compiled release and the fields pages and routing need.
CREATE TABLE processes (
    ocid TEXT PRIMARY KEY NOT NULL,
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
    compiled TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX processes_buyer ON processes (buyer_id);
CREATE INDEX processes_procuring_entity ON processes (procuring_entity_id);
CREATE INDEX processes_method ON processes (procurement_method);
CREATE INDEX processes_category ON processes (main_procurement_category);
CREATE INDEX processes_status ON processes (status);
CREATE INDEX processes_recent ON processes (last_release_date, ocid);
CREATE INDEX processes_value ON processes (value_amount);

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
