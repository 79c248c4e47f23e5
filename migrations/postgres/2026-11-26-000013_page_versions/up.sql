-- Pages are kept rendered until what they show changes. One number for everything made every
-- write of every instance queue on one row and emptied every kept page at each change; instead,
-- each thing a page can show has its own counter (a "topic"): one process, one agency, one
-- feedback item, the catalogue of processes, the list of feedback, the list of agencies, the
-- site as a whole. A page's version is the sum of its topics' counters. The list of feedback,
-- which every feedback write touches, is spread over 16 rows (by the last character of the
-- item's id) so that concurrent writes seldom wait for one another. The import bumps the
-- processes it writes and the catalogue, once per batch (`publish::processes_changed`).
DROP TRIGGER publication_name_changed ON users;
DROP TRIGGER publication_agencies ON agencies;
DROP TRIGGER publication_feedback ON feedback_events;
DROP FUNCTION publication_bump();
DROP TABLE publication;

CREATE TABLE page_versions (
    topic TEXT NOT NULL,
    shard TEXT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (topic, shard)
);

CREATE FUNCTION page_bump(changed TEXT, part TEXT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO page_versions (topic, shard, version) VALUES (changed, part, 1)
    ON CONFLICT (topic, shard) DO UPDATE SET version = page_versions.version + 1;
$$;

-- Every change of a feedback item writes an event: its item, its process, its agency and the
-- list of feedback change.
CREATE FUNCTION page_feedback_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    item RECORD;
BEGIN
    PERFORM page_bump('item:' || NEW.item_id, '');
    PERFORM page_bump('feedback', right(NEW.item_id, 1));
    SELECT ocid, agency_id INTO item FROM feedback_items WHERE id = NEW.item_id;
    IF FOUND THEN
        PERFORM page_bump('process:' || item.ocid, '');
        IF item.agency_id IS NOT NULL THEN
            PERFORM page_bump('agency:' || item.agency_id, '');
        END IF;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER page_feedback AFTER INSERT ON feedback_events
FOR EACH ROW EXECUTE FUNCTION page_feedback_changed();

-- An item moved to another agency leaves the first agency's page too.
CREATE FUNCTION page_item_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.agency_id IS NOT NULL THEN
        PERFORM page_bump('agency:' || OLD.agency_id, '');
    END IF;
    IF NEW.agency_id IS NOT NULL THEN
        PERFORM page_bump('agency:' || NEW.agency_id, '');
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER page_item_moved AFTER UPDATE OF agency_id ON feedback_items
FOR EACH ROW WHEN (OLD.agency_id IS DISTINCT FROM NEW.agency_id)
EXECUTE FUNCTION page_item_moved();

-- An agency added, renamed, merged or given another address.
CREATE FUNCTION page_agency_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM page_bump('agency:' || NEW.id, '');
    PERFORM page_bump('agencies', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER page_agency_added AFTER INSERT ON agencies
FOR EACH ROW EXECUTE FUNCTION page_agency_changed();
CREATE TRIGGER page_agency_changed AFTER UPDATE ON agencies
FOR EACH ROW WHEN (
    OLD.name IS DISTINCT FROM NEW.name
    OR OLD.merged_into IS DISTINCT FROM NEW.merged_into
    OR OLD.contact_email IS DISTINCT FROM NEW.contact_email
    OR OLD.data_email IS DISTINCT FROM NEW.data_email
    OR OLD.address IS DISTINCT FROM NEW.address
)
EXECUTE FUNCTION page_agency_changed();

-- A person's name appears in histories across the site: a rare change, every page.
CREATE FUNCTION page_site_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM page_bump('site', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER page_name_changed AFTER UPDATE OF name ON users
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
EXECUTE FUNCTION page_site_changed();
