DROP INDEX feedback_events_transition;
DROP TABLE risk_runs;
DROP TABLE risk_flags;
ALTER TABLE processes DROP COLUMN risk_facts;
