-- Search finds words in their other forms: the index holds each word's stems (computed in
-- Rust, `ocds::words`). The index is emptied here and rebuilt by `veedor migrate` right after
-- (SQL cannot stem), which `search_index.version` tells it to do.
DELETE FROM process_search;
CREATE TABLE search_index (version INTEGER NOT NULL);
INSERT INTO search_index (version) VALUES (0);
