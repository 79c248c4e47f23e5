DROP TRIGGER page_name_changed ON users;
DROP FUNCTION page_site_changed();
DROP TRIGGER page_agency_changed ON agencies;
DROP TRIGGER page_agency_added ON agencies;
DROP FUNCTION page_agency_changed();
DROP TRIGGER page_item_moved ON feedback_items;
DROP FUNCTION page_item_moved();
DROP TRIGGER page_feedback ON feedback_events;
DROP FUNCTION page_feedback_changed();
DROP FUNCTION page_bump(TEXT, TEXT);
DROP TABLE page_versions;

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
