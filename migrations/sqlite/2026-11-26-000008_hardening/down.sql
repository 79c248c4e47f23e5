ALTER TABLE identity_reveals DROP COLUMN organization_id;
ALTER TABLE feedback_items DROP COLUMN cso_id;
ALTER TABLE refresh_tokens DROP COLUMN rotated;
