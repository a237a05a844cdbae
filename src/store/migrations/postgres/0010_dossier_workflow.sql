-- 0010: the dossier workflow end to end. The projection gains what lists, the desk, the public
-- lookup and the dossier log read without replaying events: names, who acts next, the due times
-- derived from the working-time clock (recomputed on every event; the events stay the truth),
-- the end and return of the dossier. Idempotency keys keep the first response of a POST; workflows
-- hold each unit's steps, roles and budgets for a procedure.
ALTER TABLE dossiers ADD COLUMN procedure_name TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN applicant_name TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN applicant_id TEXT NOT NULL DEFAULT '';   -- ID / tax number
ALTER TABLE dossiers ADD COLUMN representative_id TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN submitted_by TEXT NOT NULL DEFAULT '';   -- "resident:7" online
ALTER TABLE dossiers ADD COLUMN next_role TEXT NOT NULL DEFAULT '';      -- "reception", "applicant"
ALTER TABLE dossiers ADD COLUMN due_ms BIGINT;                          -- in force (after apology)
ALTER TABLE dossiers ADD COLUMN original_due_ms BIGINT;                 -- legal due
ALTER TABLE dossiers ADD COLUMN finished_ms BIGINT;                     -- ready/refused/stopped
ALTER TABLE dossiers ADD COLUMN delivered_ms BIGINT;
ALTER TABLE dossiers ADD COLUMN returned_by TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN on_time BIGINT;                         -- 1/0 once finished
CREATE INDEX dossiers_by_applicant ON dossiers (applicant_id);
CREATE INDEX dossiers_by_submitter ON dossiers (submitted_by);
CREATE INDEX dossiers_by_unit_received ON dossiers (unit, accepted_ms);
CREATE INDEX dossiers_open_by_due ON dossiers (due_ms) WHERE status IN (2, 4) AND due_ms IS NOT NULL;

CREATE TABLE idempotency_keys (
  scope        TEXT    NOT NULL,  -- the caller ("user:12", "resident:7", "anonymous")
  key          TEXT    NOT NULL,  -- the Idempotency-Key header
  request_hash TEXT    NOT NULL,  -- SHA-256 of method, path and body
  status       BIGINT NOT NULL,
  body         TEXT    NOT NULL,
  created_ms   BIGINT NOT NULL,
  PRIMARY KEY (scope, key)
);

CREATE TABLE dossier_workflows (
  unit           TEXT    NOT NULL,
  procedure_code TEXT    NOT NULL,
  workflow       TEXT    NOT NULL,  -- JSON: steps, roles, budgets, limits (service/dossier_codec)
  updated_ms     BIGINT NOT NULL,
  actor          TEXT    NOT NULL,
  PRIMARY KEY (unit, procedure_code)
);
