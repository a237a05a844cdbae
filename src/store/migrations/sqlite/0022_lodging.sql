-- 0022 (issue 21): accommodation notices (thông báo lưu trú). Owned by service/lodging.
-- A facility (a household, homestay, guesthouse, hotel, …) in a commune, registered by its host
-- and confirmed by the commune police; its rooms; the people who may declare for it (staff, by
-- personal ID number, the host among them); its guests (one row per person per facility, reused
-- when they return); and its register: one stay per guest and arrival, which is the notice once
-- declared (notified_ms), stamped on time or late against due_ms (domain/lodging/notice.h).
-- Personal data lives only in lodging_guests; a stay erased after the retention period keeps the
-- counts the police statistics need (nationality, nights, lateness) and loses its guest.
CREATE TABLE lodging_facilities (
  id              INTEGER PRIMARY KEY,
  unit            TEXT    NOT NULL,           -- the commune's code ("03721")
  province        TEXT    NOT NULL,
  name            TEXT    NOT NULL,
  type            TEXT    NOT NULL,           -- domain/lodging kFacilityTypes
  address         TEXT    NOT NULL,
  phone           TEXT    NOT NULL DEFAULT '',
  host_id_number  TEXT    NOT NULL,           -- the host's personal ID number
  host_name       TEXT    NOT NULL,
  registered_by   TEXT    NOT NULL,           -- "resident:7" or "user:12 police@03721"
  status          TEXT    NOT NULL DEFAULT 'pending',  -- pending | confirmed | refused
  registered_ms   INTEGER NOT NULL,
  decided_ms      INTEGER,
  decided_by      TEXT
);
CREATE INDEX lodging_facilities_by_unit ON lodging_facilities (unit, status);

CREATE TABLE lodging_rooms (
  facility_id INTEGER NOT NULL REFERENCES lodging_facilities (id),
  name        TEXT    NOT NULL,
  PRIMARY KEY (facility_id, name)
);

CREATE TABLE lodging_staff (
  facility_id INTEGER NOT NULL REFERENCES lodging_facilities (id),
  id_number   TEXT    NOT NULL,
  name        TEXT    NOT NULL,
  is_host     INTEGER NOT NULL DEFAULT 0,
  added_ms    INTEGER NOT NULL,
  PRIMARY KEY (facility_id, id_number)
);
CREATE INDEX lodging_staff_by_person ON lodging_staff (id_number);

CREATE TABLE lodging_guests (
  id              INTEGER PRIMARY KEY,
  facility_id     INTEGER NOT NULL REFERENCES lodging_facilities (id),
  doc_key         TEXT    NOT NULL,   -- "id:001088000123" or "pp:FRA:C1234567"
  kind            TEXT    NOT NULL,   -- vn | foreign
  name            TEXT    NOT NULL,
  name_folded     TEXT    NOT NULL,   -- for search: no marks, đ→d, lower case
  id_number       TEXT    NOT NULL DEFAULT '',
  passport        TEXT    NOT NULL DEFAULT '',
  nationality     TEXT    NOT NULL,   -- ISO 3166 alpha-3
  visa            TEXT    NOT NULL DEFAULT '',
  birth           TEXT    NOT NULL,   -- yyyy-mm-dd
  sex             TEXT    NOT NULL,   -- M | F
  phone           TEXT    NOT NULL DEFAULT '',
  family          INTEGER NOT NULL DEFAULT 0,  -- a household's relative (Art 30(4): one notice)
  updated_ms      INTEGER NOT NULL,
  UNIQUE (facility_id, doc_key)
);

CREATE TABLE lodging_stays (
  id              INTEGER PRIMARY KEY,
  facility_id     INTEGER NOT NULL REFERENCES lodging_facilities (id),
  unit            TEXT    NOT NULL,   -- the facility's commune (police scope without a join)
  guest_id        INTEGER REFERENCES lodging_guests (id),  -- NULL once erased
  nationality     TEXT    NOT NULL,   -- kept after erasure, for the statistics
  room            TEXT    NOT NULL DEFAULT '',
  reason          INTEGER NOT NULL,
  permitted_until TEXT    NOT NULL DEFAULT '',  -- foreign: yyyy-mm-dd
  arrival_ms      INTEGER NOT NULL,
  arrival_day     TEXT    NOT NULL,   -- Vietnam date of arrival, yyyy-mm-dd
  departure_day   TEXT    NOT NULL,   -- expected, yyyy-mm-dd
  checked_out_ms  INTEGER,
  due_ms          INTEGER NOT NULL,
  notified_ms     INTEGER,            -- declared to the police (NULL: still to declare)
  on_time         INTEGER,            -- 1 / 0 once declared
  received_ms     INTEGER,            -- the police confirmed receipt
  received_by     TEXT,
  recorded_by     TEXT    NOT NULL,
  covered_by      INTEGER,            -- a relative's repeated stay: the stay whose notice covers it
  erased_ms       INTEGER
);
CREATE INDEX lodging_stays_by_facility ON lodging_stays (facility_id, arrival_ms);
CREATE INDEX lodging_stays_by_unit_day ON lodging_stays (unit, arrival_day);
CREATE INDEX lodging_stays_by_guest ON lodging_stays (guest_id);
CREATE INDEX lodging_stays_to_erase ON lodging_stays (checked_out_ms) WHERE erased_ms IS NULL;

-- Per commune: hours for foreigners' declarations (12, or 24 in remote areas) and how many days
-- after check-out a guest's data is kept. A commune without a row uses the server's options.
CREATE TABLE lodging_settings (
  unit            TEXT    PRIMARY KEY,
  foreign_hours   INTEGER NOT NULL,
  retention_days  INTEGER NOT NULL,
  updated_ms      INTEGER NOT NULL,
  updated_by      TEXT    NOT NULL
);
