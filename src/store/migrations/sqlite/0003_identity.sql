-- 0003: identity — officer accounts and role grants, sessions, API tokens, residents signed in
-- through OpenID Connect, authorisations to act for someone (ủy quyền), and the append-only
-- personal-data access log.
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT    NOT NULL UNIQUE,
  display_name  TEXT    NOT NULL,
  password_hash TEXT    NOT NULL,          -- Argon2id, libsodium's encoded string
  totp_secret   TEXT,                      -- base32; NULL until the second factor is confirmed
  totp_pending  TEXT,                      -- base32 being enrolled
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_ms    INTEGER NOT NULL
);
CREATE TABLE role_grants (
  user_id       INTEGER NOT NULL REFERENCES users (id),
  role          TEXT    NOT NULL,
  unit_code     TEXT    NOT NULL,          -- commune code, or a province code for province-wide
  province_code TEXT    NOT NULL,
  PRIMARY KEY (user_id, role, unit_code)
);
CREATE TABLE sessions (
  token_hash    TEXT    PRIMARY KEY,       -- SHA-256 of the cookie value; the value is never stored
  principal     TEXT    NOT NULL,          -- "user:12" or "resident:7"
  csrf          TEXT    NOT NULL,
  mfa_ok        INTEGER NOT NULL DEFAULT 0,
  created_ms    INTEGER NOT NULL,
  last_seen_ms  INTEGER NOT NULL,
  expires_ms    INTEGER NOT NULL,          -- absolute expiry
  revoked       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_by_principal ON sessions (principal);
CREATE TABLE api_tokens (
  token_hash    TEXT    PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users (id),
  name          TEXT    NOT NULL,
  unit_code     TEXT,                      -- limits the token to one unit (NULL: the user's grants)
  permissions   TEXT    NOT NULL,          -- space-separated; "*" = every permission of the user
  created_ms    INTEGER NOT NULL,
  expires_ms    INTEGER NOT NULL,
  revoked       INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE residents (
  id            INTEGER PRIMARY KEY,
  subject       TEXT    NOT NULL UNIQUE,   -- issuer + " " + sub
  id_number     TEXT    NOT NULL,          -- số định danh cá nhân
  name          TEXT    NOT NULL,
  level2        INTEGER NOT NULL,          -- identity verified at VNeID level 2
  created_ms    INTEGER NOT NULL,
  updated_ms    INTEGER NOT NULL
);
CREATE INDEX residents_by_id_number ON residents (id_number);
CREATE TABLE authorisations (
  id            INTEGER PRIMARY KEY,
  agent         TEXT    NOT NULL,          -- who acts: "resident:7" or "user:12"
  principal_id_number TEXT NOT NULL,       -- for whom
  principal_name TEXT   NOT NULL,
  scope         TEXT    NOT NULL,          -- what they may do ("submit", "receive_result", "all")
  document_ref  TEXT    NOT NULL,          -- the written authorisation (giấy ủy quyền) reference
  expires_ms    INTEGER NOT NULL,
  created_ms    INTEGER NOT NULL,
  revoked       INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE pii_access_log (
  id            INTEGER PRIMARY KEY,
  at_ms         INTEGER NOT NULL,
  actor         TEXT    NOT NULL,          -- "user:12 (reception@03721)"
  record        TEXT    NOT NULL,          -- whose data: "resident:7", "id:001…"
  purpose       TEXT    NOT NULL,          -- why (the route or use case)
  route         TEXT    NOT NULL,
  request_id    TEXT    NOT NULL
);
CREATE TRIGGER pii_access_log_no_update BEFORE UPDATE ON pii_access_log
  BEGIN SELECT RAISE(ABORT, 'the personal-data access log is append-only'); END;
CREATE TRIGGER pii_access_log_no_delete BEFORE DELETE ON pii_access_log
  BEGIN SELECT RAISE(ABORT, 'the personal-data access log is append-only'); END;
