// CalendarService: the one calendar authority. Holds a compiled WorkCalendar per profile (the
// national profile, and any profile set for a province or commune) with the official announcements
// in force, rebuilt after every change. Changes go through the store as events; reads are lock-free
// snapshots (a shared_ptr to an immutable WorkCalendar). Thread-safe.
#pragma once

#include <initializer_list>
#include <string_view>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "domain/calendar/work_calendar.h"
#include "store/store.h"

namespace motcua::service {

// What a stored calendar change covers: a profile (`profile` = the province or commune code, every
// year) or an announcement (`profile` empty = every profile, `year` = the announced year).
struct CalendarChange {
  std::string profile;
  int year = 0;
  int64_t event_seq = 0;  // the seq of the event that stores it (set inside the transaction)
};

// Told of every stored calendar change, so that data derived from the calendar elsewhere (the
// dossiers' stored due times) can follow it without the calendar knowing who derives what. Set at
// wiring time (cli/app.cc).
class CalendarObserver {
 public:
  virtual ~CalendarObserver() = default;
  // Runs inside the transaction that stores the change, before it commits: records what must
  // follow. An error refuses the change (nothing is stored).
  virtual Status OnCalendarChangeInTx(store::Tx& tx, const CalendarChange& change) = 0;
  // Runs after that transaction committed and the new calendars are in force (not when the
  // recompilation failed; the work recorded in the transaction then waits for the next start).
  virtual void OnCalendarChanged(const CalendarChange& change) = 0;
};

class CalendarService {
 public:
  CalendarService(Env& env, store::Store& store) : env_(env), store_(store) {}

  // Sets the observer of stored changes (before serving; not thread-safe). Null: none.
  void SetObserver(CalendarObserver* observer) { observer_ = observer; }

  // Reads announcements and profiles from the store and compiles the calendars.
  Status Load();
  // Returns the calendar of `profile`: "" or "national" for the national one, else the unit code a
  // profile was set for. NotFound (field "profile") for an unknown profile.
  Result<std::shared_ptr<const calendar::WorkCalendar>> Get(const std::string& profile) const;
  // Returns the calendar of the first of `profiles` that has one, or null (hot path: no errors
  // built for the misses).
  std::shared_ptr<const calendar::WorkCalendar> FindFirst(
      std::initializer_list<std::string_view> profiles) const;

  // Parses an announcement in the documented JSON format (docs/calendars.md); errors name the field.
  static Result<calendar::Announcement> ParseAnnouncement(std::string_view json_text);
  // Parses a profile body (docs/calendars.md); missing keys keep the national defaults.
  static Result<calendar::CalendarProfile> ParseProfile(std::string_view json_text,
                                                        const std::string& name);

  // Stores (or replaces) the announcement for its year, as an event, and recompiles; then tells
  // the observer. Errors: an invalid announcement (nothing stored).
  Status PutAnnouncement(std::string_view json_text, const std::string& actor);
  // Stores (or replaces) the profile of a province or commune, as an event, and recompiles; then
  // tells the observer.
  Status PutProfile(const std::string& unit_code, std::string_view json_text,
                    const std::string& actor);
  // Returns the seq of the last calendar event the calendars in force include: a change whose
  // event_seq is at most this is in force.
  int64_t LoadedEventSeq() const;
  // Returns the years that have an announcement.
  std::vector<int> AnnouncedYears() const;

 private:
  // Stores one calendar change: `upsert` writes its row, then its event is appended and the
  // observer told inside the same transaction; after commit the calendars are reloaded and the
  // observer told again.
  Status Commit(const std::function<Status(store::Tx&)>& upsert, NewEvent event,
                CalendarChange change);
  // Compiles every profile with `announcements`; fails without changing anything.
  Status Rebuild(const std::vector<calendar::Announcement>& announcements,
                 const std::map<std::string, calendar::CalendarProfile>& profiles,
                 int64_t event_seq);

  Env& env_;
  store::Store& store_;
  CalendarObserver* observer_ = nullptr;  // set before serving
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<const calendar::WorkCalendar>> calendars_;  // GUARDED_BY(mu_)
  std::vector<calendar::Announcement> announcements_;                               // GUARDED_BY(mu_)
  std::map<std::string, calendar::CalendarProfile> profiles_;                       // GUARDED_BY(mu_)
  int64_t loaded_seq_ = 0;  // GUARDED_BY(mu_)
};

}  // namespace motcua::service
