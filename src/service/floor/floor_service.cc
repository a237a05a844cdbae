// FloorService: setup, devices, tickets, counters and boards. Ratings, appointments and the
// statistics are in floor_reports.cc.
#include "service/floor/floor_service.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/hash.h"
#include "service/floor/floor_internal.h"
#include "service/floor/floor_sql.h"
#include "service/floor/floor_watch.h"

namespace motcua::service {

using nlohmann::json;

namespace floor_internal {

floor::Ticket TicketFromRow(const store::Row& r) {
  floor::Ticket t;
  t.id = r.Text(0);
  t.day = r.Text(1);
  t.area = r.Text(2);
  t.number = static_cast<int>(r.Int(3));
  t.label = r.Text(4);
  if (auto g = floor::ParseGroup(r.Text(5)); g.ok()) t.group = *g;
  if (auto s = floor::ParseState(r.Text(6)); s.ok()) t.state = *s;
  t.issued_ms = r.Int(7);
  t.queued_ms = r.Int(8);
  t.appointment_ms = r.Int(9);
  t.counter = static_cast<int>(r.Int(10));
  t.target_counter = static_cast<int>(r.Int(11));
  t.recalls = static_cast<int>(r.Int(12));
  t.called_ms = r.Int(13);
  t.started_ms = r.Int(14);
  t.ended_ms = r.Int(15);
  t.transferred = r.Int(16) != 0;
  return t;
}

std::vector<std::string> SplitAreas(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::string RandomHex(Env& env, size_t bytes) {
  std::string raw(bytes, '\0');
  env.RandomBytes(raw.data(), raw.size());
  return ToHex(raw);
}

Result<FloorSetup> ReadSetup(store::ReadTx& tx, const std::string& unit) {
  FloorSetup s;
  MOTCUA_RETURN_IF_ERROR(tx.Query(floor_sql::kSelectAreas, {unit}, [&](const store::Row& r) {
    s.areas.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), static_cast<int>(r.Int(4))});
  }));
  MOTCUA_RETURN_IF_ERROR(tx.Query(floor_sql::kSelectCounters, {unit}, [&](const store::Row& r) {
    s.counters.push_back({static_cast<int>(r.Int(0)), SplitAreas(r.Text(1))});
  }));
  MOTCUA_RETURN_IF_ERROR(tx.Query(floor_sql::kSelectPolicy, {unit}, [&](const store::Row& r) {
    s.policy.priority_per_normal = static_cast<int>(r.Int(0));
    s.policy.appointment_early_min = static_cast<int>(r.Int(1));
    s.policy.max_recalls = static_cast<int>(r.Int(2));
    s.slot_minutes = static_cast<int>(r.Int(3));
  }));
  return s;
}

const FloorArea* FindArea(const FloorSetup& s, const std::string& code) {
  for (const auto& a : s.areas)
    if (a.code == code) return &a;
  return nullptr;
}

}  // namespace floor_internal

using namespace floor_internal;

