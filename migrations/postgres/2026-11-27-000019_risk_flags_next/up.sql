-- The recomputation job writes the flags it computes here, a chunk of processes at a time,
-- then replaces `risk_flags` from it in one transaction: its memory no longer holds every flag
-- of the catalogue (nor a second copy to compare with the stored ones). One job at a time
-- (the lease on `risk_runs`), which empties it first.
CREATE TABLE risk_flags_next (
    scope TEXT NOT NULL,
    subject TEXT NOT NULL,
    code TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    details TEXT NOT NULL,
    PRIMARY KEY (scope, subject, code)
);
