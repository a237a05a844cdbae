// The legal forms of a dossier (domain.md §3.2), filled from its events and rendered to PDF:
// Mẫu 01–06 for one dossier, Mẫu 07, the dossier log of a unit for a period, and the counter's
// Mẫu 02/03 slips for a walk-in it does not receive.
#include <map>
#include <nlohmann/json.hpp>

#include "base/civil_time.h"
#include "domain/calendar/work_calendar.h"
#include "render/forms.h"
#include "service/identity/audit_service.h"
#include "service/dossier/dossier_access.h"
#include "service/dossier/dossier_clock.h"
#include "service/dossier/dossier_commands.h"
#include "service/dossier/dossier_queries.h"
#include "service/catalogue/procedure_service.h"
#include "service/identity/identity_service.h"
#include "service/platform/site_service.h"
#include "service/catalogue/unit_service.h"

namespace motcua::service {

namespace {

// Who holds the dossier, as printed on the process-control sheet.
std::string Holder(const std::string& role) {
  static const std::map<std::string, std::string> names = {
      {"reception", "Bộ phận Một cửa"},  {"specialist", "Công chức chuyên môn"},
      {"unit_head", "Lãnh đạo phòng"},   {"signer", "Lãnh đạo UBND"},
      {"clerk", "Văn thư"},              {"applicant", "Người nộp hồ sơ"},
      {"centre_director", "Giám đốc Trung tâm"}};
  auto it = names.find(role);
  return it == names.end() ? role : it->second;
}

render::Person PersonOf(const dossier::Applicant& a) {
  return {a.full_name, a.id_number, a.address, a.phone, a.email};
}

std::string RoleOf(const dossier::Workflow& w, dossier::StepKind k, const char* fallback) {
  const auto* s = w.Find(k);
  return s ? s->role : fallback;
}

// "Trước hạn" when done on a day before the due day, "Đúng hạn" on the due day up to the due
// instant, "Quá hạn" after it.
// The header every form of a unit's centre carries.
render::FormHeader HeaderOf(const std::string& unit_name, int64_t issued_at) {
  render::FormHeader head;
  head.managing_body = "UBND " + unit_name;
  head.unit_name = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG";
  head.place = unit_name;
  head.issued_at = issued_at;
  return head;
}

// Returns the 2025 unit's name, or its code when the unit is unknown (printed on the forms).
std::string UnitName(UnitService& units, const std::string& unit) {
  if (auto u = units.Get(unit, "2025"); u.ok()) return u->name;
  return unit;
}

std::string StepResult(int64_t done, int64_t due) {
  if (done > due) return "Quá hạn";
  return ToVietnam(done).date == ToVietnam(due).date ? "Đúng hạn" : "Trước hạn";
}

}  // namespace

Result<std::string> DossierQueries::FormPdf(const Principal& who, const std::string& code,
                                            const std::string& form, const AccessContext& ctx) {
  MOTCUA_ASSIGN_OR_RETURN(auto events, History(who, code, ctx));
  const dossier::Dossier d = dossier::Replay(events);
  const DossierView v = clock_.ViewOf(d);
  // The forms show personal data as the JSON view does to the same caller.
  const dossier::Header h = HeaderAsSeenBy(who, d.header);

  const std::string unit_name = UnitName(deps_.units, h.unit);
  const render::FormHeader head = HeaderOf(unit_name, env_.NowMs());
  const std::string lookup = deps_.lookup_base_url + "/tra-cuu/" + code;
  auto last = [&](dossier::EventType t) -> const dossier::DossierEvent* {
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      if (it->type == t) return &*it;
    }
    return nullptr;
  };
  auto missing = [&](const char* what) {
    return Status::NotFound("dossier " + code + " has no " + what + " yet, so there is no form " +
                            form + " to print");
  };

