DROP TRIGGER publication_name_changed ON users;
DROP TRIGGER publication_agencies ON agencies;
DROP TRIGGER publication_feedback ON feedback_events;
DROP FUNCTION publication_bump();
DROP TABLE publication;
