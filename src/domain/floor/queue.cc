#include "domain/floor/queue.h"

#include <algorithm>
#include <cstdio>

#include "base/civil_time.h"

namespace motcua::floor {

std::string_view GroupName(Group g) {
  switch (g) {
    case Group::kNormal: return "normal";
    case Group::kPriority: return "priority";
    case Group::kAppointment: return "appointment";
  }
  return "normal";
}

std::string_view StateName(State s) {
  switch (s) {
    case State::kWaiting: return "waiting";
    case State::kCalled: return "called";
    case State::kServing: return "serving";
    case State::kDone: return "done";
    case State::kNoShow: return "no_show";
  }
  return "waiting";
}

Result<Group> ParseGroup(std::string_view name) {
  for (Group g : {Group::kNormal, Group::kPriority, Group::kAppointment})
    if (GroupName(g) == name) return g;
  return Status::InvalidArgument("group must be normal, priority or appointment",
                                 {{"group", "normal, priority or appointment"}});
}

Result<State> ParseState(std::string_view name) {
  for (State s : {State::kWaiting, State::kCalled, State::kServing, State::kDone, State::kNoShow})
    if (StateName(s) == name) return s;
  return Status::InvalidArgument("unknown ticket state '" + std::string(name) + "'");
}

std::string Label(std::string_view prefix, int number) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%03d", number);
  return std::string(prefix) + "-" + buf;
}

int NextNumber(std::string_view last_day, int last_number, std::string_view today) {
  return last_day == today ? last_number + 1 : 1;
}

std::string DayOf(int64_t instant_ms) {
  const LocalDateTime t = ToVietnam(instant_ms);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(t.date.year()),
                static_cast<unsigned>(t.date.month()), static_cast<unsigned>(t.date.day()));
  return buf;
}

namespace {

bool Serves(const Counter& c, const std::string& area) {
  return std::find(c.areas.begin(), c.areas.end(), area) != c.areas.end();
}

// Returns true when `t` waits today in one of the counter's areas and may go to this counter.
bool Callable(const Ticket& t, const Counter& c, const std::string& today) {
  return t.state == State::kWaiting && t.day == today && Serves(c, t.area) &&
         (t.target_counter == 0 || t.target_counter == c.number);
}

int64_t OrderKey(const Ticket& t) { return t.transferred ? t.issued_ms : t.queued_ms; }

bool AppointmentDue(const Ticket& t, const Policy& p, int64_t now) {
  return t.appointment_ms - int64_t{p.appointment_early_min} * 60000 <= now;
}

// Returns the index of the best ticket in `idx` by `less`, or nullopt when empty.
template <typename Less>
std::optional<size_t> Best(const std::vector<Ticket>& ts, const std::vector<size_t>& idx, Less less) {
  if (idx.empty()) return std::nullopt;
  size_t best = idx.front();
  for (size_t i : idx)
    if (less(ts[i], ts[best])) best = i;
  return best;
}

}  // namespace

std::optional<size_t> ChooseNext(const std::vector<Ticket>& tickets, const Counter& counter,
                                 const Policy& policy, int64_t now_ms) {
  const std::string today = DayOf(now_ms);
  std::vector<size_t> mine, due_appts, early_appts, priority, normal;
  for (size_t i = 0; i < tickets.size(); ++i) {
    const Ticket& t = tickets[i];
    if (!Callable(t, counter, today)) continue;
    if (t.target_counter != 0 && t.target_counter == counter.number) {
      mine.push_back(i);
    } else if (t.group == Group::kAppointment) {
      (AppointmentDue(t, policy, now_ms) ? due_appts : early_appts).push_back(i);
    } else if (t.group == Group::kPriority) {
      priority.push_back(i);
    } else {
      normal.push_back(i);
    }
  }
  auto by_order = [](const Ticket& a, const Ticket& b) {
    return OrderKey(a) != OrderKey(b) ? OrderKey(a) < OrderKey(b) : a.number < b.number;
  };
  auto by_appt = [&](const Ticket& a, const Ticket& b) {
    return a.appointment_ms != b.appointment_ms ? a.appointment_ms < b.appointment_ms
                                                : by_order(a, b);
  };
  if (auto i = Best(tickets, mine, by_order)) return i;
  if (auto i = Best(tickets, due_appts, by_appt)) return i;
  const bool normal_turn = policy.priority_per_normal > 0 &&
                           counter.priority_streak >= policy.priority_per_normal;
  if (!priority.empty() && !(normal_turn && !normal.empty())) return Best(tickets, priority, by_order);
  if (auto i = Best(tickets, normal, by_order)) return i;
  return Best(tickets, early_appts, by_appt);
}

int StreakAfter(int streak, const Ticket& t) {
  if (t.group == Group::kPriority) return streak + 1;
  if (t.group == Group::kNormal) return 0;
  return streak;  // appointments and transfers do not count for the interleave
}

