// FloorService: the service-centre floor of a unit — its areas and counters, the devices bound to
// it (kiosks, display boards, rating terminals), queue tickets and their calls, appointments and
// ratings, and the statistics over them.
//
// Every change is one Store::Write that appends an event to a stream "floor/<unit>/…" and updates
// the floor tables (the one write path): a restart loses no ticket and no call. Reads happen
// before the write; the ordering rules are domain/floor (queue.h). After a call commits, the
// FloorWatch (if set) is told, so display boards hear of it at once.
//
// Authorisation: officers' functions take the Principal and check `floor.serve` (counters),
// `floor.manage` (setup, devices) or `report.read` (statistics) over the unit; devices' functions
// take a Device, obtained from its key by DeviceFor, which refuses a key of another kind or unit.
// Thread-safe: the service holds no mutable state of its own beyond the watch pointer set once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "domain/floor/queue.h"
#include "service/catalogue/unit_service.h"
#include "service/platform/principal.h"
#include "store/store.h"

namespace motcua::service {

class FloorWatch;

struct FloorArea {
  std::string code;     // "ho-tich"
  std::string prefix;   // "B"
  std::string name_vi, name_en;
  int slot_capacity = 4;  // appointments per slot
};

struct FloorCounter {
  int number = 0;
  std::vector<std::string> areas;
};

struct FloorSetup {
  std::vector<FloorArea> areas;
  std::vector<FloorCounter> counters;
  floor::Policy policy;
  int slot_minutes = 30;  // appointment slot length
};

// A device bound to a unit by its key: "kiosk", "display" or "rating" (bound to a counter too).
struct FloorDevice {
  std::string unit, province, kind, label;
  int counter = 0;
};

// What a ticket's holder, the kiosk and the counter see of a ticket: no personal data.
struct TicketView {
  std::string id, label, area, area_name_vi, area_name_en, state, group, day;
  int counter = 0;        // called to / served at
  int ahead = -1;         // waiting before it (-1 when not waiting)
  int wait_minutes = 0;   // estimated
  int64_t issued_ms = 0, called_ms = 0;
  int recalls = 0;
  std::string dossier_code;
  std::string unit;
};

struct FloorCall {
  int64_t id = 0;
  std::string label;
  int counter = 0;
  int64_t at_ms = 0;
  bool recall = false;
};

// What a display board shows: the last calls (newest first); `version` is the newest call's id.
struct FloorBoard {
  int64_t version = 0;
  std::vector<FloorCall> calls;
};

struct CounterView {
  int number = 0;
  std::vector<std::string> areas;
  std::optional<TicketView> current;  // called or being served here
  std::vector<TicketView> waiting;    // the counter's areas, in calling order
  std::vector<FloorArea> all_areas;
  std::vector<int> all_counters;
};

struct FloorRating {
  std::string unit, ticket_id, officer, comment, dossier_code;
  int counter = 0, score = 0;  // 4 very satisfied, 3 satisfied, 2 not quite, 1 dissatisfied
  int64_t at_ms = 0;
};

struct FloorStatsRow {
  std::string key;            // the area code, counter number, officer or hour ("09")
  int issued = 0, served = 0, no_shows = 0;
  double avg_wait_min = 0, avg_service_min = 0;
  int ratings = 0;
  double avg_rating = 0;
};

struct FloorStats {
  std::string from_day, to_day;
  std::vector<FloorStatsRow> by_area, by_counter, by_officer, by_hour;
  FloorStatsRow total;
};

struct FloorSlot {
  int64_t start_ms = 0;
  int capacity = 0, booked = 0;
};

struct FloorAppointment {
  std::string code, unit, area, state, ticket_id;
  int64_t slot_ms = 0;
};

class FloorService {
 public:
  FloorService(Env& env, store::Store& store, UnitService& units);
  FloorService(const FloorService&) = delete;
  FloorService& operator=(const FloorService&) = delete;

  // Tells `watch` about each committed call (may be null). Set once before serving.
  void SetWatch(FloorWatch* watch) { watch_ = watch; }

