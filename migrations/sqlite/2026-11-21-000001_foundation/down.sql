DROP TABLE process_search;
DROP TABLE process_parties;
DROP TABLE organizations;
DROP TABLE processes;
