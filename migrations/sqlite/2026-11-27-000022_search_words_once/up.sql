-- PostgreSQL only (its words' query).
SELECT 1;