namespace {

constexpr const char* kKinds[] = {"kiosk", "display", "rating"};

Status Bad(const std::string& field, const std::string& why) {
  return Status::InvalidArgument(field + ": " + why, {{field, why}});
}

bool IsCode(const std::string& s, size_t max) {
  if (s.empty() || s.size() > max) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool IsPrefix(const std::string& s) {
  return !s.empty() && s.size() <= 3 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string EventBody(const json& j) { return j.dump(); }

}  // namespace

FloorService::FloorService(Env& env, store::Store& store, UnitService& units)
    : env_(env), store_(store), units_(units) {}

Result<authz::UnitRef> FloorService::UnitOf(const std::string& unit) {
  auto u = units_.Get(unit, "2025");
  if (!u.ok()) return u.status();
  return authz::UnitRef{u->code, u->province_code};
}

void FloorService::Notify(const std::string& unit) {
  if (watch_) watch_->Changed(unit);
}

// ---- Setup ---------------------------------------------------------------------------------

Status FloorService::Configure(const Principal& who, const std::string& unit,
                               const FloorSetup& setup) {
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, UnitOf(unit));
  MOTCUA_RETURN_IF_ERROR(who.Check("floor.manage", ref));
  if (setup.areas.empty() || setup.areas.size() > 30) return Bad("areas", "1 to 30 areas");
  std::vector<std::string> codes, prefixes;
  for (const auto& a : setup.areas) {
    if (!IsCode(a.code, 40)) return Bad("areas", "a code is lower-case letters, digits and '-'");
    if (!IsPrefix(a.prefix)) return Bad("areas", "a prefix is 1 to 3 capital letters");
    if (a.name_vi.empty() || a.name_vi.size() > 200 || a.name_en.size() > 200)
      return Bad("areas", "a name is 1 to 200 characters");
    if (a.slot_capacity < 0 || a.slot_capacity > 100) return Bad("areas", "slot capacity 0 to 100");
    if (std::find(codes.begin(), codes.end(), a.code) != codes.end() ||
        std::find(prefixes.begin(), prefixes.end(), a.prefix) != prefixes.end())
      return Bad("areas", "codes and prefixes are unique");
    codes.push_back(a.code);
    prefixes.push_back(a.prefix);
  }
  if (setup.counters.empty() || setup.counters.size() > 99) return Bad("counters", "1 to 99 counters");
  std::vector<int> numbers;
  for (const auto& c : setup.counters) {
    if (c.number < 1 || c.number > 99 ||
        std::find(numbers.begin(), numbers.end(), c.number) != numbers.end())
      return Bad("counters", "numbers are 1 to 99, each once");
    if (c.areas.empty()) return Bad("counters", "a counter serves at least one area");
    for (const auto& a : c.areas)
      if (std::find(codes.begin(), codes.end(), a) == codes.end())
        return Bad("counters", "counter " + std::to_string(c.number) + " names an unknown area");
    numbers.push_back(c.number);
  }
  const floor::Policy& p = setup.policy;
  if (p.priority_per_normal < 0 || p.priority_per_normal > 20)
    return Bad("priority_per_normal", "0 to 20");
  if (p.appointment_early_min < 0 || p.appointment_early_min > 240)
    return Bad("appointment_early_min", "0 to 240");
  if (p.max_recalls < 0 || p.max_recalls > 10) return Bad("max_recalls", "0 to 10");
  if (setup.slot_minutes < 5 || setup.slot_minutes > 240 || 1440 % setup.slot_minutes != 0)
    return Bad("slot_minutes", "5 to 240, dividing a day");

  json body = {{"areas", json::array()}, {"counters", json::array()},
               {"priority_per_normal", p.priority_per_normal},
               {"appointment_early_min", p.appointment_early_min},
               {"max_recalls", p.max_recalls}, {"slot_minutes", setup.slot_minutes}};
  for (const auto& a : setup.areas)
    body["areas"].push_back({{"code", a.code}, {"prefix", a.prefix}, {"name_vi", a.name_vi},
                             {"name_en", a.name_en}, {"slot_capacity", a.slot_capacity}});
  for (const auto& c : setup.counters)
    body["counters"].push_back({{"number", c.number}, {"areas", c.areas}});
  const int64_t now = env_.NowMs();
  Status st = store_.Write([&](store::Tx& tx) -> Status {
    MOTCUA_RETURN_IF_ERROR(tx.Exec(floor_sql::kDeleteAreas, {unit}).status());
    int64_t pos = 0;
    for (const auto& a : setup.areas)
      MOTCUA_RETURN_IF_ERROR(tx.Exec(floor_sql::kInsertArea, {unit, a.code, a.prefix, a.name_vi,
                                                              a.name_en, pos++,
                                                              int64_t{a.slot_capacity}})
                                 .status());
    MOTCUA_RETURN_IF_ERROR(tx.Exec(floor_sql::kDeleteCounters, {unit}).status());
    for (const auto& c : setup.counters) {
      std::string areas;
      for (const auto& a : c.areas) areas += (areas.empty() ? "" : ",") + a;
      MOTCUA_RETURN_IF_ERROR(
          tx.Exec(floor_sql::kInsertCounter, {unit, int64_t{c.number}, areas}).status());
    }
    MOTCUA_RETURN_IF_ERROR(tx.Exec(floor_sql::kUpsertPolicy,
                                   {unit, int64_t{p.priority_per_normal},
                                    int64_t{p.appointment_early_min}, int64_t{p.max_recalls},
                                    int64_t{setup.slot_minutes}})
                               .status());
    return tx.Append({ref.province_code, "floor/" + unit + "/setup", "floor.configured", now,
                      who.Id(), EventBody(body)})
        .status();
  });
  return st.WithPrefix("floor: cannot configure the floor of unit " + unit);
}

Result<FloorSetup> FloorService::Setup(const std::string& unit) {
  Result<FloorSetup> out = FloorSetup{};
  Status st = store_.Read([&](store::ReadTx& tx) {
    out = ReadSetup(tx, unit);
    return out.status();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::string> FloorService::IssueDeviceKey(const Principal& who, const std::string& unit,
                                                 const std::string& kind, int counter,
                                                 const std::string& label) {
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, UnitOf(unit));
  MOTCUA_RETURN_IF_ERROR(who.Check("floor.manage", ref));
  if (std::find(std::begin(kKinds), std::end(kKinds), kind) == std::end(kKinds))
    return Bad("kind", "kiosk, display or rating");
  if (kind == "rating" && (counter < 1 || counter > 99))
    return Bad("counter", "a rating terminal belongs to a counter (1 to 99)");
  if (kind != "rating") counter = 0;
  if (label.size() > 100) return Bad("label", "at most 100 characters");
  const std::string key = RandomHex(env_, 24);
  const std::string hash = Sha256Hex(key);
  const int64_t now = env_.NowMs();
  json body = {{"kind", kind}, {"counter", counter}, {"label", label},
               {"key_hash_prefix", hash.substr(0, 12)}};
  Status st = store_.Write([&](store::Tx& tx) -> Status {
    MOTCUA_RETURN_IF_ERROR(
        tx.Exec(floor_sql::kInsertDevice, {hash, unit, kind, int64_t{counter}, label, now})
            .status());
    return tx.Append({ref.province_code, "floor/" + unit + "/devices", "floor.device_issued", now,
                      who.Id(), EventBody(body)})
        .status();
  });
  if (!st.ok()) return st.WithPrefix("floor: cannot issue a device key for unit " + unit);
  return key;
}

Status FloorService::RevokeDevice(const Principal& who, const std::string& unit,
                                  const std::string& device_id) {
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, UnitOf(unit));
  MOTCUA_RETURN_IF_ERROR(who.Check("floor.manage", ref));
  if (device_id.size() != 12) return Status::NotFound("no such device");
  const int64_t now = env_.NowMs();
  return store_.Write([&](store::Tx& tx) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(int64_t n, tx.Exec(floor_sql::kRevokeDevice, {now, unit, device_id}));
    if (n == 0) return Status::NotFound("unit " + unit + " has no live device " + device_id);
    return tx.Append({ref.province_code, "floor/" + unit + "/devices", "floor.device_revoked", now,
                      who.Id(), EventBody({{"key_hash_prefix", device_id}})})
        .status();
  });
}

Result<FloorDevice> FloorService::DeviceFor(const std::string& key, const std::string& kind,
                                            const std::string& unit) {
  const Status refused =
      Status::PermissionDenied("this device is not set up for this page of this unit");
  if (key.empty() || key.size() > 100) return refused;
  std::optional<FloorDevice> d;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(floor_sql::kSelectDevice, {Sha256Hex(key)}, [&](const store::Row& r) {
      d = FloorDevice{r.Text(0), "", r.Text(1), r.Text(3), static_cast<int>(r.Int(2))};
    });
  }));
  if (!d || d->kind != kind || d->unit != unit) return refused;
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, UnitOf(unit));
  d->province = ref.province_code;
  return *d;
}

