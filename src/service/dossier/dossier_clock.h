// DossierClock: what the working-time clock derives from a dossier's state — its due times (the
// legal one and the one in force), whether it is paused, on time, and who acts next — on the
// calendar of its unit. Shared by the commands, the queries and the jobs. Thread-safe (the
// calendar service is).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "base/status.h"
#include "domain/dossier/dossier.h"
#include "service/dossier/dossier_types.h"

namespace motcua::calendar {
class WorkCalendar;
}

namespace motcua::service {

class CalendarService;

class DossierClock {
 public:
  explicit DossierClock(CalendarService& calendar) : calendar_(calendar) {}

  // Returns the derived view of a state (due times from the calendar of its unit; without a
  // loaded calendar, only the apology's date).
  DossierView ViewOf(const dossier::Dossier& d) const;
  // Returns the calendar of `unit` (its own profile, its province's, else the national one);
  // Unavailable before the calendars are loaded.
  Result<std::shared_ptr<const calendar::WorkCalendar>> CalendarOf(
      const std::string& unit, const std::string& province) const;
  // Returns the service whose calendars this clock reads.
  CalendarService& calendars() const { return calendar_; }

 private:
  CalendarService& calendar_;
};

// The due times of a dossier on its unit's calendar (domain.md §4): the legal due, with the clock
// stopped during the counted pauses, and the due in force (the apology's new date when there is
// one). Both are empty while an open pause holds the clock, unless `close_open_at` is given: then
// an open pause counts as ending at that instant (the due "as it stands now", which the apology
// rule compares against).
struct Dues {
  std::optional<int64_t> legal;
  std::optional<int64_t> in_force;
};
Dues DuesOf(const dossier::Dossier& d, const calendar::WorkCalendar& cal,
            std::optional<int64_t> close_open_at);

// Returns who acts next on a dossier in `d`'s state: a role name, "applicant", or "" once closed.
std::string NextRole(const dossier::Dossier& d);
// Returns true for the statuses after which nothing more is done (refused, stopped, ready,
// delivered).
bool IsClosed(dossier::NationalStatus s);

}  // namespace motcua::service
