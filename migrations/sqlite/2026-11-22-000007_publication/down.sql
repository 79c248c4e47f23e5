DROP TRIGGER publication_name_changed;
DROP TRIGGER publication_agency_changed;
DROP TRIGGER publication_agency_added;
DROP TRIGGER publication_feedback;
DROP TABLE publication;
