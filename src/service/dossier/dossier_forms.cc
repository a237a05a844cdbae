// The legal forms of a dossier (domain.md §3.2), filled from its events and rendered to PDF:
// Mẫu 01–06 for one dossier, Mẫu 07, the dossier log of a unit for a period, and the counter's
// Mẫu 02/03 slips for a walk-in it does not receive. What a form must print the same every time
// (its number, the appointment issued, who signed) is recorded with the event that issued it
// (IssueDocuments); the rest is read from the events and the clock.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "base/civil_time.h"
#include "base/text.h"
#include "domain/dossier/actions.h"
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

using dossier::EventType;

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

// The title an officer's role gives them under their name on a signature block. The role says
// the function, not the rank (a signer may be the chairman or a vice-chairman), so the titles are
// the functions' names.
std::string RoleTitle(const std::string& role) {
  static const std::map<std::string, std::string> titles = {
      {"reception", "Công chức Bộ phận Một cửa"},
      {"specialist", "Công chức chuyên môn"},
      {"unit_head", "Lãnh đạo phòng chuyên môn"},
      {"signer", "Lãnh đạo Ủy ban nhân dân"},
      {"clerk", "Văn thư"},
      {"centre_director", "Giám đốc Trung tâm Phục vụ hành chính công"}};
  auto it = titles.find(role);
  return it == titles.end() ? "" : it->second;
}

// The steps of the workflow in the words of the process-control sheet.
std::string StepNameVi(dossier::StepKind k) {
  switch (k) {
    case dossier::StepKind::kReceive: return "Tiếp nhận hồ sơ";
    case dossier::StepKind::kAssign: return "Phân công xử lý";
    case dossier::StepKind::kAppraise: return "Thẩm định hồ sơ";
    case dossier::StepKind::kReview: return "Xem xét, trình ký";
    case dossier::StepKind::kSign: return "Ký duyệt kết quả";
    case dossier::StepKind::kNumber: return "Vào số, đóng dấu, phát hành";
    case dossier::StepKind::kReturn: return "Trả kết quả";
  }
  return "";
}

render::Person PersonOf(const dossier::Applicant& a) {
  return {a.full_name, a.id_number, a.address, a.phone, a.email};
}

std::string RoleOf(const dossier::Workflow& w, dossier::StepKind k, const char* fallback) {
  const auto* s = w.Find(k);
  return s ? s->role : fallback;
}

// Returns "3", "0,5" (a decimal comma).
std::string Amount(double x) {
  char buf[32];
  if (std::fabs(x - std::round(x)) < 1e-9) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(std::llround(x)));
  } else {
    std::snprintf(buf, sizeof buf, "%g", x);
  }
  std::string out = buf;
  std::replace(out.begin(), out.end(), '.', ',');
  return out;
}

// The legal time limit worded by its unit, as the procedure publishes it: "3 ngày làm việc",
// "4 giờ làm việc", "30 ngày", "trong ngày".
std::string LegalLimit(const dossier::Header& h) {
  const std::string n = Amount(h.workflow.total_days);
  if (h.time_unit == "same_day") return "trong ngày";
  if (h.time_unit == "working_hours") return n + " giờ làm việc";
  if (h.time_unit == "calendar_days") return n + " ngày";
  if (h.time_unit == "months") return n + " tháng";
  return n + " ngày làm việc";
}

// A commune's name as the place of a document ("Xã Thuận Châu" → "Thuận Châu"), and as the text
// names it ("xã Thuận Châu").
const char* const kUnitKinds[] = {"Xã ", "Phường ", "Thị trấn ", "Đặc khu "};
std::string PlaceOf(const std::string& unit_name) {
  for (const char* k : kUnitKinds) {
    if (unit_name.rfind(k, 0) == 0) return unit_name.substr(std::string(k).size());
  }
  return unit_name;
}
std::string InText(const std::string& unit_name) {
  static const std::map<std::string, std::string> lower = {
      {"Xã ", "xã "}, {"Phường ", "phường "}, {"Thị trấn ", "thị trấn "}, {"Đặc khu ", "đặc khu "}};
  for (const auto& [k, v] : lower) {
    if (unit_name.rfind(k, 0) == 0) return v + unit_name.substr(k.size());
  }
  return unit_name;
}

