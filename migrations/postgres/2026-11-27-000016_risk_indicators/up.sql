-- Risk indicators (config/indicators.toml; docs/INDICATORS.md defines each).
--
-- What the indicators read from a process's compiled release (bids, awards, periods, buyer),
-- kept at import beside the process so that the indicators that compare processes never
-- recompile a hundred thousand of them. NULL when the process has nothing they read.
ALTER TABLE processes ADD COLUMN risk_facts TEXT;

-- Results, in the shape of Cardinal's output: a scope (OCID, Buyer, ProcuringEntity,
-- Tenderer), the id flagged in it, the indicator's code and its value; `details` keeps the
-- values behind the flag (JSON) for the pages. Flags of one process alone are written by the
-- import in the transaction that stores its releases (`computed_by` = 'import'); flags that
-- compare processes, or read the redress loop, by the recomputation job ('job').
CREATE TABLE risk_flags (
    scope TEXT NOT NULL,
    subject TEXT NOT NULL,
    code TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    details TEXT NOT NULL,
    computed_by TEXT NOT NULL,
    computed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, subject, code)
);
-- The search filter and the methodology pages: the processes one indicator flags.
CREATE INDEX risk_flags_by_code ON risk_flags (code, scope, subject);

-- The recomputation job: one instance at a time (a lease taken with a conditional update),
-- what its last run did, and when the data last changed (set once at the end of an import or a
-- sync run, never per batch: no row that every write must lock).
CREATE TABLE risk_runs (
    id INTEGER PRIMARY KEY NOT NULL,
    lease_holder TEXT,
    lease_until TIMESTAMP,
    last_started_at TIMESTAMP,
    last_finished_at TIMESTAMP,
    last_milliseconds BIGINT,
    last_flags BIGINT,
    data_changed_at TIMESTAMP,
    -- [[code, scope, how many]] as the last run that wrote the flags counted them.
    last_counts TEXT
);
INSERT INTO risk_runs (id) VALUES (1);

-- The job finds oversight findings (V002) by transition, not by reading every event.
CREATE INDEX feedback_events_transition ON feedback_events (transition, item_id);
