-- 0020 (issue 17, digitisation): units' signing keys, signed electronic results and their
-- verification codes, and the resident's e-data store. Owned by service/digitise.
--
-- A unit may hold several keys over time (rotation): each signature names the key that made it,
-- so a new key never invalidates earlier signatures. A key is revoked from a time on
-- (revoked_ms): signatures made at or after it verify as revoked, earlier ones stay valid.
CREATE TABLE digitise_unit_keys (
  id          INTEGER PRIMARY KEY,
  unit        TEXT    NOT NULL,  -- the unit's code ("03721")
  created_ms  INTEGER NOT NULL,
  created_by  TEXT    NOT NULL,  -- "cli:keys-create"
  -- The private key, PKCS#8 PEM encrypted with AES-256-CBC under a PBKDF2 key derived from the
  -- passphrase of the `signing_key_passphrase` option (never stored).
  key_pem     TEXT    NOT NULL,
  csr_pem     TEXT    NOT NULL,  -- the certificate request made with it
  cert_pem    TEXT,              -- the certificate issued for it (keys import); NULL until then
  chain_pem   TEXT,              -- the issuer's certificates up to the root, PEM
  subject     TEXT,              -- the certificate's subject, one line
  not_after_ms INTEGER,          -- the certificate's end of validity
  imported_ms INTEGER,
  revoked_ms  INTEGER,           -- revoked from this instant on (NULL: not revoked)
  revoked_reason TEXT
);
CREATE INDEX digitise_unit_keys_unit ON digitise_unit_keys(unit, id);

-- A signed electronic result (kết quả điện tử): a PDF stored in `files`, signed by a unit key
-- with a detached CMS (PKCS #7) signature kept here (DER). Never replaced: a correction is a new
-- row with the next version, `corrects` naming the one it corrects.
CREATE TABLE digitise_signed_results (
  id              INTEGER PRIMARY KEY,
  verify_code     TEXT    NOT NULL UNIQUE,  -- the short code of /xac-thuc/{code} and the QR
  dossier_code    TEXT    NOT NULL,
  version         INTEGER NOT NULL,         -- 1, 2 … per dossier
  corrects        INTEGER REFERENCES digitise_signed_results(id),
  correction_reason TEXT,
  unit            TEXT    NOT NULL,
  unit_name       TEXT    NOT NULL,
  document_number TEXT    NOT NULL,
  title           TEXT    NOT NULL,         -- what the document is ("Giấy chứng nhận …")
  issued_ms       INTEGER NOT NULL,         -- the signing time (also inside the signature)
  signer_name     TEXT    NOT NULL,
  signer_title    TEXT    NOT NULL,
  applicant_id    TEXT    NOT NULL,         -- whose e-data store it goes to (personal data)
  applicant_masked TEXT   NOT NULL,         -- what the public page may show
  file_id         TEXT    NOT NULL,         -- the PDF (files.id, its SHA-256)
  signature       TEXT    NOT NULL,         -- base64 of the DER CMS SignedData, detached
  key_id          INTEGER NOT NULL REFERENCES digitise_unit_keys(id),
  signed_by       TEXT    NOT NULL,         -- principal id
  UNIQUE (dossier_code, version)
);

-- The resident's e-data store (Kho quản lý dữ liệu điện tử, Decree 45/2020 Art 16): what is
-- placed there for a person (by personal identification number): results when returned,
-- digitised papers. `synced_ms` records the sync to the national store (NULL: not yet); `sync_body`
-- what would be sent.
CREATE TABLE digitise_store_entries (
  id            INTEGER PRIMARY KEY,
  owner_id      TEXT    NOT NULL,   -- personal identification number
  kind          TEXT    NOT NULL,   -- 'result' | 'digitised'
  title         TEXT    NOT NULL,
  source        TEXT    NOT NULL,   -- the issuing unit's name, or "uploaded"
  dossier_code  TEXT    NOT NULL,
  result_id     INTEGER REFERENCES digitise_signed_results(id),
  file_id       TEXT    NOT NULL,
  added_ms      INTEGER NOT NULL,
  synced_ms     INTEGER,
  sync_body     TEXT    NOT NULL,
  UNIQUE (owner_id, file_id)
);
CREATE INDEX digitise_store_entries_owner ON digitise_store_entries(owner_id, id);

-- Reuse: a component of a dossier satisfied by a stored document instead of a new upload.
CREATE TABLE digitise_reuse (
  id            INTEGER PRIMARY KEY,
  dossier_code  TEXT    NOT NULL,
  unit          TEXT    NOT NULL,   -- the dossier's unit (for the index's counts)
  component     TEXT    NOT NULL,
  entry_id      INTEGER NOT NULL REFERENCES digitise_store_entries(id),
  source        TEXT    NOT NULL,   -- 'store' | 'result'
  valid         INTEGER NOT NULL,   -- the source's validity when reused (1 valid)
  recorded_ms   INTEGER NOT NULL,
  recorded_by   TEXT    NOT NULL,
  UNIQUE (dossier_code, component)
);

-- Digitised components (issue 17; domain.md §8): a paper component scanned at the counter (the
-- desk's upload, cited by the dossier) marked digitised — by whom, when — and, when certified as an
-- electronic copy from the original (chứng thực bản sao điện tử từ bản chính, Decree 45/2020
-- Art 10) by an officer holding dossier.certify, signed by the unit's key like a result.
CREATE TABLE digitise_components (
  id             INTEGER PRIMARY KEY,
  dossier_code   TEXT    NOT NULL,
  unit           TEXT    NOT NULL,
  component      TEXT    NOT NULL,
  file_id        TEXT    NOT NULL,
  digitised_by   TEXT    NOT NULL,  -- principal id
  digitised_name TEXT    NOT NULL,  -- the officer's full name at the time
  digitised_ms   INTEGER NOT NULL,
  certified      INTEGER NOT NULL DEFAULT 0,
  certified_by   TEXT,
  certified_ms   INTEGER,
  signature      TEXT,              -- base64 DER detached CMS over the file, when certified
  key_id         INTEGER REFERENCES digitise_unit_keys(id),
  UNIQUE (dossier_code, component)
);