// The header every form of a unit's centre carries: "UBND XÃ THUẬN CHÂU" over "TRUNG TÂM PHỤC VỤ
// HÀNH CHÍNH CÔNG", the place "Thuận Châu", and the document's number when it has one.
render::FormHeader HeaderOf(const std::string& unit_name, int64_t issued_at,
                            const std::string& number = "") {
  render::FormHeader head;
  head.managing_body = UpperVn("UBND " + unit_name);
  head.unit_name = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG";
  head.body_name = "Trung tâm Phục vụ hành chính công " + InText(unit_name);
  head.place = PlaceOf(unit_name);
  head.issued_at = issued_at;
  head.document_number = number;
  return head;
}

// Returns the 2025 unit's name, or its code when the unit is unknown (printed on the forms).
std::string UnitName(UnitService& units, const std::string& unit) {
  if (auto u = units.Get(unit, "2025"); u.ok()) return u->name;
  return unit;
}

// The symbol after a document's number (Decree 30/2020 Art 15 and Annex III: the kind of
// document, then the issuing body): "07/GTN-TTPVHCC". The decree fixes the form, not these
// abbreviations of the forms' names; they are this system's choice, made once here.
const char* DocumentSymbol(EventType t) {
  switch (t) {
    case EventType::kAccepted: return "GTN";                   // Giấy tiếp nhận (Mẫu 01)
    case EventType::kSentBackForCompletion:                    // Phiếu yêu cầu bổ sung (Mẫu 02)
    case EventType::kSupplementationRequested: return "PBS";
    case EventType::kRefused: return "PTC";                    // Phiếu từ chối (Mẫu 03)
    case EventType::kApologised: return "PXL";                 // Phiếu xin lỗi (Mẫu 04)
    case EventType::kStopped: return "TB";                     // Thông báo dừng (Mẫu 05)
    default: return nullptr;
  }
}
constexpr char kIssuerSymbol[] = "TTPVHCC";  // Trung tâm Phục vụ hành chính công

std::string FormNumber(int64_t seq, const char* symbol) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%02lld/%s-%s", static_cast<long long>(seq), symbol,
                kIssuerSymbol);
  return buf;
}

// The number of a document issued before numbers were recorded: the symbol with the place of
// the number left blank, as a form is printed to be filled by hand.
std::string BlankNumber(EventType t) {
  const char* symbol = DocumentSymbol(t);
  return std::string("……/") + (symbol ? symbol : "") + "-" + kIssuerSymbol;
}

// Takes the next number of `series` for (unit, year) inside the transaction (gapless: a failed
// write gives it back). Numbers start at 1 each year (Decree 30/2020 Art 15(1)).
Result<int64_t> NextNumber(store::Tx& tx, const std::string& unit, int year, const char* series) {
  int64_t seq = 0;
  MOTCUA_RETURN_IF_ERROR(
      tx.Query("INSERT INTO form_number_counters (unit, year, series, next_seq) "
               "VALUES (?, ?, ?, 2) ON CONFLICT (unit, year, series) "
               "DO UPDATE SET next_seq = form_number_counters.next_seq + 1 RETURNING next_seq - 1",
               {unit, static_cast<int64_t>(year), std::string(series)},
               [&](const store::Row& r) { seq = r.Int(0); })
          .WithPrefix("store: cannot take the next " + std::string(series) + " number of unit " +
                      unit + " for " + std::to_string(year)));
  return seq;
}

int YearOf(int64_t ms) { return static_cast<int>(ToVietnam(ms).date.year()); }

