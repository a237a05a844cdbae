-- 0021 (issue 19): the service-centre floor — areas, counters, queue tickets, calls, devices,
-- appointments and ratings. Every change is also an event (streams "floor/<unit>/…") appended in
-- the same transaction; these tables are the floor feature's projections (service/floor).
CREATE TABLE floor_areas (
  unit      TEXT    NOT NULL,  -- the centre's unit code
  code      TEXT    NOT NULL,  -- "ho-tich"
  prefix    TEXT    NOT NULL,  -- the letter(s) of its tickets: "B" → B-027
  name_vi   TEXT    NOT NULL,
  name_en   TEXT    NOT NULL,
  position  INTEGER NOT NULL DEFAULT 0,  -- order on the kiosk
  slot_capacity INTEGER NOT NULL DEFAULT 4,  -- appointments per slot
  PRIMARY KEY (unit, code)
);
CREATE TABLE floor_counters (
  unit            TEXT    NOT NULL,
  number          INTEGER NOT NULL,  -- "quầy số 3"
  areas           TEXT    NOT NULL,  -- area codes it serves, comma-separated
  priority_streak INTEGER NOT NULL DEFAULT 0,  -- priority calls in a row (the interleave)
  PRIMARY KEY (unit, number)
);
CREATE TABLE floor_policies (
  unit                  TEXT PRIMARY KEY,
  priority_per_normal   INTEGER NOT NULL,
  appointment_early_min INTEGER NOT NULL,
  max_recalls           INTEGER NOT NULL,
  slot_minutes          INTEGER NOT NULL
);
-- The last ticket number of each area; a new day starts again from 1 (domain/floor NextNumber).
CREATE TABLE floor_ticket_numbers (
  unit     TEXT    NOT NULL,
  area     TEXT    NOT NULL,
  day      TEXT    NOT NULL,  -- Vietnam date of the last ticket
  last     INTEGER NOT NULL,
  PRIMARY KEY (unit, area)
);
CREATE TABLE floor_tickets (
  id             TEXT PRIMARY KEY,     -- random public id (the QR follows it)
  unit           TEXT    NOT NULL,
  province       TEXT    NOT NULL,
  day            TEXT    NOT NULL,     -- Vietnam date of issue
  area           TEXT    NOT NULL,     -- the area it waits in now
  number         INTEGER NOT NULL,
  label          TEXT    NOT NULL,     -- "B-027"
  grp            TEXT    NOT NULL,     -- normal | priority | appointment
  state          TEXT    NOT NULL,     -- waiting | called | serving | done | no_show
  issued_ms      INTEGER NOT NULL,
  queued_ms      INTEGER NOT NULL,
  appointment_ms INTEGER NOT NULL DEFAULT 0,
  booking_code   TEXT,
  counter        INTEGER NOT NULL DEFAULT 0,
  target_counter INTEGER NOT NULL DEFAULT 0,
  officer        TEXT,                 -- "user:12" who called / served it
  recalls        INTEGER NOT NULL DEFAULT 0,
  transferred    INTEGER NOT NULL DEFAULT 0,
  called_ms      INTEGER NOT NULL DEFAULT 0,
  started_ms     INTEGER NOT NULL DEFAULT 0,
  ended_ms       INTEGER NOT NULL DEFAULT 0,
  first_called_ms INTEGER NOT NULL DEFAULT 0,  -- waiting time = first_called_ms - issued_ms
  dossier_code   TEXT,                 -- the dossier received for it at the counter
  UNIQUE (unit, day, number, label)
);
CREATE INDEX floor_tickets_by_day ON floor_tickets (unit, day, state);
-- Each call and recall, for the display boards (the last few) and the statistics.
CREATE TABLE floor_calls (
  id        INTEGER PRIMARY KEY,
  unit      TEXT    NOT NULL,
  ticket_id TEXT    NOT NULL,
  label     TEXT    NOT NULL,
  counter   INTEGER NOT NULL,
  at_ms     INTEGER NOT NULL,
  recall    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX floor_calls_by_unit ON floor_calls (unit, id);
-- Kiosks, display boards and rating terminals: public-ish devices bound to one unit (and a
-- rating terminal to one counter) by a key an officer issued; only its SHA-256 is kept.
CREATE TABLE floor_devices (
  key_hash   TEXT PRIMARY KEY,
  unit       TEXT    NOT NULL,
  kind       TEXT    NOT NULL,  -- kiosk | display | rating
  counter    INTEGER NOT NULL DEFAULT 0,
  label      TEXT    NOT NULL,
  created_ms INTEGER NOT NULL,
  revoked_ms INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE floor_appointments (
  code           TEXT PRIMARY KEY,  -- the booking code typed at the kiosk
  unit           TEXT    NOT NULL,
  area           TEXT    NOT NULL,
  slot_ms        INTEGER NOT NULL,  -- start of the slot
  procedure_code TEXT,
  booked_by      TEXT    NOT NULL,  -- "resident:7"
  state          TEXT    NOT NULL,  -- booked | checked_in | no_show | cancelled
  ticket_id      TEXT,
  booked_ms      INTEGER NOT NULL
);
CREATE INDEX floor_appointments_by_slot ON floor_appointments (unit, area, slot_ms, state);
-- The ratings given at the counters' terminals (four choices), one per ticket; the Decision 766
-- index reads them through FloorService::Ratings (service/floor/floor_service.h).
CREATE TABLE floor_ratings (
  id           INTEGER PRIMARY KEY,
  unit         TEXT    NOT NULL,
  province     TEXT    NOT NULL,
  ticket_id    TEXT    NOT NULL UNIQUE,
  counter      INTEGER NOT NULL,
  officer      TEXT,
  score        INTEGER NOT NULL CHECK (score BETWEEN 1 AND 4),  -- 4 very satisfied … 1 dissatisfied
  comment      TEXT    NOT NULL DEFAULT '',
  dossier_code TEXT,
  at_ms        INTEGER NOT NULL
);
CREATE INDEX floor_ratings_by_unit ON floor_ratings (unit, at_ms);
