-- 0012: supplementation requests beyond the limit, recorded as exceptions, counted per dossier so
-- that they can be counted against the unit (DVCQG scores more than one request as overdue).
ALTER TABLE dossiers ADD COLUMN supplementation_exceptions BIGINT NOT NULL DEFAULT 0;
CREATE INDEX dossiers_with_exceptions ON dossiers (unit) WHERE supplementation_exceptions > 0;