// ---- Tickets ------------------------------------------------------------------------------

Result<std::vector<floor::Ticket>> FloorService::LoadDay(const std::string& unit,
                                                         const std::string& day) {
  std::vector<floor::Ticket> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(fmt::format("SELECT {} FROM floor_tickets WHERE unit = ? AND day = ?",
                                floor_sql::kTicketColumns),
                    {unit, day}, [&](const store::Row& r) { out.push_back(TicketFromRow(r)); });
  }));
  return out;
}

TicketView FloorService::ViewOf(const floor::Ticket& t, const std::string& unit,
                                const FloorSetup& setup, const std::vector<floor::Ticket>& day,
                                int64_t now) {
  TicketView v;
  v.id = t.id;
  v.unit = unit;
  v.label = t.label;
  v.area = t.area;
  if (const FloorArea* a = FindArea(setup, t.area)) {
    v.area_name_vi = a->name_vi;
    v.area_name_en = a->name_en;
  }
  v.state = std::string(floor::StateName(t.state));
  v.group = std::string(floor::GroupName(t.group));
  v.day = t.day;
  v.counter = t.counter;
  v.issued_ms = t.issued_ms;
  v.called_ms = t.called_ms;
  v.recalls = t.recalls;
  v.ahead = floor::Ahead(day, t, setup.policy, now);
  if (v.ahead >= 0) {
    int64_t total = 0, n = 0;
    for (const auto& o : day)
      if (o.area == t.area && o.state == floor::State::kDone && o.started_ms > 0) {
        total += o.ended_ms - o.started_ms;
        ++n;
      }
    const int avg_s =
        n ? static_cast<int>(total / n / 1000) : setup.policy.default_service_s;
    int open = 0;
    for (const auto& c : setup.counters)
      if (std::find(c.areas.begin(), c.areas.end(), t.area) != c.areas.end()) ++open;
    v.wait_minutes = floor::EstimateWaitMinutes(v.ahead, avg_s, open);
  }
  return v;
}

