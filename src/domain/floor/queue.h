// The service-centre floor's queue rules: ticket numbers per area and day, the order in which a
// counter calls the waiting tickets, and what each counter action does to a ticket. Pure and
// I/O-free (the clock is an input); thread-safe because nothing here has state.
//
// Ordering (ChooseNext), for a counter serving some areas, among the tickets of *today* that wait
// in those areas (tickets of an earlier day are never called: the day rolls over at midnight,
// Vietnam time):
//   1. a ticket transferred to this very counter, oldest first;
//   2. an appointment whose time has come (from `appointment_early_min` before the booked time),
//      earliest booked time first;
//   3. priority tickets (the elderly, people with disabilities, pregnant women, …) and normal
//      tickets interleaved: after `priority_per_normal` priority calls in a row the counter calls
//      one normal ticket when one waits (0 = priority always first); each group oldest first, so
//      a normal ticket is never starved (Novo SGA #431);
//   4. when nothing else waits, an appointment that is early.
// "Oldest" is by the time the ticket joined its area's queue, except that a transferred ticket
// keeps the time it was first issued, so a transfer never sends someone to the back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace motcua::floor {

enum class Group { kNormal, kPriority, kAppointment };
enum class State { kWaiting, kCalled, kServing, kDone, kNoShow };

// Returns "normal", "priority", "appointment" / "waiting", "called", "serving", "done", "no_show".
std::string_view GroupName(Group g);
std::string_view StateName(State s);
// Parses the names above; InvalidArgument otherwise.
Result<Group> ParseGroup(std::string_view name);
Result<State> ParseState(std::string_view name);

// The configurable policy of one unit's floor (domain.md leaves it to the centre; defaults are the
// common practice of Vietnamese centres).
struct Policy {
  int priority_per_normal = 2;      // priority calls in a row before a normal one (0 = always first)
  int appointment_early_min = 15;   // an appointment is due this long before its booked time
  int max_recalls = 3;              // recalls of a called ticket before it must be marked no-show
  int default_service_s = 600;      // service time assumed before any ticket was served today
};

struct Ticket {
  std::string id;            // opaque public id (the QR follows it)
  std::string day;           // "2026-12-08", the Vietnam date it was issued
  std::string area;          // area code ("ho-tich")
  int number = 0;            // sequence in the area and day, from 1
  std::string label;         // "B-027"
  Group group = Group::kNormal;
  State state = State::kWaiting;
  int64_t issued_ms = 0;     // when first issued (kept through transfers)
  int64_t queued_ms = 0;     // when it joined the queue it waits in now
  int64_t appointment_ms = 0;  // booked time, for kAppointment
  int counter = 0;           // the counter that called / serves it (0 = none)
  int target_counter = 0;    // transferred to this counter only (0 = any counter of the area)
  int recalls = 0;
  int64_t called_ms = 0, started_ms = 0, ended_ms = 0;
  bool transferred = false;
};

// A counter: its number and the areas it serves, and how many priority tickets it called in a row.
struct Counter {
  int number = 0;
  std::vector<std::string> areas;
  int priority_streak = 0;
};

// Returns the ticket label: the area's prefix, a dash, the number in at least three digits
// ("B-027", "B-1024").
std::string Label(std::string_view prefix, int number);
// Returns the number the next ticket of an area gets: 1 on a new day, else last + 1.
int NextNumber(std::string_view last_day, int last_number, std::string_view today);
// Returns the Vietnam date ("2026-12-08") of an instant.
std::string DayOf(int64_t instant_ms);

// Returns the index in `tickets` of the ticket `counter` should call now, or nullopt when none
// may be called. `today` is DayOf(now).
std::optional<size_t> ChooseNext(const std::vector<Ticket>& tickets, const Counter& counter,
                                 const Policy& policy, int64_t now_ms);
// Returns the counter's priority streak after it called `t`.
int StreakAfter(int streak, const Ticket& t);

// Counter actions on one ticket. Each returns the changed ticket or FailedPrecondition naming the
// state that forbids it (InvalidArgument for a bad argument).
enum class Action { kCall, kRecall, kStart, kEnd, kNoShow, kTransfer };
std::string_view ActionName(Action a);
Result<Action> ParseAction(std::string_view name);

struct ActionArgs {
  int counter = 0;               // the acting counter
  std::string to_area = {};      // kTransfer: the area (empty = the same)
  int to_counter = 0;            // kTransfer: a counter (0 = any of the area)
};
Result<Ticket> Apply(const Ticket& t, Action a, const ActionArgs& args, const Policy& policy,
                     int64_t now_ms);

// Returns the estimated wait in whole minutes for someone with `ahead` tickets before them, when
// `open_counters` serve the area and a service takes `avg_service_s` on average (at least 1
// counter assumed). 0 when nobody is ahead.
int EstimateWaitMinutes(int ahead, int avg_service_s, int open_counters);

// Returns how many tickets wait before `t` in its area (tickets the area's counters would call
// first, by the ordering above with a streak of 0); -1 when `t` is not waiting.
int Ahead(const std::vector<Ticket>& tickets, const Ticket& t, const Policy& policy,
          int64_t now_ms);

// Returns the phrase a display board says for a call: "Mời số B 027 đến quầy số 3" (vi) or
// "Number B 027, please go to counter 3" (en).
std::string CallPhrase(std::string_view label, int counter, std::string_view lang);

}  // namespace motcua::floor
