-- 0014: the handler a dossier is assigned to, in the projection. `handler` is the username the
-- latest assignment named (shown in lists); `assignee` is the username who alone may do the next
-- step while the assigned step (normally appraise) waits, "" otherwise (dossier::NextAssignee), so
-- that "my work" lists an assigned dossier only for its handler. Filled here from the events of
-- the dossiers already assigned; every later event keeps both up to date.
ALTER TABLE dossiers ADD COLUMN handler TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN assignee TEXT NOT NULL DEFAULT '';
UPDATE dossiers SET handler = COALESCE(
  (SELECT json_extract(e.body, '$.detail') FROM events e
    WHERE e.stream = dossiers.id AND e.type = 'dossier.step_done'
      AND json_extract(e.body, '$.step') = 'assign'
    ORDER BY e.seq DESC LIMIT 1), '');
UPDATE dossiers SET assignee = handler WHERE status = 4 AND step = 'assign';