// "2 ngày 3 giờ làm việc": working time as a form states it (a working day is the profile's).
std::string WorkingTime(int64_t minutes, int day_minutes) {
  std::string s = calendar::FormatRemaining({minutes, false}, day_minutes, "vi");
  if (s.rfind("còn ", 0) == 0) s = s.substr(std::string("còn ").size());
  return s + " làm việc";
}

// What a form prints for a due time while the clock is paused (never an empty date).
std::string PausedText(const DossierView& v, int day_minutes) {
  std::string s = "Đang tạm dừng tính thời gian giải quyết (";
  s += v.paused_for == dossier::PauseKind::kPayment ? "chờ tổ chức, cá nhân thực hiện nghĩa vụ tài chính"
                                                    : "chờ tổ chức, cá nhân bổ sung, hoàn thiện hồ sơ";
  s += ")";
  if (v.paused_remaining_minutes && day_minutes > 0) {
    s += "; thời gian giải quyết còn lại: " + WorkingTime(*v.paused_remaining_minutes, day_minutes) +
         (v.paused_for == dossier::PauseKind::kPayment
              ? ", tính tiếp từ khi hoàn thành nghĩa vụ tài chính"
              : ", tính tiếp từ khi nhận đủ hồ sơ bổ sung");
  }
  return s;
}

// "Trước hạn" when done on a day before the due day, "Đúng hạn" on the due day up to the due
// instant, "Quá hạn" after it.
std::string StepResult(int64_t done, int64_t due) {
  if (done > due) return "Quá hạn";
  return ToVietnam(done).date == ToVietnam(due).date ? "Đúng hạn" : "Trước hạn";
}

}  // namespace

std::string DossierCommands::HeadOfAgency(const dossier::Header& h) {
  const authz::Role head =
      h.workflow.RoleOf(dossier::StepKind::kSign).value_or(authz::Role::kSigner);
  const authz::UnitRef unit{h.unit, h.province};
  auto users = deps_.identity.ListUsers(unit);
  if (!users.ok()) return "";
  std::sort(users->begin(), users->end(),
            [](const UserSummary& a, const UserSummary& b) { return a.id < b.id; });
  for (const auto& u : *users) {
    const bool holds =
        !u.disabled && !u.display_name.empty() &&
        std::any_of(u.grants.begin(), u.grants.end(), [&](const authz::Grant& g) {
          return g.role == head && authz::Covers(g, unit);
        });
    if (holds) return u.display_name;
  }
  return "";
}

Status DossierCommands::IssueDocuments(store::Tx& tx, const dossier::Dossier& before,
                                      const DossierView& after,
                                      const std::string& head_of_agency,
                                      std::vector<dossier::DossierEvent>* events) {
  const dossier::Header& h = after.state.header;
  for (auto& e : *events) {
    const int year = YearOf(e.at);
    if (const char* symbol = DocumentSymbol(e.type); symbol && e.form_number.empty()) {
      auto n = NextNumber(tx, h.unit, year, "document");
      if (!n.ok()) return n.status().WithPrefix("dossier " + h.id);
      e.form_number = FormNumber(*n, symbol);
    }
    if (e.type == EventType::kAccepted) {
      if (e.log_serial == 0) {
        auto n = NextNumber(tx, h.unit, year, "log");
        if (!n.ok()) return n.status().WithPrefix("dossier " + h.id);
        e.log_serial = *n;
      }
      if (!e.appointment) e.appointment = after.original_due_ms;
    }
    // An apology and a refusal after appraisal are signed by the head of the agency (domain §3.2):
    // the officer who acted when they hold the sign step's role, else the first active officer
    // holding it over the unit, as named now (read before the write: HeadOfAgency).
    const bool after_appraisal =
        e.type == EventType::kRefused && before.status != dossier::NationalStatus::kSubmittedOnline;
    if ((e.type == EventType::kApologised || after_appraisal) && e.signer_name.empty()) {
      const authz::Role head =
          h.workflow.RoleOf(dossier::StepKind::kSign).value_or(authz::Role::kSigner);
      const std::string head_name(authz::RoleName(head));
      e.signer_title = RoleTitle(head_name);
      if (e.role == head_name && !e.actor_name.empty()) {
        e.signer_name = e.actor_name;
      } else {
        e.signer_name = head_of_agency;  // read before the write (HeadOfAgency)
      }
    }
  }
  return Status::Ok();
}

