-- Words with value and date ranges: each process's index entry also holds the bucket of its
-- value (per power of two, and per four of those) and of its latest release date (month, year,
-- decade) as words (`ocds::words::FilterValues`), so a range is the buckets it covers and the
-- index intersects them with the words; rows at the range's ends are checked exactly.
-- Emptied here and rebuilt by `veedor migrate` right after (the words are computed in Rust).
DELETE FROM process_search;
UPDATE search_index SET version = 1;