  // ---- Setup (floor.manage over the unit) ----
  // Replaces the unit's areas, counters and policy. InvalidArgument names a bad field.
  Status Configure(const Principal& who, const std::string& unit, const FloorSetup& setup);
  // Returns the unit's setup (empty areas when never configured).
  Result<FloorSetup> Setup(const std::string& unit);
  // Issues a key binding a new device of `kind` to the unit (and `counter` for a rating
  // terminal); returns the key, shown once (only its hash is kept).
  Result<std::string> IssueDeviceKey(const Principal& who, const std::string& unit,
                                     const std::string& kind, int counter,
                                     const std::string& label);
  // Revokes the unit's device whose id (the first 12 hex digits of its key's hash, answered when
  // it was issued) is `device_id`; NotFound when the unit has no such live device.
  Status RevokeDevice(const Principal& who, const std::string& unit, const std::string& device_id);
  // Returns the device of `key` when it is of `kind` and bound to `unit`; PermissionDenied
  // otherwise (an unknown or revoked key, another kind, another unit), never saying which.
  Result<FloorDevice> DeviceFor(const std::string& key, const std::string& kind,
                                const std::string& unit);

  // ---- Kiosk ----
  // Issues the next ticket of `area` today. `booking_code`, when given, checks in an appointment
  // of that area and day (a priority of its own); `group` priority for those who have it.
  Result<TicketView> Issue(const FloorDevice& kiosk, const std::string& area, floor::Group group,
                           const std::string& booking_code);
  // Returns a ticket by its public id (anyone holding the id: the QR on the ticket).
  Result<TicketView> Ticket(const std::string& id);

  // ---- Counter (floor.serve over the unit) ----
  Result<CounterView> Counter(const Principal& who, const std::string& unit, int counter);
  // Calls the next ticket by the policy (kCall; NotFound when nobody waits), or applies the
  // action to the ticket the counter holds now (recall, start, end, no-show, transfer).
  Result<TicketView> Act(const Principal& who, const std::string& unit, int counter,
                         floor::Action action, const floor::ActionArgs& args);
  // Links the ticket the counter holds (or held last) to the dossier received for it.
  Status Link(const Principal& who, const std::string& unit, int counter,
              const std::string& ticket_id, const std::string& dossier_code);

  // ---- Display board (anyone holding a display key of the unit) ----
  Result<FloorBoard> Board(const std::string& unit, int last = 8);

  // ---- Rating terminal ----
  // Returns the ticket the terminal's counter finished last when it is not rated yet and ended
  // less than 15 minutes ago; NotFound otherwise.
  Result<TicketView> Rateable(const FloorDevice& terminal);
  // Records a rating (score 1–4, comment up to 500 characters) of a ticket served at the
  // terminal's counter; AlreadyExists when that ticket was rated.
  Status Rate(const FloorDevice& terminal, const std::string& ticket_id, int score,
              const std::string& comment);
  // Returns the ratings of a unit given in [from_ms, to_ms): the published read for the
  // Decision 766 index (the table floor_ratings belongs to this feature).
  Result<std::vector<FloorRating>> Ratings(const std::string& unit, int64_t from_ms, int64_t to_ms);

  // ---- Appointments ----
  // Returns the slots of an area on a day ("2026-12-08") within office hours 07:30–17:00.
  Result<std::vector<FloorSlot>> Slots(const std::string& unit, const std::string& area,
                                       const std::string& day);
  // Books a slot for the signed-in resident; ResourceExhausted when it is full.
  Result<FloorAppointment> Book(const Principal& who, const std::string& unit,
                                const std::string& area, int64_t slot_ms,
                                const std::string& procedure_code);

  // ---- Statistics (report.read over the unit) ----
  Result<FloorStats> Statistics(const Principal& who, const std::string& unit,
                                const std::string& from_day, const std::string& to_day);
  // Returns the statistics as an XLSX workbook (one sheet per grouping).
  Result<std::string> StatisticsXlsx(const FloorStats& stats, const std::string& lang);

 private:
  Result<authz::UnitRef> UnitOf(const std::string& unit);
  Result<std::vector<floor::Ticket>> LoadDay(const std::string& unit, const std::string& day);
  Result<floor::Counter> LoadCounter(const std::string& unit, int counter);
  TicketView ViewOf(const floor::Ticket& t, const std::string& unit, const FloorSetup& setup,
                    const std::vector<floor::Ticket>& day, int64_t now);
  void Notify(const std::string& unit);

  Env& env_;
  store::Store& store_;
  UnitService& units_;
  FloorWatch* watch_ = nullptr;
};

}  // namespace motcua::service
