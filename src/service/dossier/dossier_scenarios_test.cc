// Scenario tables for the dossier workflow (domain.md §2–§5): every legal path, driven through
// DossierService over a real store, the real units and procedure catalogue and the national
// calendar with the 2026 notice, on a clock the test moves. Each step names who acts, the action,
// how much time passes first, and the status or error expected; each scenario then checks the due
// times, the on-time verdict, the events recorded and the text of its PDF forms (pdftotext).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <tuple>

#include "base/civil_time.h"
#include "service/identity/audit_service.h"
#include "domain/dossier/actions.h"
#include "domain/calendar/work_calendar.h"
#include "service/calendar/calendar_service.h"
#include "service/dossier/dossier_codec.h"
#include "service/dossier/dossier_service.h"
#include "service/identity/identity_service.h"
#include "service/platform/file_service.h"
#include "service/catalogue/procedure_service.h"
#include "service/platform/site_service.h"
#include "service/catalogue/unit_service.h"
#include "store/temp_store_for_test.h"

namespace motcua::service {
namespace {

constexpr char kUnit[] = "03721";  // Xã Thuận Châu, Sơn La (the demo commune)
constexpr char kProvince[] = "14";
constexpr char kProcedure[] = "1.001193";  // khai sinh; offered here with a local limit below
constexpr char kApplicantId[] = "014190001234";

int64_t At(int y, unsigned m, unsigned d, int hh, int mm) {
  return FromVietnam(std::chrono::year(y) / m / d, hh * 60 + mm);
}
std::string Iso(int64_t ms) { return FormatRfc3339Vietnam(ms); }

constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kDay = 24 * kHour;

Principal Officer(authz::Role role, const std::string& unit = kUnit,
                  const std::string& province = kProvince) {
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.user_id = 100 + static_cast<int>(role);
  p.username = "demo." + std::string(authz::RoleName(role));
  p.display_name = "Cán bộ " + std::string(authz::RoleName(role));  // printed on the forms
  p.grants = {{role, unit, province}};
  return p;
}

Principal Resident(const std::string& id_number, int64_t rid = 7) {
  Principal p;
  p.kind = Principal::Kind::kResident;
  p.resident_id = rid;
  p.id_number = id_number;
  p.name = "Lò Thị Mai";
  return p;
}

std::string PdfText(const std::string& pdf) {
  const std::string path = testing::TempDir() + "/form-" + std::to_string(getpid()) + ".pdf";
  std::ofstream(path, std::ios::binary) << pdf;
  std::string out;
  FILE* p = popen(("pdftotext -raw '" + path + "' - 2>/dev/null").c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  std::remove(path.c_str());
  // Lines wrap where the layout chose; compare text with single spaces.
  std::string flat;
  for (char c : out) {
    if (c == '\n' || c == '\f') c = ' ';
    if (c == ' ' && !flat.empty() && flat.back() == ' ') continue;
    flat += c;
  }
  return flat;
}

class Scenarios : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = new FakeEnv(At(2026, 12, 7, 8, 0));  // Monday 07/12/2026 08:00
    store_ = new store::TempStore("scenarios", *env_);
    site_ = new SiteService(*env_, **store_);
    ASSERT_TRUE(site_->EnsureDemo().ok());
    units_ = new UnitService(*env_, **store_);
    ASSERT_TRUE(units_->Import(std::string(MOTCUA_SOURCE_DIR) + "/data/units", nullptr).ok());
    procedures_ = new ProcedureService(*env_, **store_);
    ASSERT_TRUE(procedures_
                    ->ImportFile(std::string(MOTCUA_SOURCE_DIR) +
                                     "/data/procedures/commune_catalogue.jsonl",
                                 "test", nullptr)
                    .ok());
    ASSERT_TRUE(procedures_->OfferCommuneProcedures(kUnit, kProvince, "test").ok());
    // A 10-working-day local limit makes due times long enough to see pauses move them.
    ASSERT_TRUE(procedures_->SetOffering({kUnit, kProcedure, 10.0, ""}, kProvince, "test").ok());
    calendar_ = new CalendarService(*env_, **store_);
    ASSERT_TRUE(calendar_->Load().ok());
    auto notice = env_->ReadFile(std::string(MOTCUA_SOURCE_DIR) + "/data/calendars/2026.json");
    ASSERT_TRUE(notice.ok());
    ASSERT_TRUE(calendar_->PutAnnouncement(*notice, "test").ok());
    IdentityOptions io;
    io.hasher.memlimit = 8u << 20;
    identity_ = new IdentityService(*env_, **store_, *site_, *units_, io);
    // Officers a dossier may be assigned to, and some it may not.
    for (const auto& [name, unit] :
         std::vector<std::pair<std::string, std::string>>{{"demo.specialist", kUnit},
                                                          {"demo.specialist2", kUnit},
                                                          {"off.specialist", kUnit},
                                                          {"far.specialist", "03646"}}) {
      ASSERT_TRUE(identity_
                      ->CreateUser(name, "Cán bộ " + name, "correct horse battery",
                                   {{authz::Role::kSpecialist, unit}}, "test")
                      .ok())
          << name;
    }
    ASSERT_TRUE(identity_
                    ->CreateUser("demo.clerk", "Văn thư", "correct horse battery",
                                 {{authz::Role::kClerk, kUnit}}, "test")
                    .ok());
    ASSERT_TRUE((**store_)
                    .Write([](store::Tx& tx) {
                      return tx
                          .Exec("UPDATE users SET disabled = 1 WHERE username = ?",
                                {std::string("off.specialist")})
                          .status();
                    })
                    .ok());
    audit_ = new AuditService(*env_, **store_);
    FileOptions fo;
    fo.dir = (store_->dir() / "files").string();
    files_ = new FileService(*env_, **store_, fo);
    DossierDeps deps{.calendar = *calendar_,
                     .procedures = *procedures_,
                     .units = *units_,
                     .identity = *identity_,
                     .audit = *audit_,
                     .site = *site_,
                     .files = *files_,
                     .lookup_base_url = "https://motcua.example"};
    service_ = new DossierService(*env_, **store_, deps);
  }
  static void TearDownTestSuite() {
    delete service_;
    delete files_;
    delete audit_;
    delete identity_;
    delete calendar_;
    delete procedures_;
    delete units_;
    delete site_;
    delete store_;
    delete env_;
  }

  static SubmitRequest Request(dossier::Channel channel) {
    SubmitRequest r;
    r.unit = kUnit;
    r.procedure_code = kProcedure;
    r.channel = channel;
    r.applicant.full_name = "Lò Thị Mai";
    r.applicant.id_number = kApplicantId;
    r.applicant.phone = "0912345678";
    r.applicant.email = "mai@example.com";
    r.applicant.address = "Bản Nà Lĩu, xã Thuận Châu";
    r.components = {{"Tờ khai đăng ký khai sinh", true, 1, ""},
                    {"Giấy chứng sinh", true, 1, ""}};
    return r;
  }

