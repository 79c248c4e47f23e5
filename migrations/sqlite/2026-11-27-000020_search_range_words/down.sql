-- Back to words and filters without ranges: rebuilt by the earlier version's `veedor migrate`.
DELETE FROM process_search;
UPDATE search_index SET version = 1;
