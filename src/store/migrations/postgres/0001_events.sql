-- 0001: the append-only event log with one SHA-256 hash chain per province.
-- PostgreSQL: partitioned by province (HASH, 8 partitions; the key of every unique constraint
-- includes province, as a partitioned table requires). seq comes from a sequence shared by all
-- partitions (global append order).
CREATE OR REPLACE FUNCTION motcua_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation', MESSAGE = TG_ARGV[0];
END $$;
CREATE SEQUENCE events_seq AS BIGINT;
CREATE TABLE events (
  seq          BIGINT  NOT NULL DEFAULT nextval('events_seq'),
  province     TEXT    NOT NULL,
  province_seq BIGINT  NOT NULL,
  stream       TEXT    NOT NULL,
  type         TEXT    NOT NULL,
  at_ms        BIGINT  NOT NULL,
  actor        TEXT    NOT NULL,
  body         TEXT    NOT NULL,
  prev_hash    TEXT    NOT NULL,
  hash         TEXT    NOT NULL,
  PRIMARY KEY (province, seq),
  UNIQUE (province, province_seq)
) PARTITION BY HASH (province);
ALTER SEQUENCE events_seq OWNED BY events.seq;
DO $$ BEGIN
  FOR i IN 0..7 LOOP
    EXECUTE format('CREATE TABLE events_p%s PARTITION OF events FOR VALUES WITH (MODULUS 8, REMAINDER %s)', i, i);
  END LOOP;
END $$;
CREATE INDEX events_by_stream ON events (stream, seq);
CREATE INDEX events_by_seq ON events (seq);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  FOR EACH ROW EXECUTE FUNCTION motcua_refuse('events are append-only');
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION motcua_refuse('events are append-only');
