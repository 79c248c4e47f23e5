-- Feedback items, their append-only history, evidence files and identity reveals.

-- One row per item: what was submitted, plus its current workflow position. The position
-- columns are a projection of feedback_events, rewritten in the same transaction as each event;
-- `version` (the number of events) makes concurrent transitions on one item conflict.
CREATE TABLE feedback_items (
    id TEXT PRIMARY KEY NOT NULL,
    ocid TEXT NOT NULL,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    stage TEXT,
    -- Which award, contract or lot of the process it is about.
    subject_id TEXT,
    description TEXT NOT NULL,
    rating INTEGER,
    answers TEXT NOT NULL,
    anonymous BOOLEAN NOT NULL,
    author_id TEXT NOT NULL REFERENCES users (id),
    -- Shown instead of the author when anonymous: stable per process, unlinkable across.
    pseudonym TEXT NOT NULL,
    state TEXT NOT NULL,
    -- The state before a pause (target of "@previous").
    resume_state TEXT,
    outcome TEXT,
    agency_id TEXT,
    oversight_id TEXT,
    routing_rule TEXT,
    duplicate_of TEXT,
    -- Deadline of the current state; NULL when it has none or its clock is paused.
    due_at TIMESTAMP,
    overdue_since TIMESTAMP,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX feedback_items_ocid ON feedback_items (ocid, created_at);
CREATE INDEX feedback_items_state ON feedback_items (state, created_at);
CREATE INDEX feedback_items_agency ON feedback_items (agency_id, state);
CREATE INDEX feedback_items_oversight ON feedback_items (oversight_id, state);
CREATE INDEX feedback_items_due ON feedback_items (due_at);
CREATE INDEX feedback_items_author ON feedback_items (author_id);

-- The history. Never updated or deleted (triggers refuse it); `seq` numbers an item's events,
-- and UNIQUE (item_id, seq) makes two writers racing on one item fail instead of both landing.
CREATE TABLE feedback_events (
    id BIGSERIAL PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES feedback_items (id),
    seq INTEGER NOT NULL,
    transition TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    actor_id TEXT,
    role TEXT NOT NULL,
    organization_id TEXT,
    comment TEXT,
    -- Details of the event (routing decision, category change, finding), as JSON.
    details TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (item_id, seq)
);
CREATE FUNCTION feedback_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'feedback_events is append-only';
END;
$$;
CREATE TRIGGER feedback_events_no_change BEFORE UPDATE OR DELETE ON feedback_events
FOR EACH ROW EXECUTE FUNCTION feedback_events_append_only();

-- Evidence files, stored under the data directory (never the web root), checked by content.
CREATE TABLE attachments (
    id TEXT PRIMARY KEY NOT NULL,
    item_id TEXT NOT NULL REFERENCES feedback_items (id),
    event_seq INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    digest TEXT NOT NULL,
    -- Whether everyone may fetch it (agency and oversight documents) or only those handling it.
    public BOOLEAN NOT NULL,
    uploaded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX attachments_item ON attachments (item_id, event_seq);

-- Every time someone looked behind an anonymous complainant's pseudonym.
CREATE TABLE identity_reveals (
    id BIGSERIAL PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES feedback_items (id),
    revealed_to TEXT NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX identity_reveals_item ON identity_reveals (item_id);
