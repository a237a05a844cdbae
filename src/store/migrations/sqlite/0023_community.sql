-- 0023: community digital technology groups (tổ công nghệ số cộng đồng, domain.md §13a), owned by
-- service/community. One group per village or residential group of a commune; its members are
-- officer accounts holding the community_member role at the commune, and the village scope is
-- the membership here. Reports (visits) are kept apart from persons: a person helped twice with
-- the same thing is one person, two reports. Missing figures stay missing (NULL), never 0.
CREATE TABLE community_groups (
  id            INTEGER PRIMARY KEY,
  unit          TEXT    NOT NULL,          -- the commune
  province      TEXT    NOT NULL,
  village       TEXT    NOT NULL,          -- "Bản Nà Lĩu"
  village_kind  TEXT    NOT NULL,          -- "thon" | "ban" | "to_dan_pho"
  population    INTEGER,                   -- residents of the village, when the commune knows it
  created_by    TEXT    NOT NULL,
  created_ms    INTEGER NOT NULL,
  UNIQUE (unit, village)
);
CREATE TABLE community_members (
  group_id      INTEGER NOT NULL REFERENCES community_groups (id),
  user_id       INTEGER NOT NULL,          -- the account (identity's users.id)
  username      TEXT    NOT NULL,
  is_head       INTEGER NOT NULL DEFAULT 0, -- the village head (trưởng thôn/bản)
  added_ms      INTEGER NOT NULL,
  revoked_ms    INTEGER,                   -- a lost tablet: the account's sessions were ended
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX community_members_by_user ON community_members (user_id);
CREATE TABLE community_households (
  id            INTEGER PRIMARY KEY,
  group_id      INTEGER NOT NULL REFERENCES community_groups (id),
  head_name     TEXT    NOT NULL,
  address       TEXT    NOT NULL,
  created_by    TEXT    NOT NULL,
  created_ms    INTEGER NOT NULL
);
CREATE INDEX community_households_by_group ON community_households (group_id);
CREATE TABLE community_persons (
  id            INTEGER PRIMARY KEY,
  household_id  INTEGER NOT NULL REFERENCES community_households (id),
  full_name     TEXT    NOT NULL,
  birth_year    INTEGER,
  flags         TEXT    NOT NULL DEFAULT '', -- vulnerable groups: "elderly disability ethnic_language"
  created_ms    INTEGER NOT NULL
);
CREATE INDEX community_persons_by_household ON community_persons (household_id);
CREATE TABLE community_visits (
  id            INTEGER PRIMARY KEY,
  household_id  INTEGER NOT NULL REFERENCES community_households (id),
  group_id      INTEGER NOT NULL,
  member        TEXT    NOT NULL,          -- "user:12"
  visited_ms    INTEGER NOT NULL,
  note          TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX community_visits_by_group ON community_visits (group_id, visited_ms);
CREATE TABLE community_help (
  visit_id      INTEGER NOT NULL REFERENCES community_visits (id),
  person_id     INTEGER NOT NULL REFERENCES community_persons (id),
  kind          TEXT    NOT NULL,          -- a help kind of the commune's list
  group_id      INTEGER NOT NULL,
  at_ms         INTEGER NOT NULL,
  PRIMARY KEY (visit_id, person_id, kind)
);
CREATE INDEX community_help_by_group ON community_help (group_id, kind);
-- The commune's list of help kinds (configurable: no national form exists); empty = the defaults.
CREATE TABLE community_help_kinds (
  unit          TEXT    NOT NULL,
  kind          TEXT    NOT NULL,
  label_vi      TEXT    NOT NULL,
  label_en      TEXT    NOT NULL,
  position      INTEGER NOT NULL,
  PRIMARY KEY (unit, kind)
);
-- The commune's digital-transformation targets: a share of persons helped with `kind` against the
-- population ("level-2 VNeID 87%").
CREATE TABLE community_targets (
  unit          TEXT    NOT NULL,
  key           TEXT    NOT NULL,
  label_vi      TEXT    NOT NULL,
  label_en      TEXT    NOT NULL,
  kind          TEXT    NOT NULL,          -- the help kind it counts
  target_pct    REAL    NOT NULL,
  PRIMARY KEY (unit, key)
);
-- A resident's consent to a member filing for them: a drawn signature (a stored file) or a
-- one-time code sent to their phone (only its hash is kept). A confirmed consent records an
-- authorisation (identity's record) letting the member submit for them at the commune.
CREATE TABLE community_consents (
  id            INTEGER PRIMARY KEY,
  unit          TEXT    NOT NULL,
  group_id      INTEGER NOT NULL,
  member        TEXT    NOT NULL,          -- "user:12"
  resident_id_number TEXT NOT NULL,
  resident_name TEXT    NOT NULL,
  resident_phone TEXT   NOT NULL DEFAULT '',
  method        TEXT    NOT NULL,          -- "signature" | "otp"
  signature_file TEXT,                     -- files.id of the drawn signature
  otp_hash      TEXT,                      -- SHA-256 of the code
  otp_expires_ms INTEGER,
  otp_attempts  INTEGER NOT NULL DEFAULT 0,
  confirmed_ms  INTEGER,
  authorisation_id INTEGER,
  created_ms    INTEGER NOT NULL
);
-- Dossiers filed with a member's help (at once or from the offline tablet): the provisional code
-- the tablet showed, linked to the real dossier code. `client_key` makes a resent item file once.
CREATE TABLE community_submissions (
  member        TEXT    NOT NULL,
  client_key    TEXT    NOT NULL,
  batch_id      TEXT    NOT NULL DEFAULT '',
  unit          TEXT    NOT NULL,
  group_id      INTEGER NOT NULL,
  provisional_code TEXT NOT NULL DEFAULT '',
  offline       INTEGER NOT NULL DEFAULT 0,
  consent_id    INTEGER,
  dossier_code  TEXT,                      -- NULL when refused
  outcome       TEXT    NOT NULL,          -- "filed" | "refused"
  message_vi    TEXT    NOT NULL DEFAULT '',
  message_en    TEXT    NOT NULL DEFAULT '',
  at_ms         INTEGER NOT NULL,
  PRIMARY KEY (member, client_key)
);
CREATE INDEX community_submissions_by_unit ON community_submissions (unit, group_id);
