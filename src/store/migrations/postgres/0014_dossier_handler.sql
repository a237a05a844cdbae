-- 0014: the handler a dossier is assigned to, in the projection (see the SQLite migration).
-- PostgreSQL: json_extract(x, '$.k') is (x::jsonb ->> 'k').
ALTER TABLE dossiers ADD COLUMN handler TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN assignee TEXT NOT NULL DEFAULT '';
UPDATE dossiers SET handler = COALESCE(
  (SELECT e.body::jsonb ->> 'detail' FROM events e
    WHERE e.stream = dossiers.id AND e.type = 'dossier.step_done'
      AND e.body::jsonb ->> 'step' = 'assign'
    ORDER BY e.seq DESC LIMIT 1), '');
UPDATE dossiers SET assignee = handler WHERE status = 4 AND step = 'assign';
