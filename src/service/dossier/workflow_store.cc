#include "service/dossier/workflow_store.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "service/catalogue/procedure_service.h"
#include "service/dossier/dossier_codec.h"
#include "service/identity/identity_service.h"

namespace motcua::service {

using nlohmann::json;

Result<dossier::Workflow> WorkflowStore::WorkflowFor(const std::string& unit,
                                                      const std::string& procedure_code) {
  std::optional<Result<dossier::Workflow>> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    out.emplace(WorkflowFor(tx, unit, procedure_code));
    return Status::Ok();
  }));
  return std::move(*out);
}

Result<dossier::Workflow> WorkflowStore::WorkflowFor(store::ReadTx& tx, const std::string& unit,
                                                      const std::string& procedure_code) {
  std::optional<std::string> saved;
  MOTCUA_RETURN_IF_ERROR(tx.Query(
      "SELECT workflow FROM dossier_workflows WHERE unit = ? AND procedure_code = ?",
      {unit, procedure_code}, [&](const store::Row& r) { saved = r.Text(0); }));
  if (saved) return ParseWorkflowJson(*saved);
  return Status::NotFound("no workflow saved for " + procedure_code + " at unit " + unit);
}

Status WorkflowStore::PutWorkflow(const Principal& who, const std::string& unit,
                                   const std::string& procedure_code,
                                   const std::string& json_text) {
  MOTCUA_ASSIGN_OR_RETURN(dossier::Workflow w, ParseWorkflowJson(json_text));
  w.procedure_code = procedure_code;
  MOTCUA_RETURN_IF_ERROR(dossier::ValidateWorkflow(w));
  const int64_t now = env_.NowMs();
  // The workflow's events go to the unit's province; a commune code's leading digits are not
  // its province's code, so an unknown unit is refused rather than guessed.
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, identity_.ResolveUnit(unit));
  const std::string province = ref.province_code;
  const std::string body = WorkflowJson(w);
  return store_.Write([&](store::Tx& tx) -> Status {
    MOTCUA_RETURN_IF_ERROR(
        tx.Append(NewEvent{province, "workflow/" + unit + "/" + procedure_code,
                           "workflow.saved", now, who.Id(), body})
            .status());
    return tx
        .Exec("INSERT INTO dossier_workflows (unit, procedure_code, workflow, updated_ms, actor) "
              "VALUES (?,?,?,?,?) ON CONFLICT (unit, procedure_code) DO UPDATE SET "
              "workflow = excluded.workflow, updated_ms = excluded.updated_ms, "
              "actor = excluded.actor",
              {unit, procedure_code, body, now, who.Id()})
        .status();
  });
}

Result<ProcedureTerms> WorkflowStore::TermsOf(const std::string& code, int64_t version) {
  const std::string key = code + "#" + std::to_string(version);
  {
    std::lock_guard<std::mutex> lock(terms_mu_);
    auto it = terms_.find(key);
    if (it != terms_.end()) return it->second;
  }
  MOTCUA_ASSIGN_OR_RETURN(auto v, procedures_.GetProcedureVersion(code, version));
  json rec = json::parse(v.record_json, nullptr, false);
  ProcedureTerms t;
  t.name = rec.is_object() ? rec.value("name", "") : "";
  if (rec.is_object() && rec.contains("online_level") && rec["online_level"].is_string()) {
    t.online_level = rec["online_level"].get<std::string>();
  }
  if (rec.is_object() && rec.contains("processing_time") && rec["processing_time"].is_object()) {
    const json& pt = rec["processing_time"];
    t.amount = pt.value("amount", 0.0);
    const std::string u = pt.value("unit", "unspecified");
    // The catalogue's units mapped onto the clock's; hours and minutes are read as working time
    // [R: the procedures do not say; a unit can set a local limit in working days instead].
    // Weeks, months and years are counted as the Civil Code counts them (Art. 147–148): weeks as
    // 7 calendar days, months and years (12 months) as calendar months; a fractional number of
    // months, which the Code does not define, as 30 days a month.
    if (u == "working_days" || u == "unspecified") {
      t.time_unit = "working_days";
    } else if (u == "calendar_days") {
      t.time_unit = "calendar_days";
    } else if (u == "working_hours" || u == "hours") {
      t.time_unit = "working_hours";
    } else if (u == "minutes") {
      t.time_unit = "working_hours", t.amount /= 60.0;
    } else if (u == "weeks") {
      t.time_unit = "calendar_days", t.amount *= 7;
    } else if (u == "months" || u == "years") {
      if (u == "years") t.amount *= 12;
      if (t.amount == std::floor(t.amount)) {
        t.time_unit = "calendar_months";
      } else {
        t.time_unit = "calendar_days", t.amount *= 30;
      }
    } else if (u == "same_day") {
      t.time_unit = "same_day";
    } else {
      t.amount = 0;
    }
  }
  std::lock_guard<std::mutex> lock(terms_mu_);
  terms_.emplace(key, t);
  return t;
}

}  // namespace motcua::service
