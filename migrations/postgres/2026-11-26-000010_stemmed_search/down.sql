DROP INDEX processes_search;
ALTER TABLE processes DROP COLUMN search;
ALTER TABLE processes ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || party_names)
) STORED;
CREATE INDEX processes_search ON processes USING GIN (search);
