-- What the workflow's effects record on the item, so that readers never match transition names:
-- when it was routed to the agency, the agency's answer and when, whether a deadline was
-- missed, and the complainant's rating of the answer.
ALTER TABLE feedback_items ADD COLUMN routed_at TIMESTAMP;
ALTER TABLE feedback_items ADD COLUMN answer TEXT;
ALTER TABLE feedback_items ADD COLUMN answered_at TIMESTAMP;
ALTER TABLE feedback_items ADD COLUMN deadline_missed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE feedback_items ADD COLUMN satisfied BOOLEAN;

-- Items filed before this migration went through the shipped workflow, whose ids are these.
UPDATE feedback_items SET
    routed_at = (SELECT MAX(e.created_at) FROM feedback_events e
                 WHERE e.item_id = feedback_items.id AND e.transition = 'accept'),
    answer = (SELECT e.comment FROM feedback_events e
              WHERE e.item_id = feedback_items.id AND e.transition = 'answer'
              ORDER BY e.seq DESC LIMIT 1),
    answered_at = (SELECT MAX(e.created_at) FROM feedback_events e
                   WHERE e.item_id = feedback_items.id AND e.transition = 'answer'),
    deadline_missed = EXISTS (SELECT 1 FROM feedback_events e
                              WHERE e.item_id = feedback_items.id AND e.transition = 'overdue'),
    satisfied = (SELECT CASE e.transition WHEN 'satisfied' THEN TRUE ELSE FALSE END
                 FROM feedback_events e
                 WHERE e.item_id = feedback_items.id
                   AND e.transition IN ('satisfied', 'unsatisfied')
                 ORDER BY e.seq DESC LIMIT 1);

-- The answers feed, newest first; listings and Open311 windows by filing time.
CREATE INDEX feedback_items_answered ON feedback_items (answered_at, id);
CREATE INDEX feedback_items_created ON feedback_items (created_at, id);
