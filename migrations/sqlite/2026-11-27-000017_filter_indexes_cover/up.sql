-- Each filter's index also carries the other filter columns, so a listing with several
-- filters (method and status, say) checks the others in the index entries it walks instead of
-- reading each row: counting the first 10,000 of "selective and active" among a million
-- processes took 179 ms through rows and 8 ms through entries (SQLite). The newest-first
-- index carries them too, for walks with filters that have no index of their own.
DROP INDEX processes_method;
DROP INDEX processes_category;
DROP INDEX processes_status;
DROP INDEX processes_stage;
DROP INDEX processes_value;
DROP INDEX processes_recent;
CREATE INDEX processes_method ON processes (procurement_method, last_release_date, ocid, main_procurement_category, status, stage, value_amount, is_public_works);
CREATE INDEX processes_category ON processes (main_procurement_category, last_release_date, ocid, procurement_method, status, stage, value_amount, is_public_works);
CREATE INDEX processes_status ON processes (status, last_release_date, ocid, procurement_method, main_procurement_category, stage, value_amount, is_public_works);
CREATE INDEX processes_stage ON processes (stage, last_release_date, ocid, procurement_method, main_procurement_category, status, value_amount, is_public_works);
CREATE INDEX processes_value ON processes (value_amount, last_release_date, ocid, procurement_method, main_procurement_category, status, stage, is_public_works);
CREATE INDEX processes_recent ON processes (last_release_date, ocid, procurement_method, main_procurement_category, status, stage, value_amount, is_public_works);