  static inline FakeEnv* env_;
  static inline store::TempStore* store_;
  static inline SiteService* site_;
  static inline UnitService* units_;
  static inline ProcedureService* procedures_;
  static inline CalendarService* calendar_;
  static inline IdentityService* identity_;
  static inline AuditService* audit_;
  static inline FileService* files_;
  static inline DossierService* service_;
};

// One step of a scenario: after `advance` of clock time, `who` does `action` with `args`; the
// dossier then has national status `status`, or the action fails with `error`.
struct Step {
  std::string who;  // a role name, "applicant", or "foreign:<role>"
  std::string action;
  std::string args = "{}";
  int64_t advance = 0;
  int status = 0;
  Code error = Code::kOk;
};

struct Scenario {
  std::string name;
  dossier::Channel channel = dossier::Channel::kInPerson;
  int64_t start = 0;  // intake instant
  std::vector<Step> steps;
  int final_status = 0;
  std::string original_due;  // RFC 3339, Vietnam time; "" to skip
  std::string due;           // the due in force at the end ("" = same as original)
  std::optional<bool> on_time;
  std::vector<std::string> events;  // event types in order (without the "dossier." prefix)
  std::map<std::string, std::vector<std::string>> forms;  // form → texts its PDF must contain
};

Principal Who(const std::string& who) {
  if (who == "applicant") return Resident(kApplicantId);
  if (who == "stranger") return Resident("014190009999", 8);
  if (who.starts_with("foreign:")) {
    return Officer(*authz::ParseRole(who.substr(8)), "03646", kProvince);  // another commune
  }
  return Officer(*authz::ParseRole(who));
}

const std::string kFullPath[] = {"assign", "appraise", "review", "sign", "number"};

std::vector<Step> Process(int64_t gap = kHour) {
  return {{"signer", "assign", R"({"handler":"demo.specialist"})", gap, 4},
          {"specialist", "appraise", R"({"opinion":"Hồ sơ hợp lệ"})", gap, 4},
          {"unit_head", "review", R"({"opinion":"Đồng ý"})", gap, 4},
          {"signer", "sign", "{}", gap, 4},
          {"clerk", "number", R"({"document_number":"12/TLKS"})", gap, 4},
          {"clerk", "mark-ready", "{}", gap, 9}};
}

std::vector<Step> Tail(std::vector<Step> v) {
  v.erase(v.begin());
  return v;
}

std::vector<Step> Concat(std::vector<std::vector<Step>> parts) {
  std::vector<Step> out;
  for (auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

const std::vector<std::string> kProcessEvents = {"step_done", "step_done", "step_done",
                                                 "step_done", "step_done", "result_ready"};

std::vector<std::string> Ev(std::vector<std::vector<std::string>> parts) {
  std::vector<std::string> out;
  for (auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

std::vector<Scenario> AllScenarios() {
  const int64_t mon8 = At(2026, 12, 7, 8, 0);
  std::vector<Scenario> s;
  // Counter intake Monday 08:00, 10 working days → Monday 21/12 08:00; returned on time.
  s.push_back({"counter_accept_process_sign_return_on_time",
               dossier::Channel::kInPerson,
               mon8,
               Concat({Process(),
                       {{"reception", "return", R"({"channel":"counter"})", kHour, 10},
                        {"applicant", "rate", R"({"score":5,"comment":"Nhanh, chu đáo"})", kHour, 10},
                        {"applicant", "rate", R"({"score":1})", 0, 0, Code::kFailedPrecondition}}}),
               10,
               "2026-12-21T08:00:00+07:00",
               "",
               true,
               Ev({{"accepted"}, kProcessEvents, {"result_returned", "rated"}}),
               {{"01",
                 {"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Lò Thị Mai", "Thủ tục đăng ký khai sinh",
                  "08 giờ 00 phút, ngày 07/12/2026", "08 giờ 00 phút, ngày 21/12/2026",
                  "Giấy chứng sinh"}},
                {"06", {"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Trước hạn", "Văn thư"}}}});
  // Received after 15:00: counted from the next working day's opening (domain §4).
  s.push_back({"counter_after_cutoff_counts_from_next_morning",
               dossier::Channel::kInPerson,
               At(2026, 12, 7, 15, 30),
               {},
               2,
               "2026-12-21T17:00:00+07:00",
               "",
               std::nullopt,
               {"accepted"},
               {}});
  // Online: submitted (1), sent back for completion, resubmitted, accepted (2) — the clock starts
  // at acceptance, not at submission.
  s.push_back({"online_submit_send_back_resubmit_accept",
               dossier::Channel::kOnline,
               At(2026, 12, 5, 20, 0),  // Saturday evening
               {{"reception", "send-back", R"({"missing":["Giấy chứng sinh"],"reason":"Thiếu giấy chứng sinh"})",
                 2 * kDay + 13 * kHour, 1},  // Tuesday 09:00,
                {"applicant", "resubmit", "{}", kHour, 1},
                {"reception", "accept", "{}", kHour, 2}},
               2,
               "2026-12-22T11:00:00+07:00",  // accepted Tuesday 8/12 11:00 (+10 wd)
               "",
               std::nullopt,
               {"submitted_online", "sent_back_for_completion", "resubmitted", "accepted"},
               {{"02", {"Giấy chứng sinh", "Thiếu giấy chứng sinh"}}}});
  // Supplementation during processing pauses the clock: requested Tuesday 08:00, supplemented
  // Thursday 08:00 — two working days — so the due moves from 21/12 to 23/12 08:00.
  s.push_back({"supplementation_pause_moves_due",
               dossier::Channel::kInPerson,
               mon8,
               {{"signer", "assign", R"({"handler":"demo.specialist"})", kHour, 4},
                {"specialist", "request-supplementation",
                 R"({"missing":["Bản sao giấy đăng ký kết hôn"],"reason":"Cần xác định quan hệ cha mẹ"})",
                 23 * kHour, 5},
                {"applicant", "supplement", "{}", 2 * kDay, 4}},
               4,
               "2026-12-23T08:00:00+07:00",
               "",
               std::nullopt,
               {"accepted", "step_done", "supplementation_requested", "supplemented"},
               {{"02", {"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Bản sao giấy đăng ký kết hôn",
                        "Cần xác định quan hệ cha mẹ"}}}});
  // While the clock is paused the forms print the appointment issued at reception (Mẫu 01) and,
  // for the due in force (Mẫu 06), that the clock is paused and the working time left when the
  // pause began: Mon 08:00 → Tue 08:00 used one of ten working days.
  s.push_back({"paused_forms_say_so",
               dossier::Channel::kInPerson,
               mon8,
               {{"signer", "assign", R"({"handler":"demo.specialist"})", kHour, 4},
                {"specialist", "request-supplementation",
                 R"({"missing":["Giấy chứng sinh"],"reason":"Thiếu"})", 23 * kHour, 5}},
               5,
               "",
               "",
               std::nullopt,
               {"accepted", "step_done", "supplementation_requested"},
               {{"01", {"Thời gian trả kết quả giải quyết hồ sơ: 08 giờ 00 phút, ngày 21/12/2026",
                        "Cán bộ reception", "Thuận Châu, ngày 07 tháng 12 năm 2026"}},
                {"02", {"NGƯỜI HƯỚNG DẪN", "Cán bộ specialist"}},
                {"06", {"Đang tạm dừng tính thời gian giải quyết (chờ tổ chức, cá nhân bổ sung",
                        "thời gian giải quyết còn lại: 9 ngày làm việc",
                        "Phân công xử lý"}}}});
  // A second supplementation request is refused unless recorded as an exception.
  s.push_back({"second_supplementation_needs_exception",
               dossier::Channel::kInPerson,
               mon8,
               {{"signer", "assign", R"({"handler":"demo.specialist"})", kHour, 4},
                {"specialist", "request-supplementation", R"({"missing":["A"],"reason":"r1"})", kHour, 5},
                {"applicant", "supplement", "{}", kHour, 4},
                {"specialist", "request-supplementation", R"({"missing":["B"],"reason":"r2"})", kHour, 0,
                 Code::kFailedPrecondition},
                {"specialist", "request-supplementation-exception",
                 R"({"missing":["B"],"reason":"r2","exception_reason":"Giấy tờ giả mạo"})",
                 0, 5}},
               5,
               "",
               "",
               std::nullopt,
               {"accepted", "step_done", "supplementation_requested", "supplemented",
                "supplementation_requested"},
               {}});
  // Payment wait pauses the clock too (Friday 08:00 → Monday 08:00 is one working day).
  s.push_back({"payment_wait_pauses",
               dossier::Channel::kInPerson,
               mon8,
               {{"signer", "assign", R"({"handler":"demo.specialist"})", kHour, 4},
                {"reception", "request-payment", R"({"amount_vnd":8000,"reason":"Lệ phí"})",
                 4 * kDay - kHour, 6},
                {"reception", "paid", "{}", 3 * kDay, 4}},
               4,
               "2026-12-22T08:00:00+07:00",
               "",
               std::nullopt,
               {"accepted", "step_done", "payment_requested", "paid"},
               {}});
  // Apology with a new date, issued 2 working days before due (not late); the result comes after
  // the original due, so the dossier is late against it though the new date is kept.
  s.push_back({"apology_new_date_still_late",
               dossier::Channel::kInPerson,
               mon8,
               Concat({{{"signer", "assign", R"({"handler":"demo.specialist"})", kHour, 4},
                        {"signer", "apologise",
                         R"({"reason":"Chờ xác minh của xã khác","new_due":"2026-12-24T16:00:00+07:00"})",
                         10 * kDay, 4},
                        {"signer", "apologise",
                         R"({"reason":"again","new_due":"2026-12-28T16:00:00+07:00"})", 0, 0,
                         Code::kFailedPrecondition}},
                       Tail(Process(kDay))}),
               9,
               "2026-12-21T08:00:00+07:00",
               "2026-12-24T16:00:00+07:00",
               false,
               Ev({{"accepted", "step_done", "apologised"},
                   std::vector<std::string>(kProcessEvents.begin() + 1, kProcessEvents.end())}),
               {{"04", {"PHIẾU XIN LỖI", "Chờ xác minh của xã khác", "24/12/2026"}}}});
  // Stop after the applicant withdraws (Mẫu 05).
  s.push_back({"withdrawal_then_stop",
               dossier::Channel::kInPerson,
               mon8,
               {{"applicant", "request-withdrawal", R"({"reason":"Không còn nhu cầu"})", kHour, 7},
                {"reception", "stop", "{}", kHour, 8},
                {"reception", "accept", "{}", 0, 0, Code::kFailedPrecondition}},
               8,
               "",
               "",
               std::nullopt,
               {"accepted", "withdrawal_requested", "stopped"},
               {{"05", {"Không còn nhu cầu"}}}});
  // Refusal at reception of an online dossier (Mẫu 03).
  s.push_back({"refusal_at_reception",
               dossier::Channel::kOnline,
               mon8,
               {{"reception", "refuse", R"({"reason":"Không thuộc thẩm quyền của xã"})", kHour, 3}},
               3,
               "",
               "",
               std::nullopt,
               {"submitted_online", "refused"},
               {{"03", {"PHIẾU TỪ CHỐI", "Không thuộc thẩm quyền của xã"}}}});
  // Refusal by the competent body after appraisal.
  s.push_back({"refusal_after_appraisal",
               dossier::Channel::kInPerson,
               mon8,
               {{"signer", "assign", R"({"handler":"demo.specialist"})", kHour, 4},
                {"specialist", "appraise", R"({"opinion":"Không đủ điều kiện"})", kHour, 4},
                {"specialist", "refuse", R"({"reason":"x"})", 0, 0, Code::kPermissionDenied},
                {"signer", "refuse", R"({"reason":"Người yêu cầu không đủ điều kiện"})", kHour, 3}},
               3,
               "",
               "",
               std::nullopt,
               {"accepted", "step_done", "step_done", "refused"},
               {{"03", {"Người yêu cầu không đủ điều kiện"}}}});
  // Late: the result is ready after the due time, without an apology.
  s.push_back({"late_return",
               dossier::Channel::kInPerson,
               mon8,
               Concat({Process(3 * kDay), {{"reception", "return", R"({"channel":"post"})", kHour, 10}}}),
               10,
               "2026-12-21T08:00:00+07:00",
               "",
               false,
               Ev({{"accepted"}, kProcessEvents, {"result_returned"}}),
               {{"06", {"Quá hạn"}}}});
  // Wrong roles and strangers are refused and change nothing.
  s.push_back({"wrong_role_foreign_unit_and_stranger_refused",
               dossier::Channel::kInPerson,
               mon8,
               {{"specialist", "assign", R"({"handler":"x"})", kHour, 0, Code::kPermissionDenied},
                {"foreign:signer", "assign", R"({"handler":"x"})", 0, 0, Code::kPermissionDenied},
                {"stranger", "request-withdrawal", R"({"reason":"x"})", 0, 0,
                 Code::kPermissionDenied},
                {"signer", "sign", "{}", 0, 0, Code::kFailedPrecondition},
                {"signer", "assign", R"({"handler":""})", 0, 0, Code::kInvalidArgument}},
               2,
               "",
               "",
               std::nullopt,
               {"accepted"},
               {}});
  return s;
}

TEST_F(Scenarios, EveryLegalPath) {
  for (const Scenario& sc : AllScenarios()) {
    SCOPED_TRACE(sc.name);
    env_->TEST_SetNowMs(sc.start);
    const Principal intake = sc.channel == dossier::Channel::kOnline
                                 ? Resident(kApplicantId)
                                 : Officer(authz::Role::kReception);
    auto created = service_->commands.Submit(intake, Request(sc.channel), nullptr);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    const std::string code = created->view.state.header.id;
    int64_t version = created->view.state.version;
    for (size_t i = 0; i < sc.steps.size(); ++i) {
      const Step& st = sc.steps[i];
      SCOPED_TRACE("step " + std::to_string(i) + ": " + st.who + " " + st.action);
      env_->TEST_AdvanceMs(st.advance);
      auto cmd = ParseAction(st.action, st.args);
      ASSERT_TRUE(cmd.ok()) << cmd.status().ToString();
      auto r = service_->commands.Act(Who(st.who), code, *cmd, version, nullptr);
      if (st.error != Code::kOk) {
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.status().code(), st.error) << r.status().ToString();
        continue;
      }
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_EQ(static_cast<int>(r->view.state.status), st.status);
      EXPECT_EQ(r->view.state.version, version + 1);
      version = r->view.state.version;
    }
    auto v = service_->queries.Get(Officer(authz::Role::kCentreDirector), code, {"test", "t"});
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_EQ(static_cast<int>(v->state.status), sc.final_status);
    if (!sc.original_due.empty()) {
      ASSERT_TRUE(v->original_due_ms.has_value());
      EXPECT_EQ(Iso(*v->original_due_ms), sc.original_due);
      ASSERT_TRUE(v->due_ms.has_value());
      EXPECT_EQ(Iso(*v->due_ms), sc.due.empty() ? sc.original_due : sc.due);
    }
    EXPECT_EQ(v->on_time, sc.on_time);
    auto events = service_->queries.History(Officer(authz::Role::kCentreDirector), code, {"test", "t"});
    ASSERT_TRUE(events.ok());
    std::vector<std::string> types;
    for (const auto& e : *events) types.push_back(std::string(dossier::EventTypeName(e.type)).substr(8));
    EXPECT_EQ(types, sc.events);
    for (const auto& [form, texts] : sc.forms) {
      auto pdf = service_->queries.FormPdf(Officer(authz::Role::kReception), code, form, {"test", "t"});
      ASSERT_TRUE(pdf.ok()) << form << ": " << pdf.status().ToString();
      const std::string text = PdfText(*pdf);
      EXPECT_NE(text.find(code), std::string::npos) << "form " << form << " lacks the code";
      for (const auto& t : texts) {
        EXPECT_NE(text.find(t), std::string::npos) << "form " << form << " lacks '" << t << "'\n"
                                                    << text;
      }
      // Never an account id or an empty date.
      EXPECT_EQ(text.find("user:"), std::string::npos) << "form " << form << "\n" << text;
      EXPECT_EQ(text.find("1970"), std::string::npos) << "form " << form << "\n" << text;
    }
  }
}

TEST_F(Scenarios, StaleVersionFailsItsPreconditionAndChangesNothing) {
  env_->TEST_SetNowMs(At(2026, 12, 8, 9, 0));
  auto created = service_->commands.Submit(Officer(authz::Role::kReception),
                                  Request(dossier::Channel::kInPerson), nullptr);
  ASSERT_TRUE(created.ok());
  const std::string code = created->view.state.header.id;
  auto assign = *ParseAction("assign", R"({"handler":"demo.specialist"})");
  auto first = service_->commands.Act(Officer(authz::Role::kSigner), code, assign, 1, nullptr);
  ASSERT_TRUE(first.ok());
  auto second = service_->commands.Act(Officer(authz::Role::kSigner), code, assign, 1, nullptr);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Code::kPreconditionFailed);
  EXPECT_EQ(service_->queries.StatusOf(code).value().second, 2);
}

// A dossier's page is one read: the view, the history, the actions and the choice of handlers
// come from one fold of the events, and the view is logged once (Get and History each log).
TEST_F(Scenarios, PageReadsOnceAndLogsOnce) {
  env_->TEST_SetNowMs(At(2026, 12, 9, 10, 0));
  auto created = service_->commands.Submit(Officer(authz::Role::kReception),
                                           Request(dossier::Channel::kInPerson), nullptr);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const std::string code = created->view.state.header.id;
  auto logged = [&](const std::string& request_id) {
    int64_t n = -1;
    EXPECT_TRUE((**store_)
                    .Read([&](store::ReadTx& tx) {
                      return tx.Query(
                          "SELECT COUNT(*) FROM pii_access_log WHERE record = ? AND "
                          "request_id = ? AND purpose = 'dossier.view'",
                          {"dossier:" + code, request_id},
                          [&](const store::Row& r) { n = r.Int(0); });
                    })
                    .ok());
    return n;
  };
  const Principal signer = Officer(authz::Role::kSigner);
  auto page = service_->queries.Page(signer, code, {"/can-bo/ho-so/{code}", "page-1"});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(logged("page-1"), 1);
  // The same as the separate reads say.
  auto view = service_->queries.Get(signer, code, {"t", "get-1"});
  auto history = service_->queries.History(signer, code, {"t", "history-1"});
  ASSERT_TRUE(view.ok() && history.ok());
  EXPECT_EQ(page->view.state.version, view->state.version);
  EXPECT_EQ(page->view.due_ms, view->due_ms);
  EXPECT_EQ(page->view.next_role, view->next_role);
  EXPECT_EQ(page->events.size(), history->size());
  EXPECT_EQ(page->allowed_actions, service_->access.AllowedActions(signer, *view));
  ASSERT_NE(std::find(page->allowed_actions.begin(), page->allowed_actions.end(), "assign"),
            page->allowed_actions.end());
  std::vector<std::string> names;
  for (const auto& h : page->handlers) names.push_back(h.username);
  EXPECT_EQ(names, (std::vector<std::string>{"demo.specialist", "demo.specialist2"}));
  // Without the right to assign, no choice list is read.
  auto reception = service_->queries.Page(Officer(authz::Role::kReception), code, {"t", "page-2"});
  ASSERT_TRUE(reception.ok());
  EXPECT_TRUE(reception->handlers.empty());
  // Refused like Get, and nothing is logged then.
  EXPECT_EQ(service_->queries.Page(Officer(authz::Role::kSigner, "03646"), code, {"t", "page-3"})
                .status()
                .code(),
            Code::kPermissionDenied);
  EXPECT_EQ(logged("page-3"), 0);
  EXPECT_EQ(service_->queries.Page(signer, "H14.03721-261209-9999", {"t", "page-4"})
                .status()
                .code(),
            Code::kNotFound);
}

// `assign` names an active account holding the appraising role in the dossier's unit; the
// assigned step is then the handler's alone, and "my work" lists it only for them.
TEST_F(Scenarios, AssignNamesARealHandlerWhoAloneAppraises) {
  env_->TEST_SetNowMs(At(2026, 12, 9, 9, 0));
  auto created = service_->commands.Submit(Officer(authz::Role::kReception),
                                  Request(dossier::Channel::kInPerson), nullptr);
  ASSERT_TRUE(created.ok());
  const std::string code = created->view.state.header.id;

  auto handlers = service_->access.AssignableHandlers(created->view.state);
  ASSERT_TRUE(handlers.ok());
  std::vector<std::string> names;
  for (const auto& h : *handlers) names.push_back(h.username);
  EXPECT_EQ(names, (std::vector<std::string>{"demo.specialist", "demo.specialist2"}));

  struct Refused {
    std::string handler, why;
  };
  for (const auto& c : std::vector<Refused>{{"ai-do-khong-ton-tai", "no such account"},
                                            {"far.specialist", "specialist of another commune"},
                                            {"off.specialist", "disabled account"},
                                            {"demo.clerk", "no appraising role"}}) {
    auto r =
        service_->commands.Act(Officer(authz::Role::kSigner), code,
                      *ParseAction("assign", R"({"handler":")" + c.handler + R"("})"), 1, nullptr);
    ASSERT_FALSE(r.ok()) << c.why;
    const Status st = r.status();
    EXPECT_EQ(st.code(), Code::kInvalidArgument) << c.why;
    ASSERT_EQ(st.fields().size(), 1u) << c.why;
    EXPECT_EQ(st.fields()[0].field, "handler");
    EXPECT_NE(st.fields()[0].message.find("choose one of: demo.specialist, demo.specialist2"),
              std::string::npos)
        << st.fields()[0].message;
  }
  EXPECT_EQ(service_->queries.StatusOf(code).value().second, 1) << "nothing recorded";

  auto assigned =
      service_->commands.Act(Officer(authz::Role::kSigner), code,
                    *ParseAction("assign", R"({"handler":"demo.specialist2"})"), 1, nullptr);
  ASSERT_TRUE(assigned.ok()) << assigned.status().ToString();
  EXPECT_EQ(assigned->view.state.handler, "demo.specialist2");

  Principal second = Officer(authz::Role::kSpecialist);
  second.username = "demo.specialist2";
  second.user_id = 999;
  auto listed = [&](const Principal& who) {
    auto items = service_->queries.Worklist(who, WorklistQuery{});
    EXPECT_TRUE(items.ok());
    for (const auto& it : *items) {
      if (it.code == code) return true;
    }
    return false;
  };
  EXPECT_FALSE(listed(Officer(authz::Role::kSpecialist))) << "assigned to someone else";
  EXPECT_TRUE(listed(second)) << "the handler's own";
  WorklistQuery all;
  all.mine = false;
  auto everything = service_->queries.Worklist(Officer(authz::Role::kSpecialist), all);
  ASSERT_TRUE(everything.ok());
  EXPECT_TRUE(std::any_of(everything->begin(), everything->end(), [&](const WorklistItem& it) {
    return it.code == code;
  })) << "still in the unit's full list";

  // Another specialist cannot appraise, and is not offered to.
  auto other = service_->commands.Act(Officer(authz::Role::kSpecialist), code,
                             *ParseAction("appraise", R"({"opinion":"x"})"), 2, nullptr);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(other.status().message().find("assigned to 'demo.specialist2'"), std::string::npos)
      << other.status().message();
  auto allowed = service_->access.AllowedActions(Officer(authz::Role::kSpecialist), assigned->view);
  EXPECT_EQ(std::count(allowed.begin(), allowed.end(), "appraise"), 0);
  allowed = service_->access.AllowedActions(second, assigned->view);
  EXPECT_EQ(std::count(allowed.begin(), allowed.end(), "appraise"), 1);

  // The signer reassigns; the new handler appraises.
  auto moved =
      service_->commands.Act(Officer(authz::Role::kSigner), code,
                    *ParseAction("assign", R"({"handler":"demo.specialist"})"), 2, nullptr);
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_TRUE(listed(Officer(authz::Role::kSpecialist)));
  EXPECT_FALSE(listed(second));
  auto appraised = service_->commands.Act(Officer(authz::Role::kSpecialist), code,
                                 *ParseAction("appraise", R"({"opinion":"đủ"})"), 3, nullptr);
  ASSERT_TRUE(appraised.ok()) << appraised.status().ToString();
}

TEST_F(Scenarios, IdempotencyKeyReplaysAndRejectsAnotherBody) {
  env_->TEST_SetNowMs(At(2026, 12, 8, 9, 30));
  int renders = 0;
  Idempotency idem{"key-1", "hash-a", [&](const DossierView& v, const std::vector<std::string>&) {
                     ++renders;
                     return StoredResponse{201, "{\"code\":\"" + v.state.header.id + "\"}"};
                   }};
  auto who = Officer(authz::Role::kReception);
  auto a = service_->commands.Submit(who, Request(dossier::Channel::kInPerson), &idem);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(a->stored.has_value());
  auto b = service_->commands.Submit(who, Request(dossier::Channel::kInPerson), &idem);
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(b->replay.has_value());
  EXPECT_EQ(b->replay->body, a->stored->body);
  EXPECT_EQ(renders, 1);
  idem.request_hash = "hash-b";
  auto c = service_->commands.Submit(who, Request(dossier::Channel::kInPerson), &idem);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), Code::kInvalidArgument);
}

TEST_F(Scenarios, BadInputIsNamedAndLeavesNoTrace) {
  env_->TEST_SetNowMs(At(2026, 12, 9, 9, 0));
  auto before = service_->queries.Log(Officer(authz::Role::kReception), kUnit, 0, At(2030, 1, 1, 0, 0));
  ASSERT_TRUE(before.ok());
  struct Case {
    std::string name;
    std::function<void(SubmitRequest&)> mutate;
    std::string field;
  };
  std::vector<Case> cases = {
      {"missing applicant name", [](SubmitRequest& r) { r.applicant.full_name.clear(); },
       "applicant.full_name"},
      {"ID of the wrong shape", [](SubmitRequest& r) { r.applicant.id_number = "12345"; },
       "applicant.id_number"},
      {"organisation tax code of the wrong shape",
       [](SubmitRequest& r) {
         r.applicant.kind = dossier::ApplicantKind::kOrganisation;
         r.applicant.id_number = "01234567890123456";
       },
       "applicant.id_number"},
      {"unknown unit", [](SubmitRequest& r) { r.unit = "99999"; }, "unit"},
      {"unknown procedure", [](SubmitRequest& r) { r.procedure_code = "9.999999"; },
       "procedure_code"},
      {"procedure not offered", [](SubmitRequest& r) { r.procedure_code = "1.000000"; },
       "procedure_code"},
      {"representative without document",
       [](SubmitRequest& r) {
         r.representative = dossier::Representative{"Lò Văn Sáu", "014190005678", "", "", "", ""};
       },
       "representative.document_ref"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    SubmitRequest r = Request(dossier::Channel::kInPerson);
    c.mutate(r);
    auto out = service_->commands.Submit(Officer(authz::Role::kReception), r, nullptr);
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.status().code(), Code::kInvalidArgument) << out.status().ToString();
    const Status st = out.status();
    bool named = false;
    for (const auto& f : st.fields()) named |= f.field == c.field;
    EXPECT_TRUE(named) << out.status().ToString();
  }
  // Only reception files at the counter; a foreign unit's reception cannot.
  EXPECT_EQ(service_->commands.Submit(Officer(authz::Role::kSpecialist), Request(dossier::Channel::kInPerson), nullptr)
                .status()
                .code(),
            Code::kPermissionDenied);
  EXPECT_EQ(service_
                ->commands.Submit(Officer(authz::Role::kReception, "03646", kProvince),
                         Request(dossier::Channel::kInPerson), nullptr)
                .status()
                .code(),
            Code::kPermissionDenied);
  // Online for someone else needs an authorisation.
  EXPECT_EQ(service_->commands.Submit(Resident("014190009999"), Request(dossier::Channel::kOnline), nullptr)
                .status()
                .code(),
            Code::kPermissionDenied);
  auto after = service_->queries.Log(Officer(authz::Role::kReception), kUnit, 0, At(2030, 1, 1, 0, 0));
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->size(), before->size());
}

