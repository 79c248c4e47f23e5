-- Publishers' feeds that `veedor sync` follows (config/sources.toml declares them; this keeps
-- their state). The cursor moves in the same transaction as the releases it covers, so a sync
-- stopped at any moment resumes where it stopped. The lease lets one instance at a time sync a
-- source; every commit checks it is still the holder.
CREATE TABLE sync_sources (
    id TEXT PRIMARY KEY NOT NULL,
    cursor TEXT,
    lease_holder TEXT,
    lease_until TIMESTAMP,
    last_started_at TIMESTAMP,
    last_finished_at TIMESTAMP,
    last_outcome TEXT,
    last_pages BIGINT NOT NULL DEFAULT 0,
    last_new BIGINT NOT NULL DEFAULT 0,
    last_unchanged BIGINT NOT NULL DEFAULT 0,
    last_conflicting BIGINT NOT NULL DEFAULT 0,
    last_errors BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    next_run_at TIMESTAMP
);

-- Files of a `directory` source already imported (name, size and modification time), recorded
-- in the transaction that commits the file's last releases.
CREATE TABLE sync_files (
    source_id TEXT NOT NULL,
    name TEXT NOT NULL,
    size BIGINT NOT NULL,
    modified TEXT NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    PRIMARY KEY (source_id, name)
);

-- New releases of processes people gave feedback on, recorded by the import in the transaction
-- that stores them: shown in those items' public history, and announced once by mail to the
-- complainant and the agency (announced_at is set in the transaction that queues the mail).
CREATE TABLE process_news (
    id BIGSERIAL PRIMARY KEY,
    ocid TEXT NOT NULL,
    release_id TEXT NOT NULL,
    release_date TEXT NOT NULL,
    tags TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    announced_at TIMESTAMP
);
CREATE INDEX process_news_by_process ON process_news (ocid, created_at);
CREATE INDEX process_news_to_announce ON process_news (id) WHERE announced_at IS NULL;
