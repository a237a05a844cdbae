-- 0001: the append-only event log with one SHA-256 hash chain per province.
CREATE TABLE events (
  seq          INTEGER PRIMARY KEY,         -- global append order
  province     TEXT    NOT NULL,            -- chain key (2025-era province code, "00" = system)
  province_seq INTEGER NOT NULL,            -- position in the province chain, from 1, no gaps
  stream       TEXT    NOT NULL,            -- aggregate id
  type         TEXT    NOT NULL,
  at_ms        INTEGER NOT NULL,            -- UTC milliseconds
  actor        TEXT    NOT NULL,
  body         TEXT    NOT NULL,            -- canonical JSON
  prev_hash    TEXT    NOT NULL,
  hash         TEXT    NOT NULL,
  UNIQUE (province, province_seq)
);
CREATE INDEX events_by_stream ON events (stream, seq);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