TEST_F(Scenarios, AgentActsForThePrincipalAndBothAreRecorded) {
  env_->TEST_SetNowMs(At(2026, 12, 9, 10, 0));
  Principal agent = Resident("014190007777", 9);
  // The principal, signed in at level 2, names the agent by ID number.
  Principal principal = Resident(kApplicantId, 8);
  principal.level2 = true;
  AuthorisationRequest a;
  a.agent_id_number = "014190007777";
  a.scope = "all";
  a.document_ref = "Giấy ủy quyền 5/2026";
  a.expires_ms = At(2027, 1, 1, 0, 0);
  ASSERT_TRUE(identity_->CreateAuthorisation(principal, a).ok());
  auto created = service_->commands.Submit(agent, Request(dossier::Channel::kOnline), nullptr);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const std::string code = created->view.state.header.id;
  auto events = service_->queries.History(agent, code, {"test", "t"});
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  EXPECT_EQ(events->front().actor, "resident:9");
  EXPECT_EQ(events->front().on_behalf_of, std::string("id:") + kApplicantId);
  // The applicant sees it too; the agent's dossier list has it.
  EXPECT_TRUE(service_->queries.Get(Resident(kApplicantId), code, {"t", "t"}).ok());
  auto mine = service_->queries.MyDossiers(agent);
  ASSERT_TRUE(mine.ok());
  EXPECT_TRUE(std::any_of(mine->begin(), mine->end(), [&](auto& it) { return it.code == code; }));
}

