DROP TABLE process_news;
DROP TABLE sync_files;
DROP TABLE sync_sources;
