-- SQLite only (its full-text index holds the ranges' buckets as words); PostgreSQL's planner
-- combines the word's GIN index with the value's and the date's own indexes.
SELECT 1;