// An agent authorised only to receive the result follows the dossier but cannot act on it.
TEST_F(Scenarios, AnAgentForTheResultOnlyFollowsButDoesNotAct) {
  env_->TEST_SetNowMs(At(2026, 12, 9, 10, 0));
  auto created = service_->commands.Submit(Officer(authz::Role::kReception),
                                  Request(dossier::Channel::kInPerson), nullptr);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const std::string code = created->view.state.header.id;
  Principal principal = Resident(kApplicantId, 8);
  principal.level2 = true;
  AuthorisationRequest a;
  a.agent_id_number = "014190006666";
  a.scope = "receive_result";
  a.document_ref = "Giấy ủy quyền 6/2026";
  a.expires_ms = At(2027, 1, 1, 0, 0);
  ASSERT_TRUE(identity_->CreateAuthorisation(principal, a).ok());
  Principal agent = Resident("014190006666", 10);
  auto seen = service_->queries.Get(agent, code, {"t", "t"});
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(service_->access.AllowedActions(agent, *seen).empty()) << "nothing is offered";
  // The dossier is in the agent's list, and in no stranger's.
  auto listed = [&](const Principal& p) {
    auto mine = service_->queries.MyDossiers(p);
    EXPECT_TRUE(mine.ok());
    return std::any_of(mine->begin(), mine->end(), [&](auto& it) { return it.code == code; });
  };
  EXPECT_TRUE(listed(agent));
  EXPECT_FALSE(listed(Resident("014190005555", 11)));
  EXPECT_FALSE(service_->access.AllowedActions(Resident(kApplicantId, 8), *seen).empty());
  auto withdraw = ParseAction("request-withdrawal", R"({"reason":"không cần nữa"})");
  ASSERT_TRUE(withdraw.ok());
  auto acted = service_->commands.Act(agent, code, *withdraw, 1, nullptr);
  EXPECT_EQ(acted.status().code(), Code::kPermissionDenied) << acted.status().ToString();
  // The applicant still can.
  EXPECT_TRUE(service_->commands.Act(Resident(kApplicantId, 8), code, *withdraw, 1, nullptr).ok());
}

