DROP TABLE sync_files;
DROP TABLE sync_sources;