Result<TicketView> FloorService::Issue(const FloorDevice& kiosk, const std::string& area,
                                       floor::Group group, const std::string& booking_code) {
  if (kiosk.kind != "kiosk") return Status::PermissionDenied("only a kiosk issues tickets");
  const std::string& unit = kiosk.unit;
  MOTCUA_ASSIGN_OR_RETURN(FloorSetup setup, Setup(unit));
  const int64_t now = env_.NowMs();
  const std::string today = floor::DayOf(now);
  std::string area_code = area;
  int64_t appointment_ms = 0;
  if (!booking_code.empty()) {
    if (booking_code.size() > 20) return Bad("booking_code", "no such booking");
    std::optional<FloorAppointment> appt;
    MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
      return tx.Query(floor_sql::kAppointmentByCode, {booking_code}, [&](const store::Row& r) {
        appt = FloorAppointment{booking_code, r.Text(0), r.Text(1), r.Text(3), r.Text(4), r.Int(2)};
      });
    }));
    if (!appt || appt->unit != unit) return Bad("booking_code", "no such booking at this centre");
    if (appt->state != "booked") return Bad("booking_code", "this booking was already used");
    if (floor::DayOf(appt->slot_ms) != today) return Bad("booking_code", "this booking is for another day");
    area_code = appt->area;
    appointment_ms = appt->slot_ms;
    group = floor::Group::kAppointment;
  } else if (group == floor::Group::kAppointment) {
    return Bad("booking_code", "an appointment ticket needs its booking code");
  }
  const FloorArea* a = FindArea(setup, area_code);
  if (!a) return Bad("area", "no such service area here");
  const std::string id = RandomHex(env_, 12);
  json body = {{"ticket", id}, {"area", area_code}, {"group", floor::GroupName(group)},
               {"day", today}, {"kiosk", kiosk.label}};
  if (!booking_code.empty()) body["booking_code"] = booking_code;
  Status st = store_.Write([&](store::Tx& tx) -> Status {
    int64_t number = 0;
    MOTCUA_RETURN_IF_ERROR(tx.Query(floor_sql::kNextNumber, {unit, area_code, today},
                                    [&](const store::Row& r) { number = r.Int(0); }));
    const std::string label = floor::Label(a->prefix, static_cast<int>(number));
    MOTCUA_RETURN_IF_ERROR(tx.Exec(floor_sql::kInsertTicket,
                                   {id, unit, kiosk.province, today, area_code, number, label,
                                    std::string(floor::GroupName(group)), now, now, appointment_ms,
                                    booking_code.empty() ? store::Value(nullptr)
                                                         : store::Value(booking_code)})
                               .status());
    if (!booking_code.empty()) {
      MOTCUA_ASSIGN_OR_RETURN(int64_t n, tx.Exec(floor_sql::kCheckIn, {id, booking_code}));
      if (n != 1) return Status::Conflict("this booking was used meanwhile");
    }
    body["number"] = number;
    body["label"] = label;
    return tx.Append({kiosk.province, "floor/" + unit + "/ticket/" + id, "floor.issued", now,
                      "device:kiosk", EventBody(body)})
        .status();
  });
  if (!st.ok()) return st.WithPrefix("floor: cannot issue a ticket of area " + area_code + " at unit " + unit);
  return Ticket(id);
}

Result<TicketView> FloorService::Ticket(const std::string& id) {
  if (id.empty() || id.size() > 64) return Status::NotFound("no such ticket");
  std::optional<floor::Ticket> t;
  std::string unit;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(fmt::format("SELECT {} FROM floor_tickets WHERE id = ?", floor_sql::kTicketColumns),
                    {id}, [&](const store::Row& r) {
                      t = TicketFromRow(r);
                      unit = r.Text(17);
                    });
  }));
  if (!t) return Status::NotFound("no such ticket");
  MOTCUA_ASSIGN_OR_RETURN(FloorSetup setup, Setup(unit));
  MOTCUA_ASSIGN_OR_RETURN(std::vector<floor::Ticket> day, LoadDay(unit, t->day));
  return ViewOf(*t, unit, setup, day, env_.NowMs());
}