// An authorisation recorded at another unit's counter does not open this unit's dossiers; one
// recorded at this unit's counter does, each view is logged naming the authorisation, and the
// revoked one opens nothing.
TEST_F(Scenarios, CounterAuthorisationsCoverTheirUnitAndViewsThroughThemAreLogged) {
  env_->TEST_SetNowMs(At(2026, 12, 9, 10, 0));
  auto created = service_->commands.Submit(Officer(authz::Role::kReception),
                                  Request(dossier::Channel::kInPerson), nullptr);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const std::string code = created->view.state.header.id;
  Principal member = Officer(authz::Role::kCommunityMember);
  ASSERT_TRUE(identity_
                  ->CreateUser(member.username, "", "correct horse battery",
                               {{authz::Role::kCommunityMember, kUnit}}, "test")
                  .ok());
  member.user_id = identity_->GetUser(member.username).value().id;
  EXPECT_EQ(service_->queries.Get(member, code, {"t", "t"}).status().code(), Code::kPermissionDenied);

  AuthorisationRequest a;
  a.principal_id_number = kApplicantId;
  a.principal_name = "Lò Thị Mai";
  a.agent_username = member.username;
  a.scope = "all";
  a.document_ref = "Giấy ủy quyền 9/2026";
  a.expires_ms = At(2027, 1, 1, 0, 0);
  auto foreign = identity_->CreateAuthorisation(
      Officer(authz::Role::kReception, "03646", kProvince), a);
  ASSERT_TRUE(foreign.ok()) << foreign.status().ToString();
  EXPECT_EQ(service_->queries.Get(member, code, {"t", "t"}).status().code(), Code::kPermissionDenied);

  auto own = identity_->CreateAuthorisation(Officer(authz::Role::kReception), a);
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  ASSERT_TRUE(service_->queries.Get(member, code, {"/api/v1/dossiers/{id}", "req-9"}).ok());
  bool logged = false;
  ASSERT_TRUE((**store_)
                  .Read([&](store::ReadTx& tx) {
                    return tx.Query(
                        "SELECT purpose FROM pii_access_log WHERE record = ? AND request_id = ?",
                        {"dossier:" + code, "req-9"}, [&](const store::Row& r) {
                          logged = r.Text(0) ==
                                   "dossier.view under authorisation " + std::to_string(own->id);
                        });
                  })
                  .ok());
  EXPECT_TRUE(logged);
  ASSERT_TRUE(identity_->RevokeAuthorisation(Officer(authz::Role::kReception), own->id).ok());
  EXPECT_EQ(service_->queries.Get(member, code, {"t", "t"}).status().code(), Code::kPermissionDenied);
}

TEST_F(Scenarios, WorklistShowsTheCallersQueueWithCountdownsAndEscalatesOnce) {
  env_->TEST_SetNowMs(At(2026, 12, 14, 8, 0));  // Monday
  SubmitRequest r = Request(dossier::Channel::kInPerson);
  auto created = service_->commands.Submit(Officer(authz::Role::kReception), r, nullptr);
  ASSERT_TRUE(created.ok());
  const std::string code = created->view.state.header.id;
  auto in_queue = [&](authz::Role role, const WorklistQuery& q) {
    auto items = service_->queries.Worklist(Officer(role), q);
    EXPECT_TRUE(items.ok()) << items.status().ToString();
    for (const auto& it : *items) {
      if (it.code == code) return std::optional<WorklistItem>(it);
    }
    return std::optional<WorklistItem>();
  };
  EXPECT_TRUE(in_queue(authz::Role::kSigner, {}).has_value());       // assign is next
  EXPECT_FALSE(in_queue(authz::Role::kSpecialist, {}).has_value());  // not theirs yet
  WorklistQuery all;
  all.mine = false;
  auto item = in_queue(authz::Role::kSpecialist, all);
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->remaining_minutes, 10 * 480);
  EXPECT_FALSE(item->overdue);
  EXPECT_EQ(item->remaining_vi, "còn 10 ngày");
  // A foreign officer's list never shows it.
  auto foreign = service_->queries.Worklist(Officer(authz::Role::kSigner, "03646", kProvince), all);
  ASSERT_TRUE(foreign.ok());
  for (const auto& it : *foreign) EXPECT_NE(it.code, code);
  // Nine and a half working days later it is due soon; two weeks later overdue. Each threshold
  // is raised once however often the scan runs.
  env_->TEST_SetNowMs(At(2026, 12, 25, 9, 0));  // Friday, 7 h before due
  WorklistQuery soon = all;
  soon.due_soon = true;
  EXPECT_TRUE(in_queue(authz::Role::kSigner, soon).has_value());
  auto raised = service_->jobs.RunEscalations("centre@example.com");
  ASSERT_TRUE(raised.ok());
  EXPECT_GE(*raised, 1);
  env_->TEST_SetNowMs(At(2027, 1, 4, 9, 0));
  WorklistQuery over = all;
  over.overdue = true;
  auto late = in_queue(authz::Role::kSigner, over);
  ASSERT_TRUE(late.has_value());
  EXPECT_TRUE(late->overdue);
  ASSERT_TRUE(service_->jobs.RunEscalations("centre@example.com").ok());
  EXPECT_EQ(*service_->jobs.RunEscalations("centre@example.com"), 0);
  auto v = service_->queries.Get(Officer(authz::Role::kSigner), code, {"t", "t"});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->escalations, (std::vector<std::string>{"due-soon", "overdue"}));
}

// The scan reads its candidates in pages: with a page of two, seven overdue dossiers (some with
// the same due time) still get both thresholds each, once.
TEST_F(Scenarios, EscalationsAreRaisedPageByPageExactlyOnce) {
  env_->TEST_SetNowMs(At(2026, 12, 14, 8, 0));  // Monday
  std::vector<std::string> codes;
  for (int i = 0; i < 7; ++i) {
    if (i % 3 == 0) env_->TEST_AdvanceMs(60 * 1000);
    auto created = service_->commands.Submit(Officer(authz::Role::kReception),
                                    Request(dossier::Channel::kInPerson), nullptr);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    codes.push_back(created->view.state.header.id);
  }
  env_->TEST_SetNowMs(At(2027, 1, 11, 9, 0));
  auto raised = service_->jobs.RunEscalations("", 2);
  ASSERT_TRUE(raised.ok()) << raised.status().ToString();
  EXPECT_EQ(*raised, 14);
  EXPECT_EQ(*service_->jobs.RunEscalations("", 2), 0);
  for (const auto& code : codes) {
    auto v = service_->queries.Get(Officer(authz::Role::kSigner), code, {"t", "t"});
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->escalations, (std::vector<std::string>{"due-soon", "overdue"})) << code;
  }
}

TEST_F(Scenarios, PublicLookupShowsTheMinimumAndHidesWhichCodesExist) {
  env_->TEST_SetNowMs(At(2026, 12, 10, 9, 0));
  auto created = service_->commands.Submit(Officer(authz::Role::kReception),
                                  Request(dossier::Channel::kInPerson), nullptr);
  ASSERT_TRUE(created.ok());
  auto p = service_->queries.Lookup(created->view.state.header.id);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->applicant_masked, "L. T. Mai");
  EXPECT_EQ(p->status, 2);
  auto unknown = service_->queries.Lookup("H14.03721-261210-9999");
  auto malformed = service_->queries.Lookup("not a code");
  ASSERT_FALSE(unknown.ok());
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(unknown.status().code(), malformed.status().code());
  EXPECT_EQ(unknown.status().message(), malformed.status().message());
}

}  // namespace
}  // namespace motcua::service

