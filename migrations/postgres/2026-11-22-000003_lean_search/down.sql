CREATE INDEX process_parties_organization ON process_parties (organization_id, role);
