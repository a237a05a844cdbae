-- Official holiday announcements (one per year) and calendar profiles (per province or commune).
-- Each change is also an event on the system chain (stream calendar/<year> or calendar-profile/<unit>),
-- so the calendar in force at any past instant can be rebuilt from the history.
CREATE TABLE calendar_announcements (
  year BIGINT PRIMARY KEY,
  decision TEXT NOT NULL,
  body TEXT NOT NULL,            -- the announcement as imported (docs/calendars.md)
  updated_at_ms BIGINT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE TABLE calendar_profiles (
  unit_code TEXT PRIMARY KEY,    -- a province or commune code (2025 era)
  body TEXT NOT NULL,            -- office hours, rest days, cut-off (docs/calendars.md)
  updated_at_ms BIGINT NOT NULL,
  updated_by TEXT NOT NULL
);
