DROP INDEX processes_value;
DROP INDEX processes_stage;
DROP INDEX processes_status;
DROP INDEX processes_category;
DROP INDEX processes_method;
