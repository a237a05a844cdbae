#include "service/dossier/dossier_clock.h"

#include <algorithm>

#include "base/civil_time.h"
#include "domain/calendar/work_calendar.h"
#include "service/calendar/calendar_service.h"

namespace motcua::service {

using dossier::NationalStatus;

// Who acts next on a dossier in `d`'s state: a role name, "applicant", or "" once it is closed.
std::string NextRole(const dossier::Dossier& d) {
  using dossier::StepKind;
  auto role = [&](StepKind k, const char* fallback) {
    auto r = d.header.workflow.RoleOf(k);
    return r ? std::string(authz::RoleName(*r)) : std::string(fallback);
  };
  switch (d.status) {
    case NationalStatus::kSubmittedOnline:
      return d.awaiting_completion ? "applicant" : role(StepKind::kReceive, "reception");
    case NationalStatus::kAccepted:
    case NationalStatus::kProcessing: {
      auto next = d.header.workflow.NextProcessingStep(d.step);
      if (next) return role(*next, "reception");
      return role(StepKind::kNumber, "clerk");  // mark the result ready
    }
    case NationalStatus::kSupplementationRequested:
      return "applicant";
    case NationalStatus::kAwaitingPayment:
    case NationalStatus::kWithdrawalRequested:
      return role(StepKind::kReceive, "reception");
    case NationalStatus::kResultReady:
      return role(StepKind::kReturn, "reception");
    default:
      return "";
  }
}

bool IsClosed(NationalStatus s) {
  return s == NationalStatus::kRefused || s == NationalStatus::kStopped ||
         s == NationalStatus::kResultReady || s == NationalStatus::kResultDelivered;
}

Result<std::shared_ptr<const calendar::WorkCalendar>> DossierClock::CalendarOf(
    const std::string& unit, const std::string& province) const {
  if (auto c = calendar_.FindFirst({unit, province, "national"})) return c;
  return calendar_.Get("national");
}

Dues DuesOf(const dossier::Dossier& d, const calendar::WorkCalendar& cal,
            std::optional<int64_t> close_open_at) {
  Dues out;
  if (!d.accepted_at) return out;
  const auto unit =
      calendar::ParseTimeUnit(d.header.time_unit).value_or(calendar::TimeUnit::kWorkingDays);
  std::vector<calendar::Pause> pauses;
  for (const auto& p : d.pauses) {
    if (p.kind == dossier::PauseKind::kPayment && !d.header.workflow.payment_pauses_clock) continue;
    std::optional<int64_t> end = p.end;
    if (!end && close_open_at) end = std::max(p.start, *close_open_at);
    pauses.push_back({p.start, end});
  }
  auto dl = cal.Compute(*d.accepted_at, d.header.workflow.total_days, unit, pauses);
  if (dl.ok()) out.legal = dl->due_ms;
  if (!d.new_due) {
    out.in_force = out.legal;
    return out;
  }
  // The apology's new date, moved on by the working time of the pauses after the apology when the
  // workflow says so (Workflow::pauses_shift_apology_due). The shift is counted in working time
  // whatever the procedure's unit: the new date is a working instant and stays one.
  int64_t shift = 0;
  if (d.header.workflow.pauses_shift_apology_due && d.apologised_at) {
    for (const auto& p : pauses) {
      if (!p.to_ms) return out;  // the clock is held: no due in force until the pause ends
      const int64_t from = std::max(p.from_ms, *d.apologised_at);
      if (*p.to_ms > from) shift += cal.WorkingMinutesBetween(from, *p.to_ms);
    }
  }
  out.in_force = cal.AddWorkingMinutes(*d.new_due, shift);
  return out;
}


DossierView DossierClock::ViewOf(const dossier::Dossier& d) const {
  DossierView v;
  v.state = d;
  v.next_role = NextRole(d);
  v.late_reason = LateReason(d);
  const bool open_pause =
      !d.pauses.empty() && !d.pauses.back().end &&
      (d.pauses.back().kind != dossier::PauseKind::kPayment ||
       d.header.workflow.payment_pauses_clock);
  v.paused = open_pause;
  if (!d.exists || !d.accepted_at) return v;
  auto cal = CalendarOf(d.header.unit, d.header.province);
  if (cal.ok()) {
    const Dues dues = DuesOf(d, **cal, std::nullopt);
    v.original_due_ms = dues.legal;
    v.due_ms = dues.in_force;
  } else {
    v.due_ms = d.new_due;
  }
  // Paused means the due in force is held. When the workflow keeps the apology's date fixed
  // through later pauses (pauses_shift_apology_due = false), that date keeps running, and the
  // dossier is shown with its countdown rather than as paused.
  if (open_pause && v.due_ms) v.paused = false;
  // The remaining time while paused, frozen at the pause's start: the due in force as it stood
  // had the pause ended the moment it began, less that moment (taken to the minute, as the clock
  // takes every instant: WorkCalendar::Compute).
  if (v.paused && cal.ok()) {
    const int64_t since = d.pauses.back().start - d.pauses.back().start % kMsPerMinute;
    const Dues at_start = DuesOf(d, **cal, since);
    v.paused_for = d.pauses.back().kind;
    if (at_start.in_force) {
      const calendar::Remaining rem = (*cal)->RemainingAt(*at_start.in_force, since);
      const int day = (*cal)->profile().DayMinutes();
      v.paused_remaining_minutes = rem.working_minutes;
      v.paused_overdue = rem.overdue;
      v.paused_remaining_vi = calendar::FormatRemaining(rem, day, "vi");
      v.paused_remaining_en = calendar::FormatRemaining(rem, day, "en");
    }
  }
  // On time is judged against the legal due, even after an apology set a new date (domain §4),
  // and a dossier counted late for a reason (a supplementation exception) is not on time.
  if (d.finished_at && v.original_due_ms)
    v.on_time = *d.finished_at <= *v.original_due_ms && v.late_reason.empty();
  return v;
}

}  // namespace motcua::service