// ---- Counters -------------------------------------------------------------------------------

Result<CounterView> FloorService::Counter(const Principal& who, const std::string& unit,
                                          int counter) {
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, UnitOf(unit));
  MOTCUA_RETURN_IF_ERROR(who.Check("floor.serve", ref));
  MOTCUA_ASSIGN_OR_RETURN(FloorSetup setup, Setup(unit));
  const FloorCounter* mine = nullptr;
  for (const auto& c : setup.counters)
    if (c.number == counter) mine = &c;
  if (!mine) return Status::NotFound("unit " + unit + " has no counter " + std::to_string(counter));
  const int64_t now = env_.NowMs();
  MOTCUA_ASSIGN_OR_RETURN(std::vector<floor::Ticket> day, LoadDay(unit, floor::DayOf(now)));
  CounterView v;
  v.number = counter;
  v.areas = mine->areas;
  v.all_areas = setup.areas;
  for (const auto& c : setup.counters) v.all_counters.push_back(c.number);
  for (const auto& t : day)
    if (t.counter == counter &&
        (t.state == floor::State::kCalled || t.state == floor::State::kServing))
      v.current = ViewOf(t, unit, setup, day, now);
  // The waiting tickets in the order this counter would call them.
  std::vector<floor::Ticket> rest = day;
  floor::Counter c{counter, mine->areas, 0};
  while (auto i = floor::ChooseNext(rest, c, setup.policy, now)) {
    TicketView w;
    w.id = rest[*i].id;
    w.label = rest[*i].label;
    w.group = std::string(floor::GroupName(rest[*i].group));
    w.area = rest[*i].area;
    w.issued_ms = rest[*i].issued_ms;
    v.waiting.push_back(std::move(w));
    c.priority_streak = floor::StreakAfter(c.priority_streak, rest[*i]);
    rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(*i));
    if (v.waiting.size() >= 50) break;
  }
  return v;
}

Result<floor::Counter> FloorService::LoadCounter(const std::string& unit, int counter) {
  std::optional<floor::Counter> c;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(floor_sql::kSelectCounters, {unit}, [&](const store::Row& r) {
      if (r.Int(0) == counter)
        c = floor::Counter{counter, SplitAreas(r.Text(1)), static_cast<int>(r.Int(2))};
    });
  }));
  if (!c) return Status::NotFound("unit " + unit + " has no counter " + std::to_string(counter));
  return *c;
}

