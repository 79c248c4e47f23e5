-- The words' query names each form once: the languages mostly agree ('de' is 'de' in three of
-- them), and the planner, reading 'de' | 'de' | 'de' as three independent matches, expected
-- nearly twice the processes 'de' is in, which chose plans (and said "more than 10,000") on
-- a wrong count. No lexeme at all (a word too long to index) is NULL: it matches nothing.
CREATE OR REPLACE FUNCTION search_words(q TEXT) RETURNS tsquery LANGUAGE SQL IMMUTABLE PARALLEL SAFE AS $$
    SELECT string_agg(DISTINCT '(' || forms::text || ')', ' | ')::tsquery
    FROM unnest(ARRAY[plainto_tsquery('simple', q), plainto_tsquery('spanish', q),
        plainto_tsquery('portuguese', q), plainto_tsquery('english', q),
        plainto_tsquery('russian', q)]) AS forms
    WHERE numnode(forms) > 0
$$;
