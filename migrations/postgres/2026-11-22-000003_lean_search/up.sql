-- The by-organization index of parties waits until a query needs it (imports write less).
DROP INDEX process_parties_organization;
