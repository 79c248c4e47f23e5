DROP TABLE process_parties;
DROP TABLE organizations;
DROP TABLE processes;
