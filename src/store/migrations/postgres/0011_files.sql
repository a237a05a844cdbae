-- 0011: uploaded files (dossier components, results). The bytes live in the data directory under
-- files/<first two hex digits>/<sha256>, content-addressed, written before the row; this table says
-- what they are and who uploaded them. dossier_files links files to the dossiers that cite them,
-- so a download is allowed to whoever may see one of those dossiers.
CREATE TABLE files (
  id           TEXT    NOT NULL PRIMARY KEY,  -- SHA-256 of the bytes, hex
  size         BIGINT NOT NULL,
  mime         TEXT    NOT NULL,              -- sniffed with libmagic, never taken from the client
  name         TEXT    NOT NULL,              -- the uploader's file name, for downloads
  uploaded_by  TEXT    NOT NULL,              -- "resident:7", "user:12"
  uploaded_ms  BIGINT NOT NULL
);
CREATE TABLE dossier_files (
  code     TEXT NOT NULL,
  file_id  TEXT NOT NULL,
  kind     TEXT NOT NULL,  -- "component" | "result"
  PRIMARY KEY (code, file_id)
);
CREATE INDEX dossier_files_by_file ON dossier_files (file_id);
