DROP FUNCTION search_words(TEXT);
DROP TABLE search_index;
DROP INDEX processes_search;
ALTER TABLE processes DROP COLUMN search;
ALTER TABLE processes DROP COLUMN facets;
ALTER TABLE processes ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || party_names)
    || to_tsvector('spanish', coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || party_names)
    || to_tsvector('portuguese', coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || party_names)
    || to_tsvector('english', coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || party_names)
    || to_tsvector('russian', coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || party_names)
) STORED;
CREATE INDEX processes_search ON processes USING GIN (search);
