-- Words and filters searched together: each process's index entry also holds its filters'
-- values as words (`ocds::words::filter_term`), so the full-text index intersects a word's
-- matches with a filter's instead of the database checking every match of a common word.
-- Emptied here and rebuilt by `veedor migrate` right after (the words are computed in Rust).
DELETE FROM process_search;
UPDATE search_index SET version = 1;