Result<std::string> DossierQueries::FormPdf(const Principal& who, const std::string& code,
                                            const std::string& form, const AccessContext& ctx) {
  MOTCUA_ASSIGN_OR_RETURN(auto events, History(who, code, ctx));
  const dossier::Dossier d = dossier::Replay(events);
  const DossierView v = clock_.ViewOf(d);
  // The forms show personal data as the JSON view does to the same caller.
  const dossier::Header h = HeaderAsSeenBy(who, d.header);

  const std::string unit_name = UnitName(deps_.units, h.unit);
  const std::string lookup = deps_.lookup_base_url + "/tra-cuu/" + code;
  auto cal = clock_.CalendarOf(h.unit, h.province);
  const int day_minutes = cal.ok() ? (*cal)->profile().DayMinutes() : 0;
  auto last = [&](EventType t) -> const dossier::DossierEvent* {
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      if (it->type == t) return &*it;
    }
    return nullptr;
  };
  // The dossier as it stood just before `e`.
  auto before = [&](const dossier::DossierEvent* e) {
    return dossier::Replay({events.begin(), events.begin() + (e - events.data())});
  };
  auto missing = [&](const char* what) {
    return Status::NotFound("dossier " + code + " has no " + what + " yet, so there is no form " +
                            form + " to print");
  };
  // The name an event's actor had when they acted; for events recorded before names were kept,
  // the account's name now; never the account id.
  std::map<std::string, std::string> accounts;  // "user:12" and "demo.reception" → name
  bool accounts_loaded = false;
  auto account_name = [&](const std::string& key) -> std::string {
    if (!accounts_loaded) {
      accounts_loaded = true;
      auto users = deps_.identity.ListUsers({h.unit, h.province});
      if (users.ok()) {
        for (const auto& u : *users) {
          accounts["user:" + std::to_string(u.id)] = u.display_name;
          accounts[u.username] = u.display_name;
        }
      }
    }
    auto it = accounts.find(key);
    return it == accounts.end() ? "" : it->second;
  };
  auto name_of = [&](const dossier::DossierEvent& e) -> std::string {
    if (!e.actor_name.empty()) return e.actor_name;
    if (e.role.empty()) return "";  // the applicant side: the form names the applicant itself
    return account_name(e.actor);
  };
  // An assigned handler, named by their account's name (the event keeps the username).
  auto display_name_of = [&](const std::string& username) { return account_name(username); };
  auto officer = [&](const char* heading, const dossier::DossierEvent& e) {
    render::Signature s;
    s.heading = heading;
    s.name = name_of(e);
    s.title = RoleTitle(e.role);
    return s;
  };
  auto number_of = [&](const dossier::DossierEvent& e) {
    return e.form_number.empty() ? BlankNumber(e.type) : e.form_number;
  };
  // The head of the agency as recorded with the event; for older events (or when no officer held
  // the role), the officer who acted if they hold the sign step's role, else a blank line to sign
  // by hand: never another officer's name under the head's heading.
  const std::string head_role(authz::RoleName(
      h.workflow.RoleOf(dossier::StepKind::kSign).value_or(authz::Role::kSigner)));
  auto head_of_agency = [&](const dossier::DossierEvent& e) {
    render::Signature s;
    s.heading = "THỦ TRƯỞNG CƠ QUAN";
    s.how = "(Ký, ghi rõ họ tên, đóng dấu;\nký số nếu là biểu mẫu điện tử)";
    s.name = e.signer_name;
    s.title = e.signer_title;
    if (s.name.empty() && e.role == head_role) {
      s.name = name_of(e);
      s.title = RoleTitle(e.role);
    }
    return s;
  };
  auto applicant_signature = [&] {
    render::Signature s;
    s.heading = "NGƯỜI NỘP HỒ SƠ";
    s.name = h.representative ? h.representative->full_name : h.applicant.full_name;
    return s;
  };
  // Which forms exist is the domain's table's answer (dossier::FormsOf), as the pages list them.
  const auto which = dossier::ParseFormCode(form);
  if (!which) {
    return Status::NotFound("there is no form '" + form + "'; forms are 01 to 06 for a dossier");
  }
  if (const auto has = dossier::FormsOf(d, events);
      std::find(has.begin(), has.end(), *which) == has.end()) {
    return Status::NotFound("dossier " + code + " has not reached form " + form + " yet");
  }

  if (form == "01") {
    const auto* e = last(EventType::kAccepted);
    if (!d.accepted_at || !e) return missing("acceptance");
    render::ReceiptForm f;
    f.header = HeaderOf(unit_name, e->at, number_of(*e));
    f.dossier_code = code;
    f.applicant = PersonOf(h.applicant);
    if (h.representative) {
      const dossier::Representative& r = *h.representative;
      f.representative = render::Person{r.full_name, r.id_number, r.address, r.phone, r.email};
      f.authorisation = r.document_ref;
    }
    f.procedure = h.procedure_name;
    for (const auto& c : h.components) {
      if (c.file.empty() && h.channel == dossier::Channel::kOnline) {
        f.to_bring.push_back(c.name);  // skipped online: the paper comes to the counter
        continue;
      }
      f.components.push_back(c.name + (c.original    ? " (bản chính"
                                        : c.certified ? " (bản sao có chứng thực"
                                                      : " (bản sao") +
                             (c.count > 1 ? ", " + std::to_string(c.count) + " bản)" : ")"));
    }
    f.legal_limit = LegalLimit(h);
    f.received_at = e->at;
    // The appointment issued at reception; for receipts issued before it was recorded, the legal
    // due as the dossier stood right after its acceptance.
    f.due_at = e->appointment;
    if (!f.due_at) f.due_at = clock_.ViewOf(before(e + 1)).original_due_ms;
    if (!f.due_at) f.due_text = "…";
    f.return_place = h.result_delivery == dossier::ReturnChannel::kCounter
                         ? "Trung tâm Phục vụ hành chính công " + InText(unit_name)
                     : h.result_delivery == dossier::ReturnChannel::kPost ? "Qua dịch vụ bưu chính"
                                                                          : "Trực tuyến";
    // One book a year per unit: the electronic dossier log (Mẫu 07) replaces the printed book when
    // it keeps every field (domain §3.2), so the book is numbered by its year.
    f.log_book = "01/" + std::to_string(YearOf(e->at));
    f.log_serial = e->log_serial;
    f.applicant_signature = applicant_signature();
    f.officer = officer("NGƯỜI TIẾP NHẬN HỒ SƠ", *e);
    f.lookup_url = lookup;
    return render::RenderReceiptPdf(f);
  }
  if (form == "02") {
    const auto* e = last(EventType::kSupplementationRequested);
    const auto* s = last(EventType::kSentBackForCompletion);
    if (!e || (s && s->at > e->at)) e = s;
    if (!e) return missing("supplementation request");
    render::SupplementationForm f;
    f.header = HeaderOf(unit_name, e->at, number_of(*e));
    f.dossier_code = code;
    f.applicant = PersonOf(h.applicant);
    f.procedure = h.procedure_name;
    f.items = e->items;
    f.reason = e->reason;
    f.contact = "Trung tâm Phục vụ hành chính công " + InText(unit_name);
    f.officer = officer("NGƯỜI HƯỚNG DẪN", *e);
    return render::RenderSupplementationPdf(f);
  }
  if (form == "03") {
    const auto* e = last(EventType::kRefused);
    if (!e) return missing("refusal");
    render::RefusalForm f;
    f.header = HeaderOf(unit_name, e->at, number_of(*e));
    f.dossier_code = code;
    f.applicant = PersonOf(h.applicant);
    f.procedure = h.procedure_name;
    f.reasons = {e->reason};
    if (before(e).status == dossier::NationalStatus::kSubmittedOnline) {
      f.signatures = {applicant_signature(), officer("NGƯỜI TIẾP NHẬN HỒ SƠ", *e)};
    } else {
      f.signatures = {head_of_agency(*e)};
    }
    return render::RenderRefusalPdf(f);
  }
  if (form == "04") {
    const auto* e = last(EventType::kApologised);
    if (!e) return missing("apology");
    render::ApologyForm f;
    f.header = HeaderOf(unit_name, e->at, number_of(*e));
    f.addressee = h.applicant.full_name;
    f.dossier_code = code;
    f.applicant = PersonOf(h.applicant);
    f.procedure = h.procedure_name;
    f.received_at = d.accepted_at.value_or(0);
    f.original_due = e->appointment;
    if (!f.original_due) f.original_due = clock_.ViewOf(before(e)).due_ms;
    f.reason = e->reason;
    f.new_due = e->new_due.value_or(0);
    f.signer = head_of_agency(*e);
    return render::RenderApologyPdf(f);
  }
  if (form == "05") {
    const auto* e = last(EventType::kStopped);
    if (!e) return missing("stop");
    render::StopNoticeForm f;
    f.header = HeaderOf(unit_name, e->at, number_of(*e));
    f.dossier_code = code;
    f.applicant = PersonOf(h.applicant);
    f.procedure = h.procedure_name;
    f.received_at = d.accepted_at.value_or(d.submitted_at.value_or(0));
    f.at_applicants_request =
        dossier::StopGroundOf(*e, before(e)) == dossier::StopGround::kApplicantRequest;
    f.reason = e->reason;
    if (f.at_applicants_request) {
      if (const auto* w = last(EventType::kWithdrawalRequested); w && w->at <= e->at) {
        f.requested_at = w->at;
        if (f.reason.empty()) f.reason = w->reason;
      }
    }
    f.signer = officer("NGƯỜI TIẾP NHẬN HỒ SƠ", *e);
    return render::RenderStopNoticePdf(f);
  }
  if (form == "06") {
    if (!d.accepted_at) return missing("acceptance");
    render::ProcessSheetForm f;
    f.header = HeaderOf(unit_name, env_.NowMs());
    f.dossier_code = code;
    f.handling_body = "UBND " + InText(unit_name);
    f.lookup_url = lookup;
    f.received_at = *d.accepted_at;
    // The due in force (the apology's new date, else the legal due); while the clock is paused
    // there is none, and the sheet says so with the working time left.
    f.due_at = v.due_ms;
    if (!f.due_at) f.due_text = v.paused ? PausedText(v, day_minutes) : "…";
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
    // Each row's receiving side: its role, named once someone of that side acts later.
    std::vector<std::string> to_roles;
    std::vector<size_t> at_event;
    for (size_t i = 0; i < events.size(); ++i) {
      const auto& e = events[i];
      render::HandoverRow row;
      row.at = e.at;
      std::string from_role = holder, to_role, receiver;
      switch (e.type) {
        case EventType::kAccepted:
          from_role = "applicant";
          to_role = holder;
          row.note = "Tiếp nhận hồ sơ";
          receiver = name_of(e);  // the officer who received it
          break;
        case EventType::kStepDone: {
          auto next = w.NextProcessingStep(e.step);
          to_role = next ? RoleOf(w, *next, "reception")
                         : RoleOf(w, dossier::StepKind::kNumber, "clerk");
          from_role = e.role.empty() ? holder : e.role;
          row.note = StepNameVi(*e.step);
          if (*e.step == dossier::StepKind::kAssign && !e.detail.empty()) {
            const std::string handler = display_name_of(e.detail);
            row.note += ": giao " + (handler.empty() ? "công chức được phân công" : handler);
          }
          if (const auto* step = w.Find(*e.step); step && cal.ok()) {
            const int64_t minutes = dossier::StepBudgetMinutes(w, step->kind, limit_minutes);
            const int64_t due = (*cal)->AddWorkingMinutes((*cal)->CountedFrom(since), minutes);
            row.result = StepResult(e.at, due);
          }
          holder = to_role;
          since = e.at;
          break;
        }
        case EventType::kSupplementationRequested:
          from_role = e.role.empty() ? holder : e.role;
          to_role = "applicant";
          row.note = "Yêu cầu bổ sung: " + e.reason;
          if (e.exception && !v.late_reason.empty()) {
            // Beyond the one request of Decree 118 Art 11: the dossier counts as late from here
            // (DossierDeps::supplementation_exception_counts_late), and the sheet says why.
            row.note = "Yêu cầu bổ sung lần nữa (ngoại lệ, hồ sơ được tính là quá hạn): " + e.reason;
            row.result = "Quá hạn";
          }
          break;
        case EventType::kPaymentRequested:
          from_role = e.role.empty() ? holder : e.role;
          to_role = "applicant";
          row.note = "Yêu cầu thực hiện nghĩa vụ tài chính";
          break;
        case EventType::kSupplemented:
          from_role = "applicant";
          to_role = holder;
          row.note = "Đã bổ sung hồ sơ";
          since = e.at;
          break;
        case EventType::kSentBackForCompletion:
          // Before acceptance; shown only when it was an exception that makes the dossier late.
          if (!e.exception || v.late_reason.empty()) continue;
          from_role = e.role.empty() ? holder : e.role;
          to_role = "applicant";
          row.note = "Trả lại để hoàn thiện lần nữa (ngoại lệ, hồ sơ được tính là quá hạn): " +
                     e.reason;
          row.result = "Quá hạn";
          break;
        case EventType::kResultReady:
          from_role = e.role.empty() ? holder : e.role;
          to_role = RoleOf(w, dossier::StepKind::kReturn, "reception");
          row.note = "Kết quả sẵn sàng";
          break;
        case EventType::kResultReturned:
          from_role = RoleOf(w, dossier::StepKind::kReturn, "reception");
          to_role = "applicant";
          row.note = "Trả kết quả";
          if (v.original_due_ms) row.result = StepResult(e.at, *v.original_due_ms);
          if (!v.late_reason.empty()) row.result = "Quá hạn";
          break;
        case EventType::kApologised:
          from_role = e.role.empty() ? holder : e.role;
          to_role = "applicant";
          row.note = "Xin lỗi, hẹn lại: " + (e.new_due ? render::FormatFormTime(*e.new_due) : "");
          break;
        case EventType::kWithdrawalRequested:
          from_role = "applicant";
          to_role = RoleOf(w, dossier::StepKind::kReceive, "reception");
          row.note = "Đề nghị dừng giải quyết" + (e.reason.empty() ? "" : ": " + e.reason);
          break;
        case EventType::kRefused:
          from_role = e.role.empty() ? holder : e.role;
          to_role = "applicant";
          row.note = "Từ chối: " + e.reason;
          break;
        case EventType::kStopped:
          from_role = e.role.empty() ? holder : e.role;
          to_role = "applicant";
          row.note = dossier::StopGroundOf(e, dossier::Replay({events.begin(), events.begin() + i})) ==
                             dossier::StopGround::kApplicantRequest
                         ? "Dừng giải quyết theo đề nghị của người nộp hồ sơ"
                         : "Dừng giải quyết";
          if (!e.reason.empty()) row.note += ": " + e.reason;
          break;
        default:
          continue;
      }
      // The giving side is named by whoever acted (the applicant side by the applicant's name).
      const std::string giver = from_role == "applicant" ? h.applicant.full_name : name_of(e);
      row.from = Holder(from_role) + (giver.empty() ? "" : "\n" + giver);
      row.to = Holder(to_role);
      if (to_role == "applicant") receiver = h.applicant.full_name;
      if (!receiver.empty()) row.to += "\n" + receiver;
      to_roles.push_back(receiver.empty() ? to_role : "");
      at_event.push_back(i);
      f.rows.push_back(std::move(row));
    }
    // The receiving officer is the first of that side to act after the handover.
    for (size_t r = 0; r < f.rows.size(); ++r) {
      if (to_roles[r].empty()) continue;  // already named
      for (size_t i = at_event[r] + 1; i < events.size(); ++i) {
        if (events[i].role == to_roles[r]) {
          const std::string name = name_of(events[i]);
          if (!name.empty()) f.rows[r].to += "\n" + name;
          break;
        }
      }
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
    row.handling_body = "UBND " + InText(unit_name);
    row.received_at = r.received_ms.value_or(0);
    row.due_at = r.due_ms.value_or(0);
    // A paused dossier has no due date until the applicant acts; the cell says why it is empty.
    if (!r.due_ms && (r.status == static_cast<int>(dossier::NationalStatus::kSupplementationRequested) ||
                      r.status == static_cast<int>(dossier::NationalStatus::kAwaitingPayment)))
      row.due_text = "Tạm dừng";
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
  // The slip is a document the centre issues: its number is taken with the event that records it.
  std::string number;
  MOTCUA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    const EventType kind = req.refuse ? EventType::kRefused : EventType::kSentBackForCompletion;
    auto n = NextNumber(tx, unit.unit_code, YearOf(now), "document");
    if (!n.ok()) return n.status().WithPrefix("the counter's slip");
    number = FormNumber(*n, DocumentSymbol(kind));
    nlohmann::json numbered = body;
    numbered["form_number"] = number;
    numbered["officer_name"] = who.FullName();
    return tx
        .Append(NewEvent{unit.province_code, "counter/" + unit.unit_code, type, now, who.Id(),
                         numbered.dump()})
        .status()
        .WithPrefix("store: cannot record the counter's slip");
  }));

  const std::string unit_name = UnitName(deps_.units, req.unit);
  const render::FormHeader head = HeaderOf(unit_name, now, number);
  const render::Person person{req.applicant.full_name, req.applicant.id_number,
                              req.applicant.address, req.applicant.phone, req.applicant.email};
  render::Signature officer;
  officer.name = who.FullName();
  for (const auto& g : who.grants) {
    if (g.role == authz::Role::kReception) officer.title = RoleTitle("reception");
  }
  if (req.refuse) {
    render::RefusalForm form;
    form.header = head;
    form.applicant = person;
    form.procedure = procedure;
    form.reasons = {req.reason};
    render::Signature applicant;
    applicant.heading = "NGƯỜI NỘP HỒ SƠ";
    applicant.name = req.applicant.full_name;
    officer.heading = "NGƯỜI TIẾP NHẬN HỒ SƠ";
    form.signatures = {applicant, officer};
    return render::RenderRefusalPdf(form);
  }
  render::SupplementationForm form;
  form.header = head;
  form.applicant = person;
  form.procedure = procedure;
  form.items = req.items;
  form.reason = req.reason;
  form.contact = "Trung tâm Phục vụ hành chính công " + InText(unit_name);
  officer.heading = "NGƯỜI HƯỚNG DẪN";
  form.officer = officer;
  return render::RenderSupplementationPdf(form);
}

}  // namespace motcua::service
