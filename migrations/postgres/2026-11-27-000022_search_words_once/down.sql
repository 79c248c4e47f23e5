CREATE OR REPLACE FUNCTION search_words(q TEXT) RETURNS tsquery LANGUAGE SQL IMMUTABLE PARALLEL SAFE AS $$
    SELECT plainto_tsquery('simple', q) || plainto_tsquery('spanish', q)
        || plainto_tsquery('portuguese', q) || plainto_tsquery('english', q)
        || plainto_tsquery('russian', q)
$$;