  if (form == "01") {
    if (!d.accepted_at) return missing("acceptance");
    render::ReceiptForm f;
    f.header = head;
    f.header.issued_at = *d.accepted_at;
    f.dossier_code = code;
    f.applicant = PersonOf(h.applicant);
    if (h.representative) {
      const dossier::Representative& r = *h.representative;
      f.representative = render::Person{r.full_name, r.id_number, r.address, r.phone, r.email};
      f.authorisation = r.document_ref;
    }
    f.procedure = h.procedure_name;
    for (const auto& c : h.components) {
      f.components.push_back(c.name + (c.original    ? " (bản chính"
                                        : c.certified ? " (bản sao có chứng thực"
                                                      : " (bản sao") +
                             (c.count > 1 ? ", " + std::to_string(c.count) + " bản)" : ")"));
    }
    f.legal_days = static_cast<int>(h.workflow.total_days + 0.5);
    f.received_at = *d.accepted_at;
    f.due_at = v.original_due_ms.value_or(0);
    f.return_place = h.result_delivery == dossier::ReturnChannel::kCounter
                         ? "Trung tâm Phục vụ hành chính công " + unit_name
                     : h.result_delivery == dossier::ReturnChannel::kPost ? "Qua dịch vụ bưu chính"
                                                                          : "Trực tuyến";
    if (const auto* e = last(dossier::EventType::kAccepted)) f.receiving_officer = e->actor;
    f.lookup_url = lookup;
    return render::RenderReceiptPdf(f);
  }
  if (form == "02") {
    const auto* e = last(dossier::EventType::kSupplementationRequested);
    const auto* s = last(dossier::EventType::kSentBackForCompletion);
    if (!e || (s && s->at > e->at)) e = s;
    if (!e) return missing("supplementation request");
    render::SupplementationForm f;
    f.header = head;
    f.header.issued_at = e->at;
    f.dossier_code = code;
    f.applicant = PersonOf(h.applicant);
    f.procedure = h.procedure_name;
    f.items = e->items;
    f.reason = e->reason;
    f.contact = "Trung tâm Phục vụ hành chính công " + unit_name;
    f.officer = e->actor;
    return render::RenderSupplementationPdf(f);
  }
  if (form == "03") {
    const auto* e = last(dossier::EventType::kRefused);
    if (!e) return missing("refusal");
    render::RefusalForm f;
    f.header = head;
    f.header.issued_at = e->at;
    f.dossier_code = code;
    f.applicant = PersonOf(h.applicant);
    f.procedure = h.procedure_name;
    f.reasons = {e->reason};
    f.officer = e->actor;
    return render::RenderRefusalPdf(f);
  }
  if (form == "04") {
    const auto* e = last(dossier::EventType::kApologised);
    if (!e) return missing("apology");
    render::ApologyForm f;
    f.header = head;
    f.header.issued_at = e->at;
    f.addressee = h.applicant.full_name;
    f.dossier_code = code;
    f.applicant = PersonOf(h.applicant);
    f.procedure = h.procedure_name;
    f.received_at = d.accepted_at.value_or(0);
    f.original_due = v.original_due_ms.value_or(0);
    f.reason = e->reason;
    f.new_due = e->new_due.value_or(0);
    f.signer = e->actor;
    return render::RenderApologyPdf(f);
  }
  if (form == "05") {
    const auto* e = last(dossier::EventType::kStopped);
    if (!e) return missing("stop");
    render::StopNoticeForm f;
    f.header = head;
    f.header.issued_at = e->at;
    f.dossier_code = code;
    f.applicant = PersonOf(h.applicant);
    f.procedure = h.procedure_name;
    f.received_at = d.accepted_at.value_or(d.submitted_at.value_or(0));
    f.reason = e->reason;
    if (const auto* w = last(dossier::EventType::kWithdrawalRequested); w && e->reason.empty())
      f.reason = "Người nộp hồ sơ đề nghị dừng giải quyết: " + w->reason;
    f.signer = e->actor;
    return render::RenderStopNoticePdf(f);
  }
  if (form == "06") {
    if (!d.accepted_at) return missing("acceptance");
    render::ProcessSheetForm f;
    f.header = head;
    f.dossier_code = code;
    f.handling_body = "UBND " + unit_name;
    f.lookup_url = lookup;
    f.received_at = *d.accepted_at;
    f.due_at = v.original_due_ms.value_or(0);
    auto cal = clock_.CalendarOf(h.unit, h.province);
    const dossier::Workflow& w = h.workflow;
    std::string holder = RoleOf(w, dossier::StepKind::kReceive, "reception");
    int64_t since = *d.accepted_at;
    // The working time the whole legal limit spans (without pauses): each step's budget is its
    // share of it (dossier::StepBudgetMinutes), whatever the limit's unit.
    int64_t limit_minutes = 0;
    if (cal.ok()) {
      const auto unit = calendar::ParseTimeUnit(h.time_unit).value_or(calendar::TimeUnit::kWorkingDays);
      auto whole = (*cal)->Compute(*d.accepted_at, w.total_days, unit, {});
      if (whole.ok() && whole->due_ms)
        limit_minutes = (*cal)->WorkingMinutesBetween(whole->counted_from_ms, *whole->due_ms);
    }
    for (const auto& e : events) {
      render::HandoverRow row;
      row.at = e.at;
      switch (e.type) {
        case dossier::EventType::kAccepted:
          row.from = Holder("applicant");
          row.to = Holder(holder);
          row.note = "Tiếp nhận hồ sơ";
          break;
        case dossier::EventType::kStepDone: {
          auto next = w.NextProcessingStep(e.step);
          std::string to = next ? RoleOf(w, *next, "reception")
                                : RoleOf(w, dossier::StepKind::kNumber, "clerk");
          row.from = Holder(e.role.empty() ? holder : e.role) +
                     (e.actor.empty() ? "" : " (" + e.actor + ")");
          row.to = Holder(to);
          row.note = std::string(dossier::StepKindName(*e.step));
          if (const auto* step = w.Find(*e.step); step && cal.ok()) {
            const int64_t minutes = dossier::StepBudgetMinutes(w, step->kind, limit_minutes);
            const int64_t due = (*cal)->AddWorkingMinutes((*cal)->CountedFrom(since), minutes);
            row.result = StepResult(e.at, due);
          }
          holder = to;
          since = e.at;
          break;
        }
        case dossier::EventType::kSupplementationRequested:
          row.from = Holder(holder);
          row.to = Holder("applicant");
          row.note = "Yêu cầu bổ sung: " + e.reason;
          break;
        case dossier::EventType::kSupplemented:
          row.from = Holder("applicant");
          row.to = Holder(holder);
          row.note = "Đã bổ sung";
          since = e.at;
          break;
        case dossier::EventType::kResultReady:
          row.from = Holder(holder);
          row.to = Holder(RoleOf(w, dossier::StepKind::kReturn, "reception"));
          row.note = "Kết quả sẵn sàng";
          break;
        case dossier::EventType::kResultReturned:
          row.from = Holder(RoleOf(w, dossier::StepKind::kReturn, "reception"));
          row.to = Holder("applicant");
          row.note = "Trả kết quả";
          if (v.original_due_ms) row.result = StepResult(e.at, *v.original_due_ms);
          break;
        case dossier::EventType::kApologised:
          row.from = Holder(holder);
          row.to = Holder("applicant");
          row.note = "Xin lỗi, hẹn lại: " + (e.new_due ? render::FormatFormTime(*e.new_due) : "");
          break;
        case dossier::EventType::kRefused:
        case dossier::EventType::kStopped:
          row.from = Holder(holder);
          row.to = Holder("applicant");
          row.note = e.type == dossier::EventType::kRefused ? "Từ chối: " + e.reason
                                                            : "Dừng giải quyết: " + e.reason;
          break;
        default:
          continue;
      }
      f.rows.push_back(std::move(row));
    }
    return render::RenderProcessSheetPdf(f);
  }
  return Status::NotFound("there is no form '" + form + "'; forms are 01 to 06 for a dossier");
}

