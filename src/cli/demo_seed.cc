// Seeds the demo commune with dossiers in every state, through the same write path as real work
// (DossierService::Submit and Act), on a clock moved back in time so that received and due times,
// pauses and countdowns look like a real month at a one-stop centre: some dossiers due soon, some
// overdue, some waiting for the applicant. Runs once: a unit that already has dossiers is left alone.
#include <fmt/format.h>

#include <random>

#include "base/civil_time.h"
#include "base/progress.h"
#include "cli/demo.h"

namespace motcua::cli {

namespace {

// A clock the seeder sets; everything else (randomness, files) is the real environment's.
class SeedEnv : public Env {
 public:
  explicit SeedEnv(Env& base) : base_(base) {}
  int64_t NowMs() override { return now_; }
  int64_t MonotonicNs() override { return base_.MonotonicNs(); }
  void RandomBytes(void* out, size_t n) override { base_.RandomBytes(out, n); }
  void Set(int64_t ms) { now_ = ms; }
  void Advance(int64_t ms) { now_ += ms; }

 private:
  Env& base_;
  int64_t now_ = 0;
};

constexpr const char* kFamily[] = {"Lò", "Quàng", "Cầm", "Lường", "Nguyễn", "Trần", "Hà", "Vì", "Tòng", "Đinh"};
constexpr const char* kMiddle[] = {"Văn", "Thị", "Thị Thu", "Văn Minh", "Ngọc", "Đức"};
constexpr const char* kGiven[] = {"Mai", "Sáu", "Hùng", "Lan", "Khánh", "Phương", "Thắng", "Hoa", "Tuấn", "Ngân", "Bình", "Yến"};
constexpr const char* kVillage[] = {"Bản Nà Lĩu", "Bản Phé", "Bản Co Muông", "Tiểu khu 1", "Bản Hốc"};

// How far each demo dossier goes: the actions after intake, in order, with the role acting.
struct Plan {
  bool online = false;
  std::vector<std::pair<std::string, std::string>> steps;  // (role or "applicant", action)
};

std::vector<Plan> Plans() {
  using P = std::vector<std::pair<std::string, std::string>>;
  const P process = {{"signer", "assign"},    {"specialist", "appraise"}, {"unit_head", "review"},
                     {"signer", "sign"},      {"clerk", "number"},        {"clerk", "mark-ready"}};
  auto upto = [&](size_t n) { return P(process.begin(), process.begin() + n); };
  P done = process;
  done.push_back({"reception", "return"});
  return {
      {true, {}},                                                       // 1: new online
      {true, {{"reception", "send-back"}}},                             // 1: sent back
      {true, {{"reception", "refuse"}}},                                // 3
      {false, {}},                                                      // 2: accepted
      {false, upto(1)},                                                 // 4: assigned
      {false, upto(2)},                                                 // 4: appraised
      {false, upto(3)},                                                 // 4: reviewed
      {false, upto(4)},                                                 // 4: signed
      {false, {{"signer", "assign"}, {"specialist", "request-supplementation"}}},  // 5
      {false, {{"signer", "assign"}, {"reception", "request-payment"}}},           // 6
      {false, {{"applicant", "request-withdrawal"}}},                   // 7
      {false, {{"applicant", "request-withdrawal"}, {"reception", "stop"}}},  // 8
      {false, upto(6)},                                                 // 9
      {false, done},                                                    // 10
      {false, {{"signer", "assign"}, {"signer", "apologise"}}},         // apology, new date
  };
}

// `new_due` is the apology's new date (see NewDue); unused by the other actions.
std::string ArgsFor(const std::string& action, int64_t new_due) {
  if (action == "send-back")
    return R"({"missing":["Bản sao giấy chứng sinh"],"reason":"Ảnh chụp không rõ"})";
  if (action == "refuse") return R"({"reason":"Thủ tục không thuộc thẩm quyền của xã"})";
  if (action == "assign") return R"({"handler":"demo.specialist"})";
  if (action == "appraise") return R"({"opinion":"Hồ sơ đủ điều kiện"})";
  if (action == "review") return R"({"opinion":"Đồng ý trình ký"})";
  if (action == "number") return R"({"document_number":"15/UBND"})";
  if (action == "request-supplementation")
    return R"({"missing":["Giấy xác nhận cư trú"],"reason":"Cần xác minh nơi cư trú"})";
  if (action == "request-payment") return R"({"amount_vnd":50000,"reason":"Lệ phí"})";
  if (action == "request-withdrawal") return R"({"reason":"Không còn nhu cầu"})";
  if (action == "return") return R"({"channel":"counter"})";
  if (action == "apologise") {
    return fmt::format(R"({{"reason":"Chờ kết quả xác minh","new_due":"{}"}})",
                       FormatRfc3339Vietnam(new_due));
  }
  return "{}";
}

// The demo apology's new date: five working days after the due in force (or after now, when that
// is later), on the unit's calendar. It is then later than the due in force and a working instant
// or a closing time, as the apology rule requires (dossier::Apologise).
int64_t NewDue(const service::CalendarService& calendars, const service::Site& site,
               const service::DossierView& view, int64_t now) {
  auto cal = calendars.FindFirst({site.unit_code, site.province_code, "national"});
  const int64_t from = std::max(view.due_ms.value_or(now), now);
  if (!cal) return from + 7 * kMsPerDay;
  return cal->AddWorkingMinutes(cal->NextWorkingInstant(from), 5 * cal->profile().DayMinutes());
}

}  // namespace

Status SeedDemoDossiers(App& app, int per_plan) {
  MOTCUA_ASSIGN_OR_RETURN(service::Site site, app.site->Get());
  int64_t existing = 0;
  MOTCUA_RETURN_IF_ERROR(app.store->Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT COUNT(*) FROM dossiers WHERE unit = ?", {site.unit_code},
                    [&](const store::Row& r) { existing = r.Int(0); });
  }));
  if (existing > 0) return Status::Ok();

  // Procedures the demo files: offered here, with a time limit in working days.
  std::vector<std::string> codes;
  MOTCUA_ASSIGN_OR_RETURN(auto offerings, app.procedures->Offerings(site.unit_code));
  SeedEnv clock(*app.env);
  service::DossierDeps deps{.calendar = *app.calendar,
                            .procedures = *app.procedures,
                            .units = *app.units,
                            .identity = *app.identity,
                            .audit = *app.audit,
                            .site = *app.site,
                            .files = *app.files};
  service::DossierService seeder(clock, *app.store, deps);

  auto officer = [&](const std::string& role) {
    service::Principal p;
    p.kind = service::Principal::Kind::kUser;
    auto u = app.identity->GetUser("demo." + role);
    p.user_id = u.ok() ? u->id : 0;
    p.username = "demo." + role;
    p.grants = {{*authz::ParseRole(role), site.unit_code, site.province_code}};
    return p;
  };
  std::mt19937 rng(20261202);
  const std::vector<Plan> plans = Plans();
  const int total = per_plan * static_cast<int>(plans.size());
  Progress progress("demo dossiers", total, "dossiers");
  const int64_t now = app.env->NowMs();
  int made = 0;
  for (int round = 0; round < per_plan; ++round) {
    for (size_t k = 0; k < plans.size(); ++k) {
      const Plan& plan = plans[k];
      // Received 1–12 days ago in office hours, so some are due soon and some overdue.
      const auto today = ToVietnam(now).date;
      const int back = 1 + static_cast<int>(rng() % 12);
      auto day = std::chrono::sys_days(today) - std::chrono::days(back);
      while (std::chrono::weekday(day) == std::chrono::Saturday ||
             std::chrono::weekday(day) == std::chrono::Sunday) {
        day -= std::chrono::days(1);
      }
      clock.Set(FromVietnam(std::chrono::year_month_day(day), 7 * 60 + 30 + static_cast<int>(rng() % 420)));
      service::SubmitRequest req;
      req.unit = site.unit_code;
      req.channel = plan.online ? dossier::Channel::kOnline : dossier::Channel::kInPerson;
      req.applicant.full_name = fmt::format("{} {} {}", kFamily[rng() % 10], kMiddle[rng() % 6],
                                            kGiven[rng() % 12]);
      req.applicant.id_number = fmt::format("0141{:08d}", static_cast<int>(rng() % 100000000));
      req.applicant.phone = fmt::format("09{:08d}", static_cast<int>(rng() % 100000000));
      req.applicant.address = fmt::format("{}, {}", kVillage[rng() % 5], site.unit_name);
      req.components = {{"Tờ khai", true, 1, ""}, {"Giấy tờ kèm theo", false, 1, ""}};
      service::Principal applicant;
      applicant.kind = service::Principal::Kind::kResident;
      applicant.id_number = req.applicant.id_number;
      applicant.name = req.applicant.full_name;
      // Try offered procedures until one takes (some have no countable time limit).
      Result<service::WriteOutcome> made_one = Status::NotFound("no procedure");
      for (size_t t = 0; t < offerings.size() && !made_one.ok(); ++t) {
        req.procedure_code = offerings[(rng() + t) % offerings.size()].procedure_code;
        made_one = seeder.commands.Submit(plan.online ? applicant : officer("reception"), req, nullptr);
        if (!made_one.ok() && made_one.status().code() != Code::kInvalidArgument) {
          return made_one.status().WithPrefix("cannot seed a demo dossier");
        }
      }
      if (!made_one.ok()) return made_one.status().WithPrefix("cannot seed a demo dossier");
      std::string code = made_one->view.state.header.id;
      int64_t version = made_one->view.state.version;
      service::DossierView view = made_one->view;
      for (const auto& [who, action] : plan.steps) {
        clock.Advance((1 + static_cast<int64_t>(rng() % 20)) * 3600 * 1000 / 4);
        if (clock.NowMs() >= now) clock.Set(now - 60 * 1000);
        const int64_t new_due =
            action == "apologise" ? NewDue(*app.calendar, site, view, clock.NowMs()) : 0;
        auto cmd = service::ParseAction(action, ArgsFor(action, new_due));
        if (!cmd.ok()) return cmd.status();
        auto r = seeder.commands.Act(who == "applicant" ? applicant : officer(who), code, *cmd, version,
                            nullptr);
        if (!r.ok()) {
          return r.status().WithPrefix(fmt::format("cannot seed demo dossier {} ({})", code, action));
        }
        version = r->view.state.version;
        view = r->view;
      }
      progress.Update(++made);
    }
  }
  progress.Finish();
  fmt::print("Seeded {} demo dossiers in every state at {}.\n", made, site.unit_name);
  return Status::Ok();
}

}  // namespace motcua::cli
