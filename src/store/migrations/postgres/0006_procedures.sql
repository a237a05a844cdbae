-- 0006: the procedure catalogue (domain.md §5.3). Every edit makes a new version; a dossier pins
-- (code, version), so old versions are never changed or removed.
CREATE TABLE procedure_versions (
  code        TEXT    NOT NULL,          -- national code: "1.001193" or "1.000948.H38"
  version     BIGINT NOT NULL,          -- 1, 2, 3 …
  record      TEXT    NOT NULL,          -- the full record as JSON
  created_ms  BIGINT NOT NULL,
  actor       TEXT    NOT NULL,          -- "system:import", "user:12"
  PRIMARY KEY (code, version)
);
-- The current version of each procedure, with the columns search and filters need.
CREATE TABLE procedures (
  code            TEXT    NOT NULL PRIMARY KEY,
  version         BIGINT NOT NULL,      -- current version in procedure_versions
  name            TEXT    NOT NULL,
  name_folded     TEXT    NOT NULL,      -- FoldForSearch(name)
  field           TEXT    NOT NULL,
  field_folded    TEXT    NOT NULL,      -- FoldForSearch(field)
  search_folded   TEXT    NOT NULL,      -- ' ' || folded name, code and field: word-prefix search
  levels          TEXT    NOT NULL,      -- "Cấp xã; Cấp tỉnh"
  online_level    TEXT    NOT NULL,      -- "full" | "partial" | "none" | "unknown"
  time_raw        TEXT    NOT NULL,      -- the headline processing time as written
  updated_ms      BIGINT NOT NULL
);
CREATE INDEX procedures_by_field ON procedures (field_folded);
-- Which procedures a unit's centre offers, with its local settings.
CREATE TABLE unit_procedures (
  unit_code       TEXT    NOT NULL,      -- 2025-era unit
  procedure_code  TEXT    NOT NULL,
  local_days      DOUBLE PRECISION,                  -- a shortened local time limit in working days, or NULL
  local_fee_note  TEXT    NOT NULL DEFAULT '',
  updated_ms      BIGINT NOT NULL,
  PRIMARY KEY (unit_code, procedure_code)
);
CREATE INDEX unit_procedures_by_procedure ON unit_procedures (procedure_code);
-- Bumped by every catalogue write, so a process can tell cheaply that its in-memory search index
-- (built from `procedures` and `unit_procedures`) is stale, also after another process wrote.
CREATE TABLE procedure_catalogue_state (
  id          BIGINT NOT NULL PRIMARY KEY CHECK (id = 1),
  generation  BIGINT NOT NULL
);
INSERT INTO procedure_catalogue_state (id, generation) VALUES (1, 0);
