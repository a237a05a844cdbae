// bench/deadlines: due-date computations per second on one core, over random receipt instants
// 2000–2100 and random amounts (0–60 working days), with the national profile and the 2026
// announcement. Cases: the core (CountedFrom + AddWorkingMinutes: two table reads each), the full
// Compute() the API calls (validation, pause merging, no pauses), and Compute() with one pause.
// Also prints the compiled table size of a profile. Build time of a calendar is shown for scale.
//
// Usage: bench_deadlines [million computations per case, default 20]
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <vector>

#include "base/civil_time.h"
#include "domain/calendar/work_calendar.h"

using namespace motcua;
using namespace motcua::calendar;

namespace {

double Seconds(std::chrono::steady_clock::time_point a) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t n = (argc > 1 ? std::atoll(argv[1]) : 20) * 1000000;
  Announcement a;
  a.year = 2026;
  a.decision = "Thông báo 9441/TB-BNV";
  for (const char* d : {"2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"}) {
    const int y = std::atoi(d), m = std::atoi(d + 5), dd = std::atoi(d + 8);
    a.days_off.push_back({std::chrono::year{y} / m / dd, "Tết", "Tết"});
  }
  auto t0 = std::chrono::steady_clock::now();
  const WorkCalendar cal = *WorkCalendar::Build(CalendarProfile{}, {a});
  const double build_ms = Seconds(t0) * 1000;

  // Inputs are generated up front so the loop measures only the clock.
  const int64_t lo = FromVietnam(std::chrono::year{2000} / 1 / 1, 0);
  const int64_t hi = FromVietnam(std::chrono::year{2100} / 12 / 1, 0);
  std::mt19937_64 rng(42);
  constexpr size_t kInputs = 1 << 16;
  std::vector<int64_t> starts(kInputs), minutes(kInputs);
  for (size_t i = 0; i < kInputs; ++i) {
    starts[i] = lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo));
    minutes[i] = static_cast<int64_t>(rng() % (60 * 480));
  }

  struct Row {
    const char* name;
    double per_s;
  };
  std::vector<Row> rows;
  int64_t sink = 0;

  t0 = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < n; ++i) {
    const size_t k = static_cast<size_t>(i) & (kInputs - 1);
    sink += cal.AddWorkingMinutes(cal.CountedFrom(starts[k]), minutes[k]);
  }
  rows.push_back({"core: CountedFrom + AddWorkingMinutes", n / Seconds(t0)});

  const std::vector<Pause> none;
  t0 = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < n; ++i) {
    const size_t k = static_cast<size_t>(i) & (kInputs - 1);
    sink += *cal.Compute(starts[k], minutes[k] / 480.0, TimeUnit::kWorkingDays, none).value().due_ms;
  }
  rows.push_back({"Compute(), working days, no pause", n / Seconds(t0)});

  const int64_t m = n / 10;
  t0 = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < m; ++i) {
    const size_t k = static_cast<size_t>(i) & (kInputs - 1);
    const std::vector<Pause> one = {{starts[k] + kMsPerDay, starts[k] + 3 * kMsPerDay}};
    sink += *cal.Compute(starts[k], minutes[k] / 480.0, TimeUnit::kWorkingDays, one).value().due_ms;
  }
  rows.push_back({"Compute(), working days, one pause", m / Seconds(t0)});

  fmt::print("| case                                   | computations/s | vs core |\n");
  fmt::print("|----------------------------------------|---------------:|--------:|\n");
  for (const auto& r : rows)
    fmt::print("| {:<38} | {:>14.0f} | {:>6.0f}% |\n", r.name, r.per_s, 100 * r.per_s / rows[0].per_s);
  fmt::print("\ncalendar table: {} bytes per profile (1901–2101); build {:.1f} ms\n",
             cal.TableBytes(), build_ms);
  return sink == 42 ? 1 : 0;
}
