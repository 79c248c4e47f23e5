-- Figures kept, not recomputed on each page: each agency's scorecard (and the overall one, under
-- the empty agency id), refreshed from the items by the background loop of `serve` and `worker`.
CREATE TABLE scorecards (
    agency_id TEXT PRIMARY KEY NOT NULL,
    received BIGINT NOT NULL,
    answered BIGINT NOT NULL,
    answered_on_time BIGINT NOT NULL,
    median_seconds_to_answer BIGINT,
    overdue_now BIGINT NOT NULL,
    satisfied BIGINT NOT NULL,
    unsatisfied BIGINT NOT NULL,
    computed_at TIMESTAMP NOT NULL
);
