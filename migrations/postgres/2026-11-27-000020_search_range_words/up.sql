-- SQLite only (its full-text index holds the ranges' buckets and the indicators' codes as
-- words); PostgreSQL's planner combines the word's GIN index with the filters' own indexes.
SELECT 1;
