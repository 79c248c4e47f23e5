ALTER TABLE agencies DROP COLUMN name_key;
