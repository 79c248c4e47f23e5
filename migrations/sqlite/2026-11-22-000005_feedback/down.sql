DROP TABLE identity_reveals;
DROP TABLE attachments;
DROP TABLE feedback_events;
DROP TABLE feedback_items;
