-- Words with value and date ranges, and with risk indicators: each process's index entry also
-- holds the buckets of its value (per quarter power of two, power of two, sixteen of those) and
-- of its latest release date (day, month, year, decade), and the codes of the indicators that
-- flag it, as words (`ocds::words::FilterValues`), so the index intersects them with the words
-- and the other filters; rows at a range's ends are checked exactly. The indicators' job
-- rewrites the entries of the processes whose flags it changed.
-- Emptied here and rebuilt by `veedor migrate` right after (the words are computed in Rust).
DELETE FROM process_search;
UPDATE search_index SET version = 1;
