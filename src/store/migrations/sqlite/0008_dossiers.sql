-- 0008: dossiers. The daily code counters (one row per agency and Vietnam civil day; the sequence
-- is taken inside the intake transaction, so a rolled-back intake gives its number back and the
-- sequence stays gapless) and the current-state projection of each dossier, folded from its
-- events. `version` is the number of events applied, for optimistic concurrency.
CREATE TABLE dossier_code_counters (
  agency_id     TEXT    NOT NULL,          -- agency electronic id ("H40.12")
  day           TEXT    NOT NULL,          -- yymmdd, Vietnam civil date of reception
  next_seq      INTEGER NOT NULL,          -- the sequence the next dossier of that day gets
  PRIMARY KEY (agency_id, day)
);
CREATE TABLE dossiers (
  id                TEXT    NOT NULL PRIMARY KEY,  -- event stream: "dossier/<code>"
  code              TEXT    NOT NULL UNIQUE,       -- "H40.12-261202-0001"
  province          TEXT    NOT NULL,
  unit              TEXT    NOT NULL,
  procedure_code    TEXT    NOT NULL,
  procedure_version INTEGER NOT NULL,
  channel           INTEGER NOT NULL,              -- KenhThucHien: 1 in person, 2 online, 3 post
  status            INTEGER NOT NULL,              -- national status code 1..10
  step              TEXT,                          -- last internal step ("appraise"), NULL before
  version           INTEGER NOT NULL,
  applicant         TEXT    NOT NULL,              -- JSON: full_name, id_number, phone, address
  submitted_ms      INTEGER,
  accepted_ms       INTEGER,
  updated_ms        INTEGER NOT NULL
);
CREATE INDEX dossiers_by_unit_status ON dossiers (province, unit, status);
-- Escalations already raised: at most one per (dossier, threshold), so a scheduler that runs
-- again, or on two nodes, notifies once. `key` is dossier::EscalationKey.
CREATE TABLE dossier_escalations (
  key           TEXT    NOT NULL PRIMARY KEY,  -- "<code>/due-within-1wd" | "<code>/overdue"
  code          TEXT    NOT NULL,
  threshold     TEXT    NOT NULL,              -- "due-within-1wd" | "overdue"
  raised_ms     INTEGER NOT NULL,
  UNIQUE (code, threshold)
);
