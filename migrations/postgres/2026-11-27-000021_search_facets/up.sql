-- Filters, value and date buckets and the codes of the risk indicators that flag a process,
-- as lexemes of its search vector beside its words (`facets`, written by the import and the
-- indicators' job from `ocds::words::FilterValues`): one GIN index then intersects words,
-- filters and ranges, skipping through a common word's long list by a rare filter's short one,
-- instead of the planner walking one index and checking every row against the rest. The
-- lexemes are computed in Rust (exact bucket edges), so `veedor migrate` fills them right
-- after this, while `search_index.version` is below the current one.
ALTER TABLE processes ADD COLUMN facets TEXT NOT NULL DEFAULT '';
DROP INDEX processes_search;
ALTER TABLE processes DROP COLUMN search;
ALTER TABLE processes ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || party_names)
    || to_tsvector('spanish', coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || party_names)
    || to_tsvector('portuguese', coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || party_names)
    || to_tsvector('english', coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || party_names)
    || to_tsvector('russian', coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || party_names)
    || array_to_tsvector(string_to_array(facets, ' '))
) STORED;
CREATE INDEX processes_search ON processes USING GIN (search);
CREATE TABLE search_index (version BIGINT NOT NULL);
INSERT INTO search_index (version) VALUES (0);
-- Searched text as the query of the vector above: every word, as written or in any of the
-- languages' stems. Defined beside the vector so that both change together.
CREATE FUNCTION search_words(q TEXT) RETURNS tsquery LANGUAGE SQL IMMUTABLE PARALLEL SAFE AS $$
    SELECT plainto_tsquery('simple', q) || plainto_tsquery('spanish', q)
        || plainto_tsquery('portuguese', q) || plainto_tsquery('english', q)
        || plainto_tsquery('russian', q)
$$;
