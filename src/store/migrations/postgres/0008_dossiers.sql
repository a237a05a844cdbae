-- 0008: dossiers. The daily code counters and the current-state projection of each dossier.
-- PostgreSQL: `dossiers` is partitioned by province (HASH, 8 partitions, like `events`); the
-- primary key and the code's uniqueness include province, as a partitioned table requires. A
-- code starts with its agency's electronic id, which belongs to one province, so a code unique
-- within its province is unique everywhere.
CREATE TABLE dossier_code_counters (
  agency_id     TEXT    NOT NULL,
  day           TEXT    NOT NULL,
  next_seq      BIGINT  NOT NULL,
  PRIMARY KEY (agency_id, day)
);
CREATE TABLE dossiers (
  id                TEXT    NOT NULL,
  code              TEXT    NOT NULL,
  province          TEXT    NOT NULL,
  unit              TEXT    NOT NULL,
  procedure_code    TEXT    NOT NULL,
  procedure_version BIGINT  NOT NULL,
  channel           BIGINT  NOT NULL,
  status            BIGINT  NOT NULL,
  step              TEXT,
  version           BIGINT  NOT NULL,
  applicant         TEXT    NOT NULL,
  submitted_ms      BIGINT,
  accepted_ms       BIGINT,
  updated_ms        BIGINT  NOT NULL,
  PRIMARY KEY (province, id),
  UNIQUE (province, code)
) PARTITION BY HASH (province);
DO $$ BEGIN
  FOR i IN 0..7 LOOP
    EXECUTE format('CREATE TABLE dossiers_p%s PARTITION OF dossiers FOR VALUES WITH (MODULUS 8, REMAINDER %s)', i, i);
  END LOOP;
END $$;
CREATE INDEX dossiers_by_id ON dossiers (id);
CREATE INDEX dossiers_by_code ON dossiers (code);
CREATE INDEX dossiers_by_unit_status ON dossiers (province, unit, status);
CREATE TABLE dossier_escalations (
  key           TEXT    NOT NULL PRIMARY KEY,
  code          TEXT    NOT NULL,
  threshold     TEXT    NOT NULL,
  raised_ms     BIGINT  NOT NULL,
  UNIQUE (code, threshold)
);
