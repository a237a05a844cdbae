// The legal forms of a dossier (domain.md §3.2), filled from its events and rendered to PDF:
// Mẫu 01–06 for one dossier and Mẫu 07, the dossier log of a unit for a period.
#include <map>

#include "base/civil_time.h"
#include "domain/calendar/work_calendar.h"
#include "render/forms.h"
#include "service/audit_service.h"
#include "service/dossier_service.h"
#include "service/site_service.h"
#include "service/unit_service.h"

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
std::string StepResult(int64_t done, int64_t due) {
  if (done > due) return "Quá hạn";
  return ToVietnam(done).date == ToVietnam(due).date ? "Đúng hạn" : "Trước hạn";
}

}  // namespace

Result<std::string> DossierService::FormPdf(const Principal& who, const std::string& code,
                                            const std::string& form, const AccessContext& ctx) {
  MOTCUA_ASSIGN_OR_RETURN(auto events, History(who, code, ctx));
  const dossier::Dossier d = dossier::Replay(events);
  const DossierView v = ViewOf(d);
  const dossier::Header& h = d.header;

  render::FormHeader head;
  std::string unit_name = h.unit, province_name = h.province;
  if (deps_.units) {
    if (auto u = deps_.units->Get(h.unit, "2025"); u.ok()) unit_name = u->name;
    if (auto p = deps_.units->Get(h.province, "2025"); p.ok()) province_name = p->name;
  }
  head.managing_body = "UBND " + unit_name;
  head.unit_name = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG";
  head.place = unit_name;
  head.issued_at = env_.NowMs();
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
    auto cal = CalendarOf(h.unit, h.province);
    const dossier::Workflow& w = h.workflow;
    std::string holder = RoleOf(w, dossier::StepKind::kReceive, "reception");
    int64_t since = *d.accepted_at;
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
            const int64_t minutes =
                static_cast<int64_t>(step->budget_days * (*cal)->profile().DayMinutes() + 0.5);
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

Result<std::string> DossierService::LogPdf(const Principal& who, const std::string& unit,
                                           int64_t from_ms, int64_t to_ms,
                                           const AccessContext& ctx) {
  MOTCUA_ASSIGN_OR_RETURN(auto rows, Log(who, unit, from_ms, to_ms));
  if (deps_.audit) {
    MOTCUA_RETURN_IF_ERROR(deps_.audit->Record(who, "unit:" + unit + "/dossier-log",
                                               "dossier log (Mẫu 07)", ctx));
  }
  std::string unit_name = unit;
  if (deps_.units) {
    if (auto u = deps_.units->Get(unit, "2025"); u.ok()) unit_name = u->name;
  }
  render::DossierLogForm f;
  f.header.managing_body = "UBND " + unit_name;
  f.header.unit_name = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG";
  f.header.place = unit_name;
  f.header.issued_at = env_.NowMs();
  f.period_from = from_ms;
  f.period_to = to_ms - 1;
  for (const auto& r : rows) {
    render::DossierLogRow row;
    row.dossier_code = r.code;
    row.procedure = r.procedure_name;
    row.applicant = r.applicant_name;
    row.address = r.address;
    row.phone = r.phone;
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

}  // namespace motcua::service
