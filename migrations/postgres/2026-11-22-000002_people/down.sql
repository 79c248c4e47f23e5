DROP TABLE outbox;
DROP TABLE rate_limits;
DROP TABLE one_time_tokens;
DROP TABLE refresh_tokens;
DROP TABLE memberships;
DROP TABLE civil_society_orgs;
DROP TABLE agencies;
DROP TABLE users;
