// The dossier feature's SQL, named: every statement on the tables it owns (`dossiers`,
// `dossier_files`, `dossier_code_counters`, `dossier_escalations`, `dossier_workflows`,
// `due_recomputations`, `idempotency_keys`) that the write path and its projectors run.
#pragma once

namespace motcua::service::sql {

// The projection's version of one dossier (moves with every event, in the same transaction).
inline constexpr char kDossierVersion[] = "SELECT version FROM dossiers WHERE code = ?";

// The `dossiers` row of a new dossier.
inline constexpr char kInsertDossier[] =
    "INSERT INTO dossiers (id, code, province, unit, procedure_code, procedure_version, channel, "
    "status, step, version, applicant, submitted_ms, accepted_ms, updated_ms, procedure_name, "
    "applicant_name, applicant_id, representative_id, submitted_by, next_role, due_ms, "
    "original_due_ms, finished_ms, delivered_ms, returned_by, on_time, handler, assignee) VALUES "
    "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

// The `dossiers` row after events, only if it is still at the version they were decided on.
inline constexpr char kUpdateDossier[] =
    "UPDATE dossiers SET status = ?, step = ?, version = ?, accepted_ms = ?, updated_ms = ?, "
    "next_role = ?, due_ms = ?, original_due_ms = ?, finished_ms = ?, delivered_ms = ?, "
    "returned_by = ?, on_time = ?, supplementation_exceptions = ?, handler = ?, assignee = ? "
    "WHERE code = ? AND version = ?";

// A file the dossier cites (a component's scan, the result).
inline constexpr char kLinkFile[] =
    "INSERT INTO dossier_files (code, file_id, kind) VALUES (?,?,?) ON CONFLICT DO NOTHING";

}  // namespace motcua::service::sql
