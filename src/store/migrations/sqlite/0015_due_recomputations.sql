-- 0014: stored due times to bring in line with a calendar change. A row is written in the same
-- transaction as the announcement or profile it follows (so a crash cannot lose it), walked in
-- pages of dossiers ordered by code (`after_code` is the last code done, advanced in the same
-- transaction as the page's updates) and deleted when the pass is over.
CREATE TABLE due_recomputations (
  id          INTEGER PRIMARY KEY,
  profile     TEXT    NOT NULL,            -- unit or province code whose profile changed; '' = all
  year        INTEGER NOT NULL,            -- announced year; 0 = every year (a profile change)
  event_seq   INTEGER NOT NULL,            -- the change's event; done once the calendars include it
  after_code  TEXT    NOT NULL DEFAULT '', -- keyset cursor: dossiers with code <= it are done
  updated     INTEGER NOT NULL DEFAULT 0,  -- dossiers whose stored due time changed so far
  created_ms  INTEGER NOT NULL
);
-- Before this table, a calendar change left the stored due times as they were: bring every open
-- dossier in line once, at the first start after the upgrade.
INSERT INTO due_recomputations (profile, year, event_seq, created_ms) VALUES ('', 0, 0, 0);