std::string_view ActionName(Action a) {
  switch (a) {
    case Action::kCall: return "call";
    case Action::kRecall: return "recall";
    case Action::kStart: return "start";
    case Action::kEnd: return "end";
    case Action::kNoShow: return "no-show";
    case Action::kTransfer: return "transfer";
  }
  return "call";
}

Result<Action> ParseAction(std::string_view name) {
  for (Action a : {Action::kCall, Action::kRecall, Action::kStart, Action::kEnd, Action::kNoShow,
                   Action::kTransfer})
    if (ActionName(a) == name) return a;
  return Status::InvalidArgument(
      "unknown floor action '" + std::string(name) +
          "'; actions are call, recall, start, end, no-show, transfer",
      {{"action", "unknown action"}});
}

namespace {

Status NotIn(const Ticket& t, std::string_view action) {
  return Status::FailedPrecondition("ticket " + t.label + " is " + std::string(StateName(t.state)) +
                                    "; it cannot be given '" + std::string(action) + "'");
}

}  // namespace

Result<Ticket> Apply(const Ticket& t, Action a, const ActionArgs& args, const Policy& policy,
                     int64_t now_ms) {
  Ticket n = t;
  const bool here = t.counter == args.counter;
  switch (a) {
    case Action::kCall:
      if (t.state != State::kWaiting) return NotIn(t, "call");
      if (t.day != DayOf(now_ms))
        return Status::FailedPrecondition("ticket " + t.label + " was issued on " + t.day +
                                          "; the queue starts afresh every day");
      n.state = State::kCalled;
      n.counter = args.counter;
      n.called_ms = now_ms;
      n.recalls = 0;
      n.target_counter = 0;
      return n;
    case Action::kRecall:
      if (t.state != State::kCalled || !here) return NotIn(t, "recall");
      if (t.recalls >= policy.max_recalls)
        return Status::FailedPrecondition("ticket " + t.label + " was recalled " +
                                          std::to_string(t.recalls) +
                                          " times; mark it as not present");
      n.recalls += 1;
      n.called_ms = now_ms;
      return n;
    case Action::kStart:
      if (t.state != State::kCalled || !here) return NotIn(t, "start");
      n.state = State::kServing;
      n.started_ms = now_ms;
      return n;
    case Action::kEnd:
      if (t.state != State::kServing || !here) return NotIn(t, "end");
      n.state = State::kDone;
      n.ended_ms = now_ms;
      return n;
    case Action::kNoShow:
      if (t.state != State::kCalled || !here) return NotIn(t, "no-show");
      n.state = State::kNoShow;
      n.ended_ms = now_ms;
      return n;
    case Action::kTransfer:
      if ((t.state != State::kCalled && t.state != State::kServing) || !here)
        return NotIn(t, "transfer");
      if (args.to_area.empty() && args.to_counter == 0)
        return Status::InvalidArgument("a transfer names an area or a counter",
                                       {{"to_area", "an area or a counter"}});
      if (args.to_counter == args.counter && args.to_area.empty())
        return Status::InvalidArgument("a ticket cannot be transferred to its own counter",
                                       {{"to_counter", "another counter"}});
      n.state = State::kWaiting;
      if (!args.to_area.empty()) n.area = args.to_area;
      n.target_counter = args.to_counter;
      n.counter = 0;
      n.queued_ms = now_ms;
      n.transferred = true;
      n.called_ms = n.started_ms = 0;
      n.recalls = 0;
      return n;
  }
  return Status::InvalidArgument("unknown action");
}

int EstimateWaitMinutes(int ahead, int avg_service_s, int open_counters) {
  if (ahead <= 0) return 0;
  const int64_t counters = std::max(open_counters, 1);
  const int64_t seconds = int64_t{ahead} * std::max(avg_service_s, 1) / counters;
  return static_cast<int>((seconds + 59) / 60);
}

int Ahead(const std::vector<Ticket>& tickets, const Ticket& t, const Policy& policy,
          int64_t now_ms) {
  if (t.state != State::kWaiting) return -1;
  // Simulate one counter of the area calling with the policy until `t` comes up.
  std::vector<Ticket> rest;
  for (const Ticket& o : tickets)
    if (o.state == State::kWaiting && o.area == t.area) rest.push_back(o);
  Counter c{.number = t.target_counter, .areas = {t.area}, .priority_streak = 0};
  int ahead = 0;
  while (!rest.empty()) {
    auto i = ChooseNext(rest, c, policy, now_ms);
    if (!i) break;
    if (rest[*i].id == t.id) return ahead;
    c.priority_streak = StreakAfter(c.priority_streak, rest[*i]);
    rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(*i));
    ++ahead;
  }
  return ahead;
}

std::string CallPhrase(std::string_view label, int counter, std::string_view lang) {
  std::string spoken(label);
  std::replace(spoken.begin(), spoken.end(), '-', ' ');
  if (lang == "en")
    return "Number " + spoken + ", please go to counter " + std::to_string(counter);
  return "Mời số " + spoken + " đến quầy số " + std::to_string(counter);
}

}  // namespace motcua::floor
