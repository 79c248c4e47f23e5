-- One number that changes whenever anything a public page shows changes, so that every server in
-- front of this database can keep rendered pages until then. Triggers bump it for feedback
-- (every change of an item writes an event), agencies and people's names; the OCDS import bumps
-- it once per batch it writes (a trigger per process row would slow the import). The row lock is
-- taken at the end of a statement and held only until its transaction commits.
CREATE TABLE publication (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO publication (id, version) VALUES (1, 0);

CREATE FUNCTION publication_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE publication SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER publication_feedback AFTER INSERT ON feedback_events
FOR EACH STATEMENT EXECUTE FUNCTION publication_bump();
CREATE TRIGGER publication_agencies AFTER INSERT OR UPDATE ON agencies
FOR EACH STATEMENT EXECUTE FUNCTION publication_bump();
CREATE TRIGGER publication_name_changed AFTER UPDATE OF name ON users
FOR EACH STATEMENT EXECUTE FUNCTION publication_bump();
