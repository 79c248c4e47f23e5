-- SQLite only (its full-text index holds the filters' words); PostgreSQL's planner combines
-- the word's GIN index with the filters' own indexes.
SELECT 1;
