// The slips the counter hands a walk-in it does not receive (domain.md §2.3): Mẫu 02, guidance to
// complete the papers, and Mẫu 03, refusal — both before a dossier code exists. Each is recorded
// as an event on the unit's counter stream before the PDF is returned.
#include <nlohmann/json.hpp>

#include "base/civil_time.h"
#include "render/forms.h"
#include "service/dossier_service.h"
#include "service/identity_service.h"
#include "service/procedure_service.h"
#include "service/unit_service.h"

namespace motcua::service {

Result<std::string> DossierService::CounterSlip(const Principal& who,
                                                const CounterSlipRequest& req) {
  if (!deps_.identity || !deps_.procedures) {
    return Status::FailedPrecondition("the dossier service is not fully configured");
  }
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef unit, deps_.identity->ResolveUnit(req.unit));
  MOTCUA_RETURN_IF_ERROR(who.Check("dossier.receive", unit));
  std::vector<FieldError> f;
  if (req.applicant.full_name.empty()) f.push_back({"applicant.full_name", "required"});
  if (!req.refuse && req.items.empty()) {
    f.push_back({"items", "name at least one paper to add or complete"});
  }
  if (req.refuse && req.reason.empty()) f.push_back({"reason", "a refusal needs its reason"});
  auto proc = deps_.procedures->Current(req.procedure_code);
  if (!proc.ok()) f.push_back({"procedure_code", "no procedure has this code"});
  if (!f.empty()) return Status::InvalidArgument("the slip cannot be issued", std::move(f));
  const nlohmann::json record = nlohmann::json::parse(proc->record_json, nullptr, false);
  const std::string procedure =
      record.is_object() && record.contains("name") && record["name"].is_string()
          ? record["name"].get<std::string>()
          : req.procedure_code;

  const int64_t now = env_.NowMs();
  nlohmann::json body = {{"procedure_code", req.procedure_code},
                         {"procedure", procedure},
                         {"applicant",
                          {{"kind", req.applicant.kind == dossier::ApplicantKind::kOrganisation
                                        ? "organisation"
                                        : "person"},
                           {"full_name", req.applicant.full_name},
                           {"id_number", req.applicant.id_number},
                           {"phone", req.applicant.phone},
                           {"address", req.applicant.address}}},
                         {"items", req.items},
                         {"reason", req.reason}};
  const std::string type = req.refuse ? "counter.refused" : "counter.guided";
  MOTCUA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    return tx
        .Append(NewEvent{unit.province_code, "counter/" + unit.unit_code, type, now, who.Id(),
                         body.dump()})
        .status()
        .WithPrefix("store: cannot record the counter's slip");
  }));

  render::FormHeader head;
  std::string unit_name = req.unit;
  if (deps_.units) {
    if (auto u = deps_.units->Get(req.unit, "2025"); u.ok()) unit_name = u->name;
  }
  head.managing_body = "UBND " + unit_name;
  head.unit_name = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG";
  head.place = unit_name;
  head.issued_at = now;
  const render::Person person{req.applicant.full_name, req.applicant.id_number,
                              req.applicant.address, req.applicant.phone, req.applicant.email};
  const std::string officer = who.display_name.empty() ? who.username : who.display_name;
  if (req.refuse) {
    render::RefusalForm form;
    form.header = head;
    form.applicant = person;
    form.procedure = procedure;
    form.reasons = {req.reason};
    form.officer = officer;
    return render::RenderRefusalPdf(form);
  }
  render::SupplementationForm form;
  form.header = head;
  form.applicant = person;
  form.procedure = procedure;
  form.items = req.items;
  form.reason = req.reason;
  form.contact = "Trung tâm Phục vụ hành chính công " + unit_name;
  form.officer = officer;
  return render::RenderSupplementationPdf(form);
}

}  // namespace motcua::service
