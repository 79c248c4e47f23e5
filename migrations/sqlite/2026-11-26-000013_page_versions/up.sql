-- Pages are kept rendered until what they show changes: a counter per thing a page can show
-- (a "topic": one process, agency or feedback item, the catalogue, the list of feedback, the
-- list of agencies, the site), instead of one number for everything. See the PostgreSQL
-- migration for the why; SQLite has one writer at a time, so the list of feedback is spread
-- over rows only to keep both databases alike.
DROP TRIGGER publication_feedback;
DROP TRIGGER publication_agency_added;
DROP TRIGGER publication_agency_changed;
DROP TRIGGER publication_name_changed;
DROP TABLE publication;

CREATE TABLE page_versions (
    topic TEXT NOT NULL,
    shard TEXT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (topic, shard)
) WITHOUT ROWID;

CREATE TRIGGER page_feedback AFTER INSERT ON feedback_events
BEGIN
    INSERT INTO page_versions (topic, shard, version) VALUES ('item:' || NEW.item_id, '', 1)
    ON CONFLICT (topic, shard) DO UPDATE SET version = version + 1;
    INSERT INTO page_versions (topic, shard, version) VALUES ('feedback', substr(NEW.item_id, -1), 1)
    ON CONFLICT (topic, shard) DO UPDATE SET version = version + 1;
    INSERT INTO page_versions (topic, shard, version)
    SELECT 'process:' || ocid, '', 1 FROM feedback_items WHERE id = NEW.item_id
    ON CONFLICT (topic, shard) DO UPDATE SET version = version + 1;
    INSERT INTO page_versions (topic, shard, version)
    SELECT 'agency:' || agency_id, '', 1 FROM feedback_items
    WHERE id = NEW.item_id AND agency_id IS NOT NULL
    ON CONFLICT (topic, shard) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER page_item_moved AFTER UPDATE OF agency_id ON feedback_items
WHEN OLD.agency_id IS NOT NEW.agency_id
BEGIN
    INSERT INTO page_versions (topic, shard, version)
    SELECT 'agency:' || OLD.agency_id, '', 1 WHERE OLD.agency_id IS NOT NULL
    ON CONFLICT (topic, shard) DO UPDATE SET version = version + 1;
    INSERT INTO page_versions (topic, shard, version)
    SELECT 'agency:' || NEW.agency_id, '', 1 WHERE NEW.agency_id IS NOT NULL
    ON CONFLICT (topic, shard) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER page_agency_added AFTER INSERT ON agencies
BEGIN
    INSERT INTO page_versions (topic, shard, version) VALUES ('agency:' || NEW.id, '', 1)
    ON CONFLICT (topic, shard) DO UPDATE SET version = version + 1;
    INSERT INTO page_versions (topic, shard, version) VALUES ('agencies', '', 1)
    ON CONFLICT (topic, shard) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER page_agency_changed AFTER UPDATE ON agencies
WHEN OLD.name IS NOT NEW.name
    OR OLD.merged_into IS NOT NEW.merged_into
    OR OLD.contact_email IS NOT NEW.contact_email
    OR OLD.data_email IS NOT NEW.data_email
    OR OLD.address IS NOT NEW.address
BEGIN
    INSERT INTO page_versions (topic, shard, version) VALUES ('agency:' || NEW.id, '', 1)
    ON CONFLICT (topic, shard) DO UPDATE SET version = version + 1;
    INSERT INTO page_versions (topic, shard, version) VALUES ('agencies', '', 1)
    ON CONFLICT (topic, shard) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER page_name_changed AFTER UPDATE OF name ON users
WHEN OLD.name IS NOT NEW.name
BEGIN
    INSERT INTO page_versions (topic, shard, version) VALUES ('site', '', 1)
    ON CONFLICT (topic, shard) DO UPDATE SET version = version + 1;
END;
