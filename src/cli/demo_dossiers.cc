// motcua demo dossiers: stores N counter-intake dossiers for the demo commune through the real write
// path (DossierService::Submit for the first, DossierService::Intake for the rest: the code is
// allocated inside each transaction), from many threads so that group commit batches them. Used to
// fill a store for benchmarks and for trying the work lists with realistic volumes.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "base/civil_time.h"
#include "base/log.h"
#include "base/progress.h"
#include "cli/commands.h"
#include "cli/demo.h"
#include "domain/dossier/code.h"

namespace motcua::cli {

namespace {

// The real environment, except that a thread may pin its clock to an instant of its choosing, so
// that an intake is received on a past day (the code's day part and the due times follow the
// clock). Other threads, and a thread that pinned nothing, see the real time.
class PinnableClockEnv : public ForwardingEnv {
 public:
  explicit PinnableClockEnv(Env& base) : ForwardingEnv(base) {}
  int64_t NowMs() override { return pinned_ms_ != 0 ? pinned_ms_ : base_.NowMs(); }
  // Pins this thread's clock to `ms`; 0 unpins it.
  static void Pin(int64_t ms) { pinned_ms_ = ms; }

 private:
  static thread_local int64_t pinned_ms_;
};

thread_local int64_t PinnableClockEnv::pinned_ms_ = 0;

// Deterministic, varied applicants (names as written on a citizen identity card).
dossier::Applicant ApplicantFor(int64_t i) {
  static constexpr std::array<const char*, 12> kFamily = {
      "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Lò", "Cầm", "Quàng"};
  static constexpr std::array<const char*, 8> kMiddle = {"Văn", "Thị", "Đức", "Minh",
                                                         "Thu", "Ngọc", "Quốc", "Hải"};
  static constexpr std::array<const char*, 16> kGiven = {
      "An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hoà", "Khánh",
      "Lan", "Long", "Mai", "Nam", "Phương", "Quân", "Thảo", "Tùng"};
  uint64_t h = static_cast<uint64_t>(i) * 0x9E3779B97F4A7C15ULL;
  h ^= h >> 29;
  dossier::Applicant a;
  a.full_name = fmt::format("{} {} {}", kFamily[h % kFamily.size()],
                            kMiddle[(h >> 8) % kMiddle.size()], kGiven[(h >> 16) % kGiven.size()]);
  // Personal identification number: birth-province code 014 (Sơn La), century/sex digit, year,
  // then six digits that make it unique.
  a.id_number = fmt::format("014{}{:02}{:06}", (h >> 24) % 2 == 0 ? 0 : 1, 60 + (h >> 32) % 40,
                            i % 1000000);
  a.phone = fmt::format("09{:08}", (h >> 20) % 100000000);
  a.address = "Bản Mòng, xã Thuận Châu, tỉnh Sơn La";
  return a;
}

// When dossier `i` of `count` is received: with `days` = 0, now; otherwise during office hours
// (07:30–16:30) of one of the `days` weekdays before today, oldest first, evenly spread.
int64_t InstantFor(int64_t i, int64_t count, const std::vector<int64_t>& midnights) {
  if (midnights.empty()) return 0;
  const int64_t days = static_cast<int64_t>(midnights.size());
  const int64_t slot = i * days;  // day = slot / count, fraction of the day = slot % count
  const int64_t office_ms = 9 * 3600 * 1000;
  return midnights[slot / count] + (7 * 60 + 30) * 60000 +
         static_cast<int64_t>(static_cast<double>(slot % count) / count * office_ms);
}

}  // namespace

int RunDemoDossiers(const CommonArgs& args, const DemoDossiersArgs& a) {
  const char* name = "demo dossiers";
  if (a.count < 1) {
    fmt::print(stderr, "motcua {}: --count must be at least 1\n", name);
    return 2;
  }
  if (a.days < 0 || a.days > 3650) {
    fmt::print(stderr, "motcua {}: --days must be between 0 (today) and 3650\n", name);
    return 2;
  }
  if (a.threads < 1 || a.threads > 512) {
    fmt::print(stderr, "motcua {}: --threads must be between 1 and 512\n", name);
    return 2;
  }
  auto options = LoadOptions(args.config_path, args.flags);
  if (!options.ok()) {
    fmt::print(stderr, "motcua {}: {}\n", name, options.status().message());
    return 2;
  }
  InitLogging(LogOptions{"warn", options->log_json});
  static PinnableClockEnv env(Env::Default());
  auto opened = OpenApp(*options, env, /*migrate=*/true);
  if (!opened.ok()) {
    fmt::print(stderr, "motcua {}: {}\n", name, opened.status().message());
    return 1;
  }
  App& app = **opened;
  auto fail = [&](const Status& st, const std::string& what) {
    fmt::print(stderr, "motcua {}: {}: {}\n", name, what, st.message());
    return 1;
  };
  if (Status st = LoadDemo(app); !st.ok()) return fail(st, "cannot load the demo commune");
  if (Status st = EnsureCalendars(app); !st.ok()) return fail(st, "cannot load the calendars");
  auto site = app.site->Get();
  if (!site.ok()) return fail(site.status(), "no demo site");
  auto user = app.identity->GetUser("demo.reception");
  if (!user.ok()) return fail(user.status(), "no demo reception account");
  if (user->disabled) return fail(Status::FailedPrecondition("disabled"), "demo.reception");
  // The CLI acts as the demo reception officer, with the grants stored for the account.
  auto officer = std::make_optional<service::Principal>();
  officer->kind = service::Principal::Kind::kUser;
  officer->user_id = user->id;
  officer->username = user->username;
  officer->display_name = user->display_name;
  officer->grants = user->grants;

  // The weekdays before today (Vietnam civil dates), oldest first.
  std::vector<int64_t> midnights;
  if (a.days > 0) {
    const auto today = ToVietnam(env.NowMs()).date;
    std::chrono::sys_days d{today};
    while (static_cast<int>(midnights.size()) < a.days) {
      d -= std::chrono::days{1};
      const unsigned wd = std::chrono::weekday{d}.c_encoding();  // 0 Sunday … 6 Saturday
      if (wd != 0 && wd != 6) midnights.push_back(FromVietnam(std::chrono::year_month_day{d}, 0));
    }
    std::reverse(midnights.begin(), midnights.end());
  }

  // The first dossier goes through Submit, exactly as POST /api/v1/dossiers would (unit, procedure
  // offered, pinned version, workflow); the others reuse its header through Intake.
  service::SubmitRequest sub;
  sub.unit = site->unit_code;
  sub.procedure_code = a.procedure;
  sub.channel = dossier::Channel::kInPerson;
  sub.applicant = ApplicantFor(0);
  sub.components = {{"Tờ khai đăng ký khai sinh", true, 1, ""},
                    {"Giấy chứng sinh", true, 1, ""}};
  PinnableClockEnv::Pin(InstantFor(0, a.count, midnights));
  auto first = app.dossiers->commands.Submit(*officer, sub, nullptr);
  PinnableClockEnv::Pin(0);
  if (!first.ok()) {
    const Status st = first.status();
    fmt::print(stderr, "motcua {}: the first intake ({} at unit {}) failed: {}\n", name,
               a.procedure, sub.unit, st.message());
    for (const auto& f : st.fields())
      fmt::print(stderr, "  {}: {}\n", f.field, f.message);
    return 1;
  }
  const dossier::Header& h = first->view.state.header;
  auto code = dossier::ParseDossierCode(h.id);
  if (!code.ok()) return fail(code.status(), "unexpected dossier code " + h.id);
  service::IntakeRequest tmpl;
  tmpl.agency_id = code->agency;
  tmpl.province = h.province;
  tmpl.unit = h.unit;
  tmpl.channel = h.channel;
  tmpl.components = h.components;
  tmpl.procedure_name = h.procedure_name;
  tmpl.time_unit = h.time_unit;
  tmpl.result_delivery = h.result_delivery;
  tmpl.workflow = h.workflow;
  tmpl.actor = dossier::Actor{officer->Id(), authz::Role::kReception, "", officer->username};

  std::atomic<int64_t> next{1}, done{1};
  std::atomic<bool> stop{false};
  std::mutex mu;
  Status error = Status::Ok();  // GUARDED_BY(mu)
  int64_t failed_at = -1;       // GUARDED_BY(mu)
  auto work = [&] {
    service::IntakeRequest in = tmpl;
    for (;;) {
      const int64_t i = next.fetch_add(1);
      if (i >= a.count || stop.load()) break;
      in.applicant = ApplicantFor(i);
      PinnableClockEnv::Pin(InstantFor(i, a.count, midnights));
      auto r = app.dossiers->commands.Intake(in);
      PinnableClockEnv::Pin(0);
      if (!r.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        if (error.ok()) {
          error = r.status();
          failed_at = i;
        }
        stop.store(true);
        break;
      }
      done.fetch_add(1);
    }
  };
  const int threads = static_cast<int>(std::min<int64_t>(a.threads, a.count));
  const auto before = app.store->Stats();
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work);
  {
    Progress progress("demo dossiers", a.count, "dossiers");
    while (done.load() < a.count && !stop.load()) {
      progress.Update(done.load());
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (auto& t : pool) t.join();
    progress.Update(done.load());
    progress.Finish();
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!error.ok()) {
    fmt::print(stderr,
               "motcua {}: intake of dossier {} failed: {}\n{} of {} dossiers were stored (they "
               "stay; run again to add more).\n",
               name, failed_at + 1, error.message(), done.load(), a.count);
    return 1;
  }
  const auto after = app.store->Stats();
  const uint64_t commits = after.commits - before.commits;
  fmt::print("motcua {}: {} counter-intake dossiers of {} stored for {} ({}) in {:.1f} s "
             "({:.0f}/s, {:.1f} per commit); the first is {}.\n",
             name, a.count, a.procedure, site->unit_name, site->unit_code, secs,
             (a.count - 1) / std::max(secs, 1e-9),
             commits ? double(after.transactions - before.transactions) / commits : 0.0, h.id);
  return 0;
}

}  // namespace motcua::cli
