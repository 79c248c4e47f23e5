DROP TRIGGER page_name_changed;
DROP TRIGGER page_agency_changed;
DROP TRIGGER page_agency_added;
DROP TRIGGER page_item_moved;
DROP TRIGGER page_feedback;
DROP TABLE page_versions;

CREATE TABLE publication (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO publication (id, version) VALUES (1, 0);
CREATE TRIGGER publication_feedback AFTER INSERT ON feedback_events
BEGIN
    UPDATE publication SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER publication_agency_added AFTER INSERT ON agencies
BEGIN
    UPDATE publication SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER publication_agency_changed AFTER UPDATE ON agencies
BEGIN
    UPDATE publication SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER publication_name_changed AFTER UPDATE OF name ON users
BEGIN
    UPDATE publication SET version = version + 1 WHERE id = 1;
END;
