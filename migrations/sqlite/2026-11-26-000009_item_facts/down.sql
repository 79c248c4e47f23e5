DROP INDEX feedback_items_created;
DROP INDEX feedback_items_answered;
ALTER TABLE feedback_items DROP COLUMN satisfied;
ALTER TABLE feedback_items DROP COLUMN deadline_missed;
ALTER TABLE feedback_items DROP COLUMN answered_at;
ALTER TABLE feedback_items DROP COLUMN answer;
ALTER TABLE feedback_items DROP COLUMN routed_at;
