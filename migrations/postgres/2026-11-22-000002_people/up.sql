-- People, their memberships, the agency directory, and the mail outbox.

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    -- Lower-cased; unique.
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    language TEXT NOT NULL,
    email_verified_at TIMESTAMP,
    -- Raised by "sign out everywhere": access tokens of an older epoch are refused.
    session_epoch INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);

-- Agencies: buyers and procuring entities from the OCDS data, keyed like organizations.
CREATE TABLE agencies (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    -- From the data; kept current by imports.
    data_email TEXT,
    -- Set by an admin; wins over the data.
    contact_email TEXT,
    address TEXT,
    -- When an admin merges duplicates, the one merged away points at the one kept.
    merged_into TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Civil-society organizations whose moderators triage feedback.
CREATE TABLE civil_society_orgs (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- A role held in an organization: officer of an agency, moderator of a civil-society
-- organization, oversight member of an oversight body; citizen and admin hold no organization
-- (organization_id is the empty string).
CREATE TABLE memberships (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, role, organization_id)
);
CREATE INDEX memberships_organization ON memberships (organization_id, role);

-- Refresh tokens are stored only as hashes; revoking sets revoked_at.
CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

-- Single-use, expiring links: email verification, password reset, officer invitations.
CREATE TABLE one_time_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    purpose TEXT NOT NULL,
    user_id TEXT,
    email TEXT,
    organization_id TEXT,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);

-- Throttling counters shared by every instance: one row per key and window.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY NOT NULL,
    window_start TIMESTAMP NOT NULL,
    hits INTEGER NOT NULL
);

-- Every mail, written in the same transaction as the change that causes it, rendered already,
-- and sent later by a worker. A worker leases a message before sending it, so several workers
-- never send one message twice.
CREATE TABLE outbox (
    id BIGSERIAL PRIMARY KEY,
    recipient TEXT NOT NULL,
    template TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    -- Fixed when the message is queued, so a resent copy is recognisable as the same message.
    message_id TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    leased_until TIMESTAMP,
    leased_by TEXT,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
