-- PostgreSQL only (its search vector takes the filters as lexemes, as SQLite's full-text
-- index already holds them as words since `search_range_words`).
SELECT 1;
