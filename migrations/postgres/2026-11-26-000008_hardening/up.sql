-- A refresh token revoked by rotation and presented again means it leaked (every session ends);
-- one revoked by signing out is only refused.
ALTER TABLE refresh_tokens ADD COLUMN rotated BOOLEAN NOT NULL DEFAULT FALSE;
-- The civil-society organization whose moderators took the item up in triage: only they may
-- look behind its pseudonym.
ALTER TABLE feedback_items ADD COLUMN cso_id TEXT;
-- The organization in whose name an identity was revealed.
ALTER TABLE identity_reveals ADD COLUMN organization_id TEXT;
