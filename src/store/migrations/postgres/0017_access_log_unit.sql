-- 0017 (issue 14, defect 2): each entry of the personal-data access log names the unit whose data
-- was seen and its province, so an auditor reads the entries of their own units only
-- (AuditService::List). New entries get them from Record; older ones are filled in here from the
-- dossier they name ("dossier:<code>"), the unit of a dossier log ("unit:<code>/dossier-log"), and
-- for a resident's export of their own data, the unit this installation serves (as Record does).
-- An entry left without a unit is shown to no auditor (the resident still sees it). Filling in the new columns is the only UPDATE the log ever takes:
-- the append-only trigger is lifted for it and restored in the same transaction.
ALTER TABLE pii_access_log ADD COLUMN unit TEXT;
ALTER TABLE pii_access_log ADD COLUMN province TEXT;
DROP TRIGGER pii_access_log_no_update ON pii_access_log;
UPDATE pii_access_log
   SET unit = (SELECT d.unit FROM dossiers d WHERE 'dossier:' || d.code = pii_access_log.record),
       province = (SELECT d.province FROM dossiers d
                    WHERE 'dossier:' || d.code = pii_access_log.record)
 WHERE record LIKE 'dossier:%';
UPDATE pii_access_log
   SET unit = substr(record, 6, length(record) - length('unit:') - length('/dossier-log'))
 WHERE record LIKE 'unit:%/dossier-log';
UPDATE pii_access_log
   SET province = COALESCE(
         (SELECT u.province_code FROM units u WHERE u.code = pii_access_log.unit AND u.era = '2025'),
         (SELECT s.value FROM site_settings s, site_settings c
           WHERE s.key = 'province_code' AND c.key = 'unit_code' AND c.value = pii_access_log.unit))
 WHERE record LIKE 'unit:%/dossier-log';
UPDATE pii_access_log
   SET unit = (SELECT value FROM site_settings WHERE key = 'unit_code'),
       province = (SELECT value FROM site_settings WHERE key = 'province_code')
 WHERE unit IS NULL AND purpose = 'self export';
CREATE TRIGGER pii_access_log_no_update BEFORE UPDATE ON pii_access_log
  FOR EACH ROW EXECUTE FUNCTION motcua_refuse('the personal-data access log is append-only');
CREATE INDEX pii_access_log_by_province ON pii_access_log (province, id);
CREATE INDEX pii_access_log_by_unit ON pii_access_log (unit, id);
