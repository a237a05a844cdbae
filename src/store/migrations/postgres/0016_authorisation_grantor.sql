-- 0014: an authorisation (ủy quyền) is recorded by the person who gives it (signed in) or by the
-- reception counter of a unit after checking the paper in person, never by the agent alone.
-- `agent` now also takes "id:<12 digits>": a person named by ID number, matched with the verified
-- ID number they sign in with. `unit` limits it to the dossiers of one unit (NULL: every unit, when
-- the principal records it). `recorded_by` is who recorded it; revocations say who and when.
ALTER TABLE authorisations ADD COLUMN unit TEXT;
ALTER TABLE authorisations ADD COLUMN recorded_by TEXT;
ALTER TABLE authorisations ADD COLUMN revoked_by TEXT;
ALTER TABLE authorisations ADD COLUMN revoked_ms BIGINT;
-- Rows recorded before this migration were recorded by the agent for themselves, with nothing
-- checking the person named: none of them can be trusted, so none keeps granting access.
UPDATE authorisations SET revoked = 1, revoked_by = 'migration:0014' WHERE revoked = 0;
CREATE INDEX authorisations_by_agent ON authorisations (agent, principal_id_number);