namespace motcua::service {
namespace {

// A province that counts the payment wait in the processing time sets it per procedure and unit:
// the same wait that moves the due date by default (payment_wait_pauses) then moves nothing. A
// second supplementation request made as an exception is counted on the dossier.
TEST_F(Scenarios, PaymentWaitCountsWhenTheWorkflowSaysSoAndExceptionsAreCounted) {
  const std::string other = "1.012836";
  ASSERT_TRUE(procedures_->SetOffering({kUnit, other, 10.0, ""}, kProvince, "test").ok());
  dossier::Workflow w = dossier::DefaultWorkflow(other, 1, 10);
  w.payment_pauses_clock = false;
  ASSERT_TRUE(service_->workflows.PutWorkflow(Officer(authz::Role::kProvinceAdmin, kProvince, kProvince),
                                    kUnit, other, WorkflowJson(w))
                  .ok());
  env_->TEST_SetNowMs(At(2026, 12, 7, 8, 0));
  SubmitRequest r = Request(dossier::Channel::kInPerson);
  r.procedure_code = other;
  auto created = service_->commands.Submit(Officer(authz::Role::kReception), r, nullptr);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const std::string code = created->view.state.header.id;
  int64_t version = 1;
  auto act = [&](authz::Role role, const char* action, const char* args, int64_t advance) {
    env_->TEST_AdvanceMs(advance);
    auto out = service_->commands.Act(Officer(role), code, *ParseAction(action, args), version, nullptr);
    EXPECT_TRUE(out.ok()) << action << ": " << out.status().ToString();
    if (out.ok()) version = out->view.state.version;
    return out;
  };
  act(authz::Role::kSigner, "assign", R"({"handler":"demo.specialist"})", kHour);
  act(authz::Role::kReception, "request-payment", R"({"amount_vnd":8000})", 4 * kDay - kHour);
  auto paid = act(authz::Role::kReception, "paid", "{}", 3 * kDay);
  ASSERT_TRUE(paid.ok());
  EXPECT_EQ(Iso(*paid->view.original_due_ms), "2026-12-21T08:00:00+07:00");
  act(authz::Role::kSpecialist, "request-supplementation", R"({"missing":["A"]})", kHour);
  act(authz::Role::kReception, "supplement", "{}", kHour);
  auto again = act(authz::Role::kSpecialist, "request-supplementation-exception",
                   R"({"missing":["B"],"exception_reason":"Giấy tờ giả"})", kHour);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->view.state.supplementation_exceptions, 1);
  int64_t counted = -1;
  ASSERT_TRUE((**store_)
                  .Read([&](store::ReadTx& tx) {
                    return tx.Query(
                        "SELECT SUM(supplementation_exceptions) FROM dossiers WHERE unit = ?",
                        {std::string(kUnit)}, [&](const store::Row& row) { counted = row.Int(0); });
                  })
                  .ok());
  EXPECT_GE(counted, 1);
}

// Helpers for the tests below: submit at the counter at `at`, then act step by step.
struct Flow {
  DossierService* service;
  FakeEnv* env;
  std::string code;
  int64_t version = 1;
  Result<WriteOutcome> Act(authz::Role role, const char* action, const std::string& args,
                           int64_t advance = 0) {
    env->TEST_AdvanceMs(advance);
    auto cmd = ParseAction(action, args);
    if (!cmd.ok()) return cmd.status();
    auto out = service->commands.Act(Officer(role), code, *cmd, version, nullptr);
    if (out.ok()) version = out->view.state.version;
    return out;
  }
  std::optional<WorklistItem> Item() {
    WorklistQuery all;
    all.mine = false;
    auto items = service->queries.Worklist(Officer(authz::Role::kSigner), all);
    EXPECT_TRUE(items.ok()) << items.status().ToString();
    for (const auto& it : *items)
      if (it.code == code) return it;
    return std::nullopt;
  }
};

Flow SubmitAt(DossierService* service, FakeEnv* env, SubmitRequest r, int64_t at) {
  env->TEST_SetNowMs(at);
  auto created = service->commands.Submit(Officer(authz::Role::kReception), r, nullptr);
  EXPECT_TRUE(created.ok()) << created.status().ToString();
  return Flow{service, env, created.ok() ? created->view.state.header.id : "", 1};
}

std::string Apology(const std::string& new_due) {
  return R"({"reason":"Chờ xác minh","new_due":")" + new_due + R"("})";
}

// The apology's new date (Mẫu 04) must be later than the due in force and in working time; a
// later supplementation pause moves it on by the working time paused, and while the pause holds
// the clock the worklist shows the dossier as paused, with no countdown.
TEST_F(Scenarios, ApologyExtendsTheDueAndPausesMoveItOn) {
  Flow f = SubmitAt(service_, env_, Request(dossier::Channel::kInPerson), At(2026, 12, 7, 8, 0));
  ASSERT_TRUE(f.Act(authz::Role::kSigner, "assign", R"({"handler":"demo.specialist"})", kHour).ok());
  // Legal due Monday 21/12 08:00. A Saturday evening before it would shorten the deadline.
  auto earlier = f.Act(authz::Role::kSigner, "apologise", Apology("2026-12-19T19:00:00+07:00"));
  ASSERT_FALSE(earlier.ok());
  EXPECT_EQ(earlier.status().code(), Code::kInvalidArgument);
  EXPECT_NE(earlier.status().message().find("due date in force, 08:00 21/12/2026"),
            std::string::npos)
      << earlier.status().message();
  auto saturday = f.Act(authz::Role::kSigner, "apologise", Apology("2026-12-26T19:00:00+07:00"));
  ASSERT_FALSE(saturday.ok());
  EXPECT_NE(saturday.status().message().find("outside the unit's working time"),
            std::string::npos);
  EXPECT_NE(saturday.status().message().find("07:00 28/12/2026"), std::string::npos)
      << saturday.status().message();
  auto lunch = f.Act(authz::Role::kSigner, "apologise", Apology("2026-12-24T12:00:00+07:00"));
  ASSERT_FALSE(lunch.ok());
  // A closing time is a due time: Thursday 24/12 17:00 is accepted.
  auto ok = f.Act(authz::Role::kSigner, "apologise", Apology("2026-12-24T17:00:00+07:00"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(Iso(*ok->view.due_ms), "2026-12-24T17:00:00+07:00");
  EXPECT_EQ(Iso(*ok->view.original_due_ms), "2026-12-21T08:00:00+07:00");
  // Tuesday 08:00 the applicant is asked for a document: the clock stands still.
  env_->TEST_SetNowMs(At(2026, 12, 15, 8, 0));
  auto asked = f.Act(authz::Role::kSpecialist, "request-supplementation",
                     R"({"missing":["Giấy xác nhận cư trú"]})");
  ASSERT_TRUE(asked.ok()) << asked.status().ToString();
  EXPECT_TRUE(asked->view.paused);
  EXPECT_FALSE(asked->view.due_ms.has_value());
  env_->TEST_SetNowMs(At(2026, 12, 16, 10, 0));
  auto item = f.Item();
  ASSERT_TRUE(item.has_value());
  EXPECT_TRUE(item->paused);
  EXPECT_FALSE(item->due_ms.has_value());
  EXPECT_EQ(item->remaining_vi, "");
  EXPECT_EQ(item->remaining_en, "");
  EXPECT_EQ(item->remaining_minutes, 0);
  EXPECT_FALSE(item->overdue);
  EXPECT_FALSE(item->due_soon);
  // Back Thursday 08:00, two working days later: the new date moves on by two working days.
  env_->TEST_SetNowMs(At(2026, 12, 17, 8, 0));
  auto back = f.Act(authz::Role::kReception, "supplement", "{}");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_FALSE(back->view.paused);
  EXPECT_EQ(Iso(*back->view.due_ms), "2026-12-28T17:00:00+07:00");
  EXPECT_EQ(Iso(*back->view.original_due_ms), "2026-12-23T08:00:00+07:00");
  item = f.Item();
  ASSERT_TRUE(item.has_value());
  EXPECT_FALSE(item->paused);
  EXPECT_EQ(Iso(*item->due_ms), "2026-12-28T17:00:00+07:00");
  EXPECT_EQ(item->remaining_vi, "còn 7 ngày 7 giờ");
}

// An apology issued while the dossier waits for the applicant is compared with the due as it
// stands (the pause counted up to now), and a workflow that keeps the new date fixed through
// later pauses shows its countdown rather than a paused dossier.
TEST_F(Scenarios, ApologyDueFixedWhenTheWorkflowSaysSo) {
  const std::string other = "1.012837";
  ASSERT_TRUE(procedures_->SetOffering({kUnit, other, 10.0, ""}, kProvince, "test").ok());
  dossier::Workflow w = dossier::DefaultWorkflow(other, 1, 10);
  w.pauses_shift_apology_due = false;
  ASSERT_TRUE(service_->workflows.PutWorkflow(Officer(authz::Role::kProvinceAdmin, kProvince, kProvince),
                                    kUnit, other, WorkflowJson(w))
                  .ok());
  SubmitRequest r = Request(dossier::Channel::kInPerson);
  r.procedure_code = other;
  Flow f = SubmitAt(service_, env_, r, At(2026, 12, 7, 8, 0));
  ASSERT_TRUE(f.Act(authz::Role::kSigner, "assign", R"({"handler":"demo.specialist"})", kHour).ok());
  env_->TEST_SetNowMs(At(2026, 12, 15, 8, 0));
  ASSERT_TRUE(f.Act(authz::Role::kSpecialist, "request-supplementation",
                    R"({"missing":["Giấy xác nhận cư trú"]})")
                  .ok());
  // Legal due Monday 21/12 08:00; paused since Tuesday 08:00. At Wednesday 10:00 ten working
  // hours have been paused, so the due as it stands is Tuesday 22/12 10:00, and 09:00 that day
  // would shorten it.
  env_->TEST_SetNowMs(At(2026, 12, 16, 10, 0));
  auto shorter = f.Act(authz::Role::kSigner, "apologise", Apology("2026-12-22T09:00:00+07:00"));
  ASSERT_FALSE(shorter.ok());
  EXPECT_NE(shorter.status().message().find("10:00 22/12/2026"), std::string::npos)
      << shorter.status().message();
  auto ok = f.Act(authz::Role::kSigner, "apologise", Apology("2026-12-29T16:00:00+07:00"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(Iso(*ok->view.due_ms), "2026-12-29T16:00:00+07:00");
  EXPECT_FALSE(ok->view.paused);  // the new date runs: this workflow does not shift it
  auto item = f.Item();
  ASSERT_TRUE(item.has_value());
  EXPECT_FALSE(item->paused);
  EXPECT_NE(item->remaining_vi, "");
  env_->TEST_SetNowMs(At(2026, 12, 18, 8, 0));
  auto back = f.Act(authz::Role::kReception, "supplement", "{}");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(Iso(*back->view.due_ms), "2026-12-29T16:00:00+07:00");
}

// The worklist counts down on the calendar of the dossier's province as the row stores it: for
// commune 03721 that is province 14, not "03" (the commune code's leading digits). A province
// profile with a later cut-off and a shorter afternoon changes both the due and the countdown.
TEST_F(Scenarios, WorklistUsesTheProvinceCalendarOfACommuneDossier) {
  struct Restore {
    CalendarService* c;
    ~Restore() { EXPECT_TRUE(c->PutProfile(kProvince, "{}", "test").ok()); }
  } restore{calendar_};
  ASSERT_TRUE(
      calendar_->PutProfile(kProvince, R"({"cutoff":"16:00","afternoon_close":"16:30"})", "test")
          .ok());
  // Received Monday 15:30: after the national 15:00 cut-off, before the province's 16:00.
  Flow f = SubmitAt(service_, env_, Request(dossier::Channel::kInPerson), At(2026, 12, 7, 15, 30));
  auto province = calendar_->FindFirst({kUnit, kProvince, "national"});
  auto national = calendar_->Get("national");
  ASSERT_TRUE(province && national.ok());
  ASSERT_EQ(province->profile().name, kProvince);
  const int64_t now = At(2026, 12, 9, 9, 0);
  env_->TEST_SetNowMs(now);
  auto item = f.Item();
  ASSERT_TRUE(item.has_value());
  ASSERT_TRUE(item->due_ms.has_value());
  auto due = province->Compute(At(2026, 12, 7, 15, 30), 10, calendar::TimeUnit::kWorkingDays, {});
  ASSERT_TRUE(due.ok() && due->due_ms);
  EXPECT_EQ(*item->due_ms, *due->due_ms);
  const auto rem = province->RemainingAt(*item->due_ms, now);
  EXPECT_EQ(item->remaining_minutes, rem.working_minutes);
  EXPECT_NE(item->remaining_minutes, (*national)->RemainingAt(*item->due_ms, now).working_minutes);
  EXPECT_EQ(item->remaining_vi,
            calendar::FormatRemaining(rem, province->profile().DayMinutes(), "vi"));
  EXPECT_EQ(item->province, kProvince);
}

// ---- Time limits at their edges (issue 16) -------------------------------------------------

// A procedure whose limit is counted in calendar days ("15 Ngày", Công nhận hộ nghèo): the day of
// reception is not counted and the limit ends at the close of office hours of its last day, moved
// to the next working day when that is a rest day (Civil Code 2015 Art. 147–148); due times are
// whole minutes even when reception has seconds; the steps share the real limit.
TEST_F(Scenarios, DayCountedLimitEndsAtTheCloseOfItsLastWorkingDay) {
  struct Case {
    int64_t received;
    const char* due;
    const char* why;
  } cases[] = {
      {At(2026, 12, 11, 10, 0) + 37'123, "2026-12-28T17:00:00+07:00",
       "Friday 11/12 + 15 days = Saturday 26/12: Monday 28/12 at closing"},
      {At(2026, 12, 14, 16, 30), "2026-12-29T17:00:00+07:00",
       "Monday 14/12 after the cut-off + 15 days = Tuesday 29/12"},
  };
  for (const auto& c : cases) {
    SubmitRequest r = Request(dossier::Channel::kInPerson);
    r.procedure_code = "1.011607";
    Flow f = SubmitAt(service_, env_, r, c.received);
    ASSERT_FALSE(f.code.empty()) << c.why;
    auto v = service_->queries.Get(Officer(authz::Role::kSigner), f.code, {"t", "t"});
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_EQ(v->state.header.time_unit, "calendar_days") << c.why;
    ASSERT_TRUE(v->original_due_ms.has_value()) << c.why;
    EXPECT_EQ(Iso(*v->original_due_ms), c.due) << c.why;
    EXPECT_EQ(*v->original_due_ms % (60 * 1000), 0) << c.why;
    // The assign step of a 15-day procedure is not over after two hours.
    const int64_t limit = 9 * 480;  // about nine working days from reception to the due
    EXPECT_GT(dossier::StepBudgetMinutes(v->state.header.workflow, dossier::StepKind::kAssign,
                                         limit),
              120)
        << c.why;
  }
}

// While the clock is paused the views show the working time left when the pause began, frozen,
// in the desk's view, the resident's view and the public lookup alike.
TEST_F(Scenarios, WhilePausedTheRemainingTimeIsShownFrozen) {
  // Monday 07/12 08:00, ten working days: due Monday 21/12 08:00 (4800 working minutes).
  Flow f = SubmitAt(service_, env_, Request(dossier::Channel::kInPerson), At(2026, 12, 7, 8, 0));
  ASSERT_TRUE(f.Act(authz::Role::kSigner, "assign", R"({"handler":"demo.specialist"})", kHour).ok());
  // Tuesday 08/12 09:30 (570 working minutes used): the applicant is asked for a document.
  env_->TEST_SetNowMs(At(2026, 12, 8, 9, 30) + 12'345);
  auto asked = f.Act(authz::Role::kSpecialist, "request-supplementation",
                     R"({"missing":["Giấy xác nhận cư trú"]})");
  ASSERT_TRUE(asked.ok()) << asked.status().ToString();
  struct When {
    int64_t at;
    const char* why;
  } whens[] = {{At(2026, 12, 8, 9, 31), "just after the pause"},
               {At(2026, 12, 11, 16, 0), "three days later: unchanged"},
               {At(2026, 12, 28, 9, 0), "after the due it would have had: unchanged"}};
  for (const auto& w : whens) {
    env_->TEST_SetNowMs(w.at);
    auto v = service_->queries.Get(Officer(authz::Role::kSpecialist), f.code, {"t", "t"});
    ASSERT_TRUE(v.ok());
    EXPECT_TRUE(v->paused) << w.why;
    ASSERT_TRUE(v->paused_remaining_minutes.has_value()) << w.why;
    EXPECT_EQ(*v->paused_remaining_minutes, 4800 - 570) << w.why;
    EXPECT_FALSE(v->paused_overdue) << w.why;
    EXPECT_EQ(v->paused_remaining_vi, "còn 8 ngày 6 giờ") << w.why;
    EXPECT_EQ(v->paused_remaining_en, "8 days 6 hours left") << w.why;
    auto mine = service_->queries.Get(Resident(kApplicantId), f.code, {"t", "t"});
    ASSERT_TRUE(mine.ok());
    EXPECT_EQ(mine->paused_remaining_vi, "còn 8 ngày 6 giờ") << w.why;
    auto p = service_->queries.Lookup(f.code);
    ASSERT_TRUE(p.ok());
    EXPECT_TRUE(p->paused) << w.why;
    EXPECT_FALSE(p->due_ms.has_value()) << w.why;
    ASSERT_TRUE(p->paused_remaining_minutes.has_value()) << w.why;
    EXPECT_EQ(*p->paused_remaining_minutes, 4800 - 570) << w.why;
    EXPECT_EQ(p->paused_remaining_en, "8 days 6 hours left") << w.why;
  }
  // Once supplemented the clock runs again and the countdown replaces the frozen time.
  auto back = f.Act(authz::Role::kReception, "supplement", "{}");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_FALSE(back->view.paused);
  EXPECT_FALSE(back->view.paused_remaining_minutes.has_value());
  auto p = service_->queries.Lookup(f.code);
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->paused);
  EXPECT_TRUE(p->due_ms.has_value());
}

// The "due soon" warning comes two working days before the due time (the default window), early
// enough to send an apology at least one working day before it, in every status whose due time
// runs; its mail names the handler and the unit's heads.
TEST_F(Scenarios, DueSoonWarnsTwoWorkingDaysAheadInEveryOpenStatus) {
  ASSERT_TRUE(identity_
                  ->CreateUser("head.03721", "Trưởng bộ phận Lường Văn Hải", "correct horse battery",
                               {{authz::Role::kUnitHead, kUnit}}, "test")
                  .ok());
  // A procedure whose payment wait does not stop the clock, so status 6 has a running due.
  const std::string paying = "1.012836";
  ASSERT_TRUE(procedures_->SetOffering({kUnit, paying, 10.0, ""}, kProvince, "test").ok());
  dossier::Workflow w = dossier::DefaultWorkflow(paying, 1, 10);
  w.payment_pauses_clock = false;
  ASSERT_TRUE(service_->workflows.PutWorkflow(Officer(authz::Role::kProvinceAdmin, kProvince, kProvince),
                                    kUnit, paying, WorkflowJson(w))
                  .ok());
  struct Case {
    const char* name;
    const char* procedure;
    std::vector<std::tuple<authz::Role, const char*, const char*>> actions;
    int status;
  } cases[] = {
      {"accepted", kProcedure, {}, 2},
      {"processing",
       kProcedure,
       {{authz::Role::kSigner, "assign", R"({"handler":"demo.specialist"})"}},
       4},
      {"withdrawal requested",
       kProcedure,
       {{authz::Role::kReception, "request-withdrawal", R"({"reason":"Không cần nữa"})"}},
       7},
      {"waiting for payment, clock running",
       "1.012836",
       {{authz::Role::kSigner, "assign", R"({"handler":"demo.specialist"})"},
        {authz::Role::kReception, "request-payment", R"({"amount_vnd":8000})"}},
       6},
  };
  // Monday 14/12 08:00 + ten working days: due Monday 28/12 08:00.
  std::vector<std::string> codes;
  for (const auto& c : cases) {
    SubmitRequest r = Request(dossier::Channel::kInPerson);
    r.procedure_code = c.procedure;
    Flow f = SubmitAt(service_, env_, r, At(2026, 12, 14, 8, 0));
    ASSERT_FALSE(f.code.empty()) << c.name;
    for (const auto& [role, action, args] : c.actions) {
      auto out = f.Act(role, action, args);
      ASSERT_TRUE(out.ok()) << c.name << " " << action << ": " << out.status().ToString();
    }
    auto v = service_->queries.Get(Officer(authz::Role::kSigner), f.code, {"t", "t"});
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(static_cast<int>(v->state.status), c.status) << c.name;
    ASSERT_TRUE(v->due_ms.has_value()) << c.name;
    EXPECT_EQ(Iso(*v->due_ms), "2026-12-28T08:00:00+07:00") << c.name;
    codes.push_back(f.code);
  }
  auto escalations = [&](const std::string& code) {
    auto v = service_->queries.Get(Officer(authz::Role::kSigner), code, {"t", "t"});
    EXPECT_TRUE(v.ok());
    return v.ok() ? v->escalations : std::vector<std::string>{};
  };
  // Wednesday 23/12 09:00: three working days left — no warning yet.
  env_->TEST_SetNowMs(At(2026, 12, 23, 9, 0));
  ASSERT_TRUE(service_->jobs.RunEscalations("centre@example.com").ok());
  for (size_t i = 0; i < codes.size(); ++i)
    EXPECT_TRUE(escalations(codes[i]).empty()) << cases[i].name;
  // Thursday 24/12 08:00: two working days left — warned, a working day before the last day
  // on which an apology may still go out.
  env_->TEST_SetNowMs(At(2026, 12, 24, 8, 0));
  WorklistQuery soon;
  soon.mine = false;
  soon.due_soon = true;
  auto listed = service_->queries.Worklist(Officer(authz::Role::kUnitHead), soon);
  ASSERT_TRUE(listed.ok());
  ASSERT_TRUE(service_->jobs.RunEscalations("centre@example.com").ok());
  for (size_t i = 0; i < codes.size(); ++i) {
    EXPECT_EQ(escalations(codes[i]), std::vector<std::string>{"due-soon"}) << cases[i].name;
    bool in_list = false;
    for (const auto& it : *listed) in_list |= it.code == codes[i];
    EXPECT_TRUE(in_list) << cases[i].name << ": the unit head's due-soon list";
  }
  // The mail of the processing dossier names its handler and the unit head.
  std::string body;
  ASSERT_TRUE((**store_)
                  .Read([&](store::ReadTx& tx) {
                    return tx.Query("SELECT body FROM outbox WHERE idempotency_key = ?",
                                    {"escalation/" + codes[1] + "/due-soon"},
                                    [&](const store::Row& row) { body = row.Text(0); });
                  })
                  .ok());
  EXPECT_NE(body.find("Cán bộ demo.specialist (người xử lý)"), std::string::npos) << body;
  EXPECT_NE(body.find("Trưởng bộ phận Lường Văn Hải (trưởng bộ phận)"), std::string::npos) << body;
  EXPECT_NE(body.find("Mẫu 04"), std::string::npos) << body;
}

// Last in this file: it creates many dossiers, which would crowd the work lists read above.
// allowed_actions never offers what the same caller would be refused, and never hides what they
// may do: dossiers are walked through every national status along several paths; at each point,
// for every role and the applicant, each action of the table is tried with valid arguments on
// that state — the offered ones must be accepted by Act, the others refused.
TEST_F(Scenarios, AllowedActionsAreExactlyWhatActAccepts) {
  struct PathStep {
    std::string who, action, args;
  };
  const std::vector<std::pair<dossier::Channel, std::vector<PathStep>>> paths = {
      {dossier::Channel::kOnline,
       {{"reception", "send-back", R"({"missing":["A"],"reason":"r"})"},
        {"applicant", "resubmit", "{}"},
        {"reception", "accept", "{}"},
        {"signer", "assign", R"({"handler":"demo.specialist"})"},
        {"specialist", "request-supplementation-exception",
         R"({"missing":["B"],"exception_reason":"Giấy tờ giả"})"},
        {"applicant", "supplement", "{}"},
        {"reception", "request-payment", R"({"amount_vnd":8000})"},
        {"reception", "paid", "{}"},
        {"specialist", "appraise", "{}"},
        {"unit_head", "review", "{}"},
        {"signer", "sign", "{}"},
        {"clerk", "number", R"({"document_number":"1/UBND"})"},
        {"clerk", "mark-ready", "{}"},
        {"reception", "return", R"({"channel":"counter"})"},
        {"applicant", "rate", R"({"score":4})"}}},
      {dossier::Channel::kInPerson,
       {{"signer", "assign", R"({"handler":"demo.specialist"})"},
        {"specialist", "request-supplementation", R"({"missing":["A"]})"},
        {"applicant", "request-withdrawal", "{}"},
        {"reception", "stop", "{}"}}},
      {dossier::Channel::kInPerson,
       {{"signer", "assign", R"({"handler":"demo.specialist"})"},
        {"specialist", "appraise", "{}"},
        {"signer", "refuse", R"({"reason":"Không đủ điều kiện"})"}}},
      {dossier::Channel::kOnline, {{"reception", "refuse", R"({"reason":"Ngoài thẩm quyền"})"}}},
  };
  std::vector<Principal> everyone;
  for (authz::Role r : authz::kAllRoles) everyone.push_back(Officer(r));
  everyone.push_back(Resident(kApplicantId));
  const auto calendar = calendar_->FindFirst({kUnit, kProvince, "national"});
  ASSERT_TRUE(calendar);
  // Valid arguments for `action` on the dossier as `v` shows it.
  auto args_for = [&](const dossier::ActionSpec& a, const DossierView& v) -> std::string {
    if (a.name == "assign") {
      return v.state.handler == "demo.specialist" ? R"({"handler":"demo.specialist2"})"
                                                  : R"({"handler":"demo.specialist"})";
    }
    if (a.name == "apologise") {
      const int64_t now = env_->NowMs();
      // Well after the due in force, also while a pause holds it (then it has no date yet).
      const int64_t from = std::max(v.due_ms.value_or(now), now) + 30 * kDay;
      const int64_t at = calendar->AddWorkingMinutes(calendar->NextWorkingInstant(from),
                                                     5 * calendar->profile().DayMinutes());
      return R"({"reason":"Chờ xác minh","new_due":")" + Iso(at) + R"("})";
    }
    std::string out = "{";
    const auto x = dossier::ExampleArgs(a);
    for (const auto& [k, t] : x.text) out += (out.size() > 1 ? "," : "") + ("\"" + k + "\":\"" + t + "\"");
    for (const auto& [k, l] : x.lists) out += (out.size() > 1 ? "," : "") + ("\"" + k + "\":[\"x\"]");
    for (const auto& [k, n] : x.numbers) out += (out.size() > 1 ? "," : "") + ("\"" + k + "\":" + std::to_string(n));
    return out + "}";
  };
  int offered_total = 0, tried = 0;
  for (const auto& path : paths) {
    const dossier::Channel channel = path.first;
    const auto& steps = path.second;
    for (size_t k = 0; k <= steps.size(); ++k) {
      // A fresh dossier brought to the state after `k` steps.
      std::string code;
      int64_t version = 0;
      DossierView view;
      auto fresh = [&]() {
        env_->TEST_SetNowMs(At(2026, 12, 7, 8, 0));
        const Principal intake = channel == dossier::Channel::kOnline
                                     ? Resident(kApplicantId)
                                     : Officer(authz::Role::kReception);
        auto created = service_->commands.Submit(intake, Request(channel), nullptr);
        ASSERT_TRUE(created.ok()) << created.status().ToString();
        code = created->view.state.header.id;
        version = created->view.state.version;
        view = created->view;
        for (size_t i = 0; i < k; ++i) {
          env_->TEST_AdvanceMs(kHour);
          auto out = service_->commands.Act(Who(steps[i].who), code,
                                   *ParseAction(steps[i].action, steps[i].args), version, nullptr);
          ASSERT_TRUE(out.ok()) << steps[i].action << ": " << out.status().ToString();
          version = out->view.state.version;
          view = out->view;
        }
        env_->TEST_AdvanceMs(kHour);
      };
      fresh();
      const std::string at = k == 0 ? "intake" : steps[k - 1].action;
      for (const Principal& who : everyone) {
        const std::string name = who.kind == Principal::Kind::kResident ? "applicant"
                                                                         : who.username;
        const auto offered = service_->access.AllowedActions(who, view);
        for (const auto& a : dossier::Actions()) {
          const std::string action(a.name);
          const bool is_offered =
              std::find(offered.begin(), offered.end(), action) != offered.end();
          auto cmd = ParseAction(action, args_for(a, view));
          ASSERT_TRUE(cmd.ok()) << action << ": " << cmd.status().ToString();
          auto out = service_->commands.Act(who, code, *cmd, version, nullptr);
          ++tried;
          EXPECT_EQ(out.ok(), is_offered)
              << "after '" << at << "', " << name << " " << (is_offered ? "is" : "is not")
              << " offered '" << action << "', and Act "
              << (out.ok() ? "accepted it" : "refused it: " + out.status().ToString());
          if (out.ok()) {
            ++offered_total;
            fresh();  // the action changed the dossier: back to the state under test
          }
        }
      }
    }
  }
  EXPECT_GT(offered_total, 30);
  EXPECT_GT(tried, 1000);
}

}  // namespace
}  // namespace motcua::service