Result<TicketView> FloorService::Act(const Principal& who, const std::string& unit, int counter,
                                     floor::Action action, const floor::ActionArgs& in) {
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, UnitOf(unit));
  MOTCUA_RETURN_IF_ERROR(who.Check("floor.serve", ref));
  floor::ActionArgs args = in;
  args.counter = counter;
  // Two counters may choose the same ticket at once: the write moves it only from the state it
  // was read in, and the loser reads again.
  for (int attempt = 0;; ++attempt) {
    MOTCUA_ASSIGN_OR_RETURN(FloorSetup setup, Setup(unit));
    MOTCUA_ASSIGN_OR_RETURN(floor::Counter c, LoadCounter(unit, counter));
    const int64_t now = env_.NowMs();
    MOTCUA_ASSIGN_OR_RETURN(std::vector<floor::Ticket> day, LoadDay(unit, floor::DayOf(now)));
    const floor::Ticket* held = nullptr;
    for (const auto& t : day)
      if (t.counter == counter &&
          (t.state == floor::State::kCalled || t.state == floor::State::kServing))
        held = &t;
    const floor::Ticket* target = nullptr;
    if (action == floor::Action::kCall) {
      if (held)
        return Status::FailedPrecondition("counter " + std::to_string(counter) + " still holds " +
                                          held->label + "; finish it or mark it not present first");
      auto i = floor::ChooseNext(day, c, setup.policy, now);
      if (!i) return Status::NotFound("nobody is waiting for counter " + std::to_string(counter));
      target = &day[*i];
    } else {
      if (!held)
        return Status::FailedPrecondition("counter " + std::to_string(counter) +
                                          " holds no ticket now");
      target = held;
    }
    if (action == floor::Action::kTransfer) {
      if (!args.to_area.empty() && !FindArea(setup, args.to_area))
        return Bad("to_area", "no such service area here");
      if (args.to_counter != 0 &&
          std::none_of(setup.counters.begin(), setup.counters.end(),
                       [&](const FloorCounter& fc) { return fc.number == args.to_counter; }))
        return Bad("to_counter", "no such counter here");
    }
    MOTCUA_ASSIGN_OR_RETURN(floor::Ticket next, floor::Apply(*target, action, args, setup.policy, now));
    const floor::Ticket before = *target;
    const bool announces = action == floor::Action::kCall || action == floor::Action::kRecall;
    json body = {{"ticket", before.id}, {"label", before.label}, {"counter", counter},
                 {"state", floor::StateName(next.state)}};
    if (action == floor::Action::kTransfer) {
      body["to_area"] = next.area;
      body["to_counter"] = next.target_counter;
    }
    bool lost = false;
    Status st = store_.Write([&](store::Tx& tx) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(
          int64_t n,
          tx.Exec(floor_sql::kUpdateTicket,
                  {next.area, std::string(floor::StateName(next.state)), int64_t{next.counter},
                   int64_t{next.target_counter}, int64_t{next.recalls}, next.called_ms,
                   next.started_ms, next.ended_ms, next.queued_ms, int64_t{next.transferred ? 1 : 0},
                   who.Id(), action == floor::Action::kCall ? now : int64_t{0}, before.id,
                   std::string(floor::StateName(before.state)), int64_t{before.counter}}));
      if (n != 1) {
        lost = true;
        return Status::Conflict("another counter moved ticket " + before.label + " first");
      }
      if (action == floor::Action::kCall)
        MOTCUA_RETURN_IF_ERROR(tx.Exec(floor_sql::kSetStreak,
                                       {int64_t{floor::StreakAfter(c.priority_streak, before)},
                                        unit, int64_t{counter}})
                                   .status());
      if (announces)
        MOTCUA_RETURN_IF_ERROR(tx.Exec(floor_sql::kInsertCall,
                                       {unit, before.id, before.label, int64_t{counter}, now,
                                        int64_t{action == floor::Action::kRecall ? 1 : 0}})
                                   .status());
      if (action == floor::Action::kNoShow)
        MOTCUA_RETURN_IF_ERROR(tx.Exec(floor_sql::kAppointmentNoShow, {before.id}).status());
      return tx.Append({ref.province_code, "floor/" + unit + "/ticket/" + before.id,
                        "floor." + std::string(floor::ActionName(action)), now, who.Id(),
                        EventBody(body)})
          .status();
    });
    if (lost && attempt < 3) continue;
    if (!st.ok()) return st;
    if (announces) Notify(unit);
    return Ticket(before.id);
  }
}

Status FloorService::Link(const Principal& who, const std::string& unit, int counter,
                          const std::string& ticket_id, const std::string& dossier_code) {
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, UnitOf(unit));
  MOTCUA_RETURN_IF_ERROR(who.Check("floor.serve", ref));
  if (dossier_code.empty() || dossier_code.size() > 60) return Bad("dossier_code", "a dossier code");
  MOTCUA_ASSIGN_OR_RETURN(TicketView t, Ticket(ticket_id));
  if (t.unit != unit || t.counter != counter)
    return Status::FailedPrecondition("ticket " + t.label + " is not at counter " +
                                      std::to_string(counter));
  const int64_t now = env_.NowMs();
  json body = {{"ticket", t.id}, {"label", t.label}, {"dossier", dossier_code}};
  return store_.Write([&](store::Tx& tx) -> Status {
    MOTCUA_RETURN_IF_ERROR(tx.Exec(floor_sql::kLinkDossier, {dossier_code, t.id, unit}).status());
    return tx.Append({ref.province_code, "floor/" + unit + "/ticket/" + t.id, "floor.linked", now,
                      who.Id(), EventBody(body)})
        .status();
  });
}

Result<FloorBoard> FloorService::Board(const std::string& unit, int last) {
  FloorBoard b;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(floor_sql::kSelectCalls, {unit, int64_t{last}}, [&](const store::Row& r) {
      b.calls.push_back({r.Int(0), r.Text(1), static_cast<int>(r.Int(2)), r.Int(3), r.Int(4) != 0});
    });
  }));
  if (!b.calls.empty()) b.version = b.calls.front().id;
  return b;
}

}  // namespace motcua::service
