-- Every filter the processes API and the search page offer has an index that also gives the
-- listing's order (newest first, then the ocid), so a filtered page reads its twenty rows
-- and the capped count reads index entries only, however large the catalogue. Measured
-- against the import's speed with `veedor bench import` (see docs/DEPLOYMENT.md).
CREATE INDEX processes_method ON processes (procurement_method, last_release_date, ocid);
CREATE INDEX processes_category ON processes (main_procurement_category, last_release_date, ocid);
CREATE INDEX processes_status ON processes (status, last_release_date, ocid);
CREATE INDEX processes_stage ON processes (stage, last_release_date, ocid);
CREATE INDEX processes_value ON processes (value_amount, last_release_date, ocid);
