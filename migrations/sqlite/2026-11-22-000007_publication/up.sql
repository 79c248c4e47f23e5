-- One number that changes whenever anything a public page shows changes, so that every server in
-- front of this database can keep rendered pages until then. Triggers bump it for feedback
-- (every change of an item writes an event), agencies and people's names; the OCDS import bumps
-- it once per batch it writes (a trigger per process row would slow the import).
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