Result<std::string> DossierQueries::LogPdf(const Principal& who, const std::string& unit,
                                           int64_t from_ms, int64_t to_ms,
                                           const AccessContext& ctx) {
  MOTCUA_ASSIGN_OR_RETURN(auto rows, Log(who, unit, from_ms, to_ms));
  {
    MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, deps_.identity.ResolveUnit(unit));
    MOTCUA_RETURN_IF_ERROR(deps_.audit.Record(who, "unit:" + unit + "/dossier-log", ref,
                                              "dossier log (Mẫu 07)", ctx));
  }
  // The log shows phones and addresses as the dossiers' views do to the same caller.
  auto unit_ref = deps_.identity.ResolveUnit(unit);
  const bool full = unit_ref.ok() && SeesPersonalData(who, *unit_ref);
  const std::string unit_name = UnitName(deps_.units, unit);
  render::DossierLogForm f;
  f.header = HeaderOf(unit_name, env_.NowMs());
  f.period_from = from_ms;
  f.period_to = to_ms - 1;
  for (const auto& r : rows) {
    render::DossierLogRow row;
    row.dossier_code = r.code;
    row.procedure = r.procedure_name;
    row.applicant = r.applicant_name;
    row.address = full ? r.address : "";
    row.phone = full ? r.phone : authz::MaskPhone(r.phone);
    row.handling_body = "UBND " + unit_name;
    row.received_at = r.received_ms.value_or(0);
    row.due_at = r.due_ms.value_or(0);
    row.returned_at = r.returned_ms.value_or(0);
    row.delivery = r.returned_by == "counter" ? "Trực tiếp"
                   : r.returned_by == "post"  ? "Bưu chính"
                   : r.returned_by == "online" ? "Trực tuyến"
                                               : "";
    f.rows.push_back(std::move(row));
  }
  return render::RenderDossierLogPdf(f);
}


// The slips the counter hands a walk-in it does not receive (domain.md §2.3): Mẫu 02, guidance to
// complete the papers, and Mẫu 03, refusal — both before a dossier code exists. Each is recorded
// as an event on the unit's counter stream before the PDF is returned.
Result<std::string> DossierCommands::CounterSlip(const Principal& who,
                                                const CounterSlipRequest& req) {
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef unit, deps_.identity.ResolveUnit(req.unit));
  MOTCUA_RETURN_IF_ERROR(who.Check("dossier.receive", unit));
  std::vector<FieldError> f;
  if (req.applicant.full_name.empty()) f.push_back({"applicant.full_name", "required"});
  if (!req.refuse && req.items.empty()) {
    f.push_back({"items", "name at least one paper to add or complete"});
  }
  if (req.refuse && req.reason.empty()) f.push_back({"reason", "a refusal needs its reason"});
  auto proc = deps_.procedures.Current(req.procedure_code);
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

  const std::string unit_name = UnitName(deps_.units, req.unit);
  const render::FormHeader head = HeaderOf(unit_name, now);
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
