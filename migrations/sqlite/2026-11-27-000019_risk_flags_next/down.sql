DROP TABLE risk_flags_next;
