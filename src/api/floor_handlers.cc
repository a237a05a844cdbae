#include "api/floor_handlers.h"

#include <memory>

#include "api/auth.h"
#include "api/json_util.h"
#include "base/civil_time.h"
#include "base/hash.h"
#include "http/problem.h"

namespace motcua::api {

using http::Method;
using http::Request;
using http::Response;
using http::RouteDoc;
using nlohmann::json;
using service::FloorService;

namespace {

Response Problem(const Status& st) { return http::ProblemFromStatus(st); }

Response NoContent() {
  Response r;
  r.status = 204;
  return r;
}

json TicketObject(const service::TicketView& t) {
  json j = {{"id", t.id},           {"label", t.label},     {"area", t.area},
            {"area_name", {{"vi", t.area_name_vi}, {"en", t.area_name_en}}},
            {"state", t.state},     {"group", t.group},     {"day", t.day},
            {"counter", t.counter}, {"ahead", t.ahead},     {"wait_minutes", t.wait_minutes},
            {"recalls", t.recalls}, {"issued", FormatRfc3339Vietnam(t.issued_ms)}};
  if (t.called_ms) j["called"] = FormatRfc3339Vietnam(t.called_ms);
  if (!t.dossier_code.empty()) j["dossier_code"] = t.dossier_code;
  return j;
}

Result<service::FloorDevice> Device(FloorService* floor, const Request& req, const char* kind) {
  std::string key(req.Header("x-floor-device").value_or(""));
  return floor->DeviceFor(key, kind, req.Param("code"));
}

Result<int> CounterParam(const Request& req) {
  const std::string s = req.Param("counter");
  if (s.empty() || s.size() > 2 || !std::all_of(s.begin(), s.end(), ::isdigit))
    return Status::NotFound("no such counter");
  return std::stoi(s);
}

Response PutSetup(FloorService* floor, Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return Problem(body.status());
  const json& b = *body;
  service::FloorSetup s;
  std::vector<FieldError> errors;
  int64_t n = 0;
  if (TakeField(IntField(b, "priority_per_normal", 2), &n, &errors)) s.policy.priority_per_normal = static_cast<int>(n);
  if (TakeField(IntField(b, "appointment_early_min", 15), &n, &errors)) s.policy.appointment_early_min = static_cast<int>(n);
  if (TakeField(IntField(b, "max_recalls", 3), &n, &errors)) s.policy.max_recalls = static_cast<int>(n);
  if (TakeField(IntField(b, "slot_minutes", 30), &n, &errors)) s.slot_minutes = static_cast<int>(n);
  if (b.contains("areas") && b["areas"].is_array()) {
    int i = 0;
    for (const auto& a : b["areas"]) {
      const std::string f = "areas/" + std::to_string(i++);
      service::FloorArea area;
      TakeField(RequiredStringField(a, "code", 40, f + "/code"), &area.code, &errors);
      TakeField(RequiredStringField(a, "prefix", 3, f + "/prefix"), &area.prefix, &errors);
      TakeField(RequiredStringField(a, "name_vi", 200, f + "/name_vi"), &area.name_vi, &errors);
      TakeField(StringField(a, "name_en", 200, f + "/name_en"), &area.name_en, &errors);
      if (TakeField(IntField(a, "slot_capacity", 4, f + "/slot_capacity"), &n, &errors))
        area.slot_capacity = static_cast<int>(n);
      s.areas.push_back(std::move(area));
    }
  } else {
    errors.push_back({"areas", "a list of areas"});
  }
  if (b.contains("counters") && b["counters"].is_array()) {
    int i = 0;
    for (const auto& c : b["counters"]) {
      const std::string f = "counters/" + std::to_string(i++);
      service::FloorCounter counter;
      if (TakeField(IntField(c, "number", 0, f + "/number"), &n, &errors))
        counter.number = static_cast<int>(n);
      TakeField(StringListField(c, "areas", 40, f + "/areas"), &counter.areas, &errors);
      s.counters.push_back(std::move(counter));
    }
  } else {
    errors.push_back({"counters", "a list of counters"});
  }
  if (!errors.empty()) return Problem(Status::InvalidArgument("the floor setup has errors", errors));
  Status st = floor->Configure(PrincipalOf(req), req.Param("code"), s);
  if (!st.ok()) return Problem(st);
  return NoContent();
}

Response PostDevice(FloorService* floor, Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return Problem(body.status());
  std::string kind, label;
  int64_t counter = 0;
  std::vector<FieldError> errors;
  TakeField(RequiredStringField(*body, "kind", 20), &kind, &errors);
  TakeField(StringField(*body, "label", 100), &label, &errors);
  TakeField(IntField(*body, "counter", 0), &counter, &errors);
  if (!errors.empty()) return Problem(Status::InvalidArgument("the device has errors", errors));
  const std::string unit = req.Param("code");
  auto key = floor->IssueDeviceKey(PrincipalOf(req), unit, kind, static_cast<int>(counter), label);
  if (!key.ok()) return Problem(key.status());
  const std::string page = kind == "kiosk" ? "kiosk" : kind == "display" ? "bang" : "danh-gia";
  return JsonResponse(201, {{"key", *key}, {"id", Sha256Hex(*key).substr(0, 12)},
                            {"kind", kind}, {"counter", counter},
                            {"page", "/quay/" + unit + "/" + page + "?k=" + *key}});
}

Response DeleteDevice(FloorService* floor, Request& req) {
  Status st = floor->RevokeDevice(PrincipalOf(req), req.Param("code"), req.Param("id"));
  if (!st.ok()) return Problem(st);
  return NoContent();
}

Response PostTicket(FloorService* floor, Request& req) {
  auto kiosk = Device(floor, req, "kiosk");
  if (!kiosk.ok()) return Problem(kiosk.status());
  auto body = ParseJsonBody(req);
  if (!body.ok()) return Problem(body.status());
  std::string area, group = "normal", booking;
  std::vector<FieldError> errors;
  TakeField(StringField(*body, "area", 40), &area, &errors);
  TakeField(StringField(*body, "group", 20), &group, &errors);
  TakeField(StringField(*body, "booking_code", 20), &booking, &errors);
  if (!errors.empty()) return Problem(Status::InvalidArgument("the ticket request has errors", errors));
  if (group.empty()) group = "normal";
  auto g = floor::ParseGroup(group);
  if (!g.ok()) return Problem(g.status());
  auto t = floor->Issue(*kiosk, area, *g, booking);
  if (!t.ok()) return Problem(t.status());
  return JsonResponse(201, TicketObject(*t));
}

Response GetTicket(FloorService* floor, Request& req) {
  auto t = floor->Ticket(req.Param("id"));
  if (!t.ok()) return Problem(t.status());
  return JsonResponse(200, TicketObject(*t));
}

Response PostCounterAction(FloorService* floor, Request& req) {
  auto counter = CounterParam(req);
  if (!counter.ok()) return Problem(counter.status());
  const std::string name = req.Param("action");
  const std::string unit = req.Param("code");
  const auto& who = PrincipalOf(req);
  json b = json::object();
  if (!req.body.empty()) {
    auto body = ParseJsonBody(req);
    if (!body.ok()) return Problem(body.status());
    b = *body;
  }
  if (name == "link") {
    std::string ticket, dossier;
    std::vector<FieldError> errors;
    TakeField(RequiredStringField(b, "ticket", 64), &ticket, &errors);
    TakeField(RequiredStringField(b, "dossier_code", 60), &dossier, &errors);
    if (!errors.empty()) return Problem(Status::InvalidArgument("the link has errors", errors));
    Status st = floor->Link(who, unit, *counter, ticket, dossier);
    if (!st.ok()) return Problem(st);
    return NoContent();
  }
  auto action = floor::ParseAction(name);
  if (!action.ok()) return Problem(Status::NotFound(action.status().message()));
  floor::ActionArgs args;
  std::vector<FieldError> errors;
  int64_t to_counter = 0;
  TakeField(StringField(b, "to_area", 40), &args.to_area, &errors);
  if (TakeField(IntField(b, "to_counter", 0), &to_counter, &errors))
    args.to_counter = static_cast<int>(to_counter);
  if (!errors.empty()) return Problem(Status::InvalidArgument("the action has errors", errors));
  auto t = floor->Act(who, unit, *counter, *action, args);
  if (!t.ok()) return Problem(t.status());
  return JsonResponse(200, TicketObject(*t));
}

Response GetBoard(FloorService* floor, Request& req) {
  auto display = Device(floor, req, "display");
  if (!display.ok()) return Problem(display.status());
  auto b = floor->Board(display->unit);
  if (!b.ok()) return Problem(b.status());
  Response r = Response::Json(200, BoardJson(*b));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response PostRating(FloorService* floor, Request& req) {
  auto terminal = Device(floor, req, "rating");
  if (!terminal.ok()) return Problem(terminal.status());
  auto body = ParseJsonBody(req);
  if (!body.ok()) return Problem(body.status());
  std::string ticket, comment;
  int64_t score = 0;
  std::vector<FieldError> errors;
  TakeField(RequiredStringField(*body, "ticket", 64), &ticket, &errors);
  TakeField(IntField(*body, "score", 0), &score, &errors);
  TakeField(StringField(*body, "comment", 2000), &comment, &errors);
  if (!errors.empty()) return Problem(Status::InvalidArgument("the rating has errors", errors));
  Status st = floor->Rate(*terminal, ticket, static_cast<int>(score), comment);
  if (!st.ok()) return Problem(st);
  return NoContent();
}

Result<int64_t> Instant(const Request& req, const char* name, int64_t absent) {
  const std::string s = req.Query(name);
  if (s.empty()) return absent;
  auto t = ParseRfc3339(s);
  if (!t) return Status::InvalidArgument(std::string(name) + " must be an RFC 3339 date-time",
                                         {{name, "an RFC 3339 date-time"}});
  return *t;
}

Response GetRatings(FloorService* floor, Request& req) {
  auto from = Instant(req, "from", 0);
  auto to = Instant(req, "to", INT64_MAX);
  if (!from.ok()) return Problem(from.status());
  if (!to.ok()) return Problem(to.status());
  auto list = floor->Ratings(req.Param("code"), *from, *to);
  if (!list.ok()) return Problem(list.status());
  json out = json::array();
  for (const auto& r : *list)
    out.push_back({{"ticket", r.ticket_id}, {"counter", r.counter}, {"officer", r.officer},
                   {"score", r.score}, {"comment", r.comment}, {"dossier_code", r.dossier_code},
                   {"at", FormatRfc3339Vietnam(r.at_ms)}});
  return JsonResponse(200, {{"ratings", out}});
}

Response GetSlots(FloorService* floor, Request& req) {
  auto slots = floor->Slots(req.Param("code"), req.Query("area"), req.Query("day"));
  if (!slots.ok()) return Problem(slots.status());
  json out = json::array();
  for (const auto& s : *slots)
    out.push_back({{"start", FormatRfc3339Vietnam(s.start_ms)}, {"capacity", s.capacity},
                   {"booked", s.booked}, {"free", std::max(0, s.capacity - s.booked)}});
  return JsonResponse(200, {{"slots", out}});
}

Response PostAppointment(FloorService* floor, Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return Problem(body.status());
  std::string area, slot, procedure;
  std::vector<FieldError> errors;
  TakeField(RequiredStringField(*body, "area", 40), &area, &errors);
  TakeField(RequiredStringField(*body, "slot", 40), &slot, &errors);
  TakeField(StringField(*body, "procedure_code", 60), &procedure, &errors);
  if (!errors.empty()) return Problem(Status::InvalidArgument("the booking has errors", errors));
  auto at = ParseRfc3339(slot);
  if (!at) return Problem(Status::InvalidArgument("slot must be an RFC 3339 date-time", {{"slot", "an RFC 3339 date-time"}}));
  auto a = floor->Book(PrincipalOf(req), req.Param("code"), area, *at, procedure);
  if (!a.ok()) return Problem(a.status());
  return JsonResponse(201, {{"code", a->code}, {"area", a->area},
                            {"slot", FormatRfc3339Vietnam(a->slot_ms)}, {"state", a->state}});
}

json StatsRow(const service::FloorStatsRow& r) {
  return {{"key", r.key}, {"issued", r.issued}, {"served", r.served}, {"no_shows", r.no_shows},
          {"avg_wait_min", r.avg_wait_min}, {"avg_service_min", r.avg_service_min},
          {"ratings", r.ratings}, {"avg_rating", r.avg_rating}};
}

Response GetStats(FloorService* floor, Request& req, bool xlsx) {
  auto stats = floor->Statistics(PrincipalOf(req), req.Param("code"), req.Query("from"),
                                 req.Query("to"));
  if (!stats.ok()) return Problem(stats.status());
  if (xlsx) {
    auto bytes = floor->StatisticsXlsx(*stats, req.Query("lang") == "en" ? "en" : "vi");
    if (!bytes.ok()) return Problem(bytes.status());
    Response r = Response::Text(200, std::move(*bytes),
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    r.SetHeader("Content-Disposition", "attachment; filename=\"floor-" + req.Param("code") + ".xlsx\"");
    return r;
  }
  auto rows = [](const std::vector<service::FloorStatsRow>& v) {
    json a = json::array();
    for (const auto& r : v) a.push_back(StatsRow(r));
    return a;
  };
  return JsonResponse(200, {{"from", stats->from_day}, {"to", stats->to_day},
                            {"total", StatsRow(stats->total)}, {"by_area", rows(stats->by_area)},
                            {"by_counter", rows(stats->by_counter)},
                            {"by_officer", rows(stats->by_officer)},
                            {"by_hour", rows(stats->by_hour)}});
}

}  // namespace

std::string TicketJson(const service::TicketView& t) { return TicketObject(t).dump(); }

std::string BoardJson(const service::FloorBoard& b) {
  json calls = json::array();
  for (const auto& c : b.calls)
    calls.push_back({{"id", c.id}, {"label", c.label}, {"counter", c.counter},
                     {"at", FormatRfc3339Vietnam(c.at_ms)}, {"recall", c.recall}});
  return json({{"version", b.version}, {"calls", calls}}).dump();
}

void AddFloorRoutes(std::vector<http::Route>& routes, FloorService* floor) {
  auto add = [&](Method m, const char* pattern, const char* rule,
                 std::function<Response(FloorService*, Request&)> h, RouteDoc d) {
    routes.push_back({m, pattern, rule,
                      [floor, h](Request& r) {
                        if (!floor) return Problem(Status::Unavailable("the floor is not served here"));
                        return h(floor, r);
                      },
                      false, std::make_shared<const RouteDoc>(std::move(d))});
  };
  const http::QueryDoc device{"X-Floor-Device", "the device's key (issued by the centre director)",
                              "string", true};
  add(Method::kPut, "/api/v1/units/{code}/floor", "perm:floor.manage@code", PutSetup,
      {.tag = "floor", .summary = "Set a centre's service areas, counters and calling policy",
       .body = "Object", .status = 204, .problems = {422}});
  add(Method::kPost, "/api/v1/units/{code}/floor/devices", "perm:floor.manage@code", PostDevice,
      {.tag = "floor", .summary = "Bind a kiosk, display board or rating terminal to the centre",
       .description = "Answers the device's key once; only its hash is kept.",
       .body = "Object", .status = 201, .response = "Object", .problems = {422}});
  add(Method::kDelete, "/api/v1/units/{code}/floor/devices/{id}", "perm:floor.manage@code",
      DeleteDevice,
      {.tag = "floor", .summary = "Revoke a device's key (its id was answered when it was issued)",
       .status = 204, .problems = {404}});
  add(Method::kPost, "/api/v1/units/{code}/floor/tickets", "public", PostTicket,
      {.tag = "floor", .summary = "Take a queue ticket (a kiosk)", .headers = {device},
       .body = "Object", .status = 201, .response = "Object", .problems = {403, 409, 422}});
  add(Method::kGet, "/api/v1/floor/tickets/{id}", "public", GetTicket,
      {.tag = "floor", .summary = "Follow a ticket: its state, the people ahead, the wait",
       .response = "Object", .problems = {404}});
  add(Method::kPost, "/api/v1/units/{code}/floor/counters/{counter}/{action}",
      "perm:floor.serve@code", PostCounterAction,
      {.tag = "floor",
       .summary = "A counter's action: call, recall, start, end, no-show, transfer, link",
       .description = "`call` calls the next ticket by the centre's policy; the others act on the "
                      "ticket the counter holds (`transfer` takes `to_area` and/or `to_counter`; "
                      "`link` takes `ticket` and `dossier_code`).",
       .body = "Object", .response = "Object", .problems = {404, 409, 422}});
  add(Method::kGet, "/api/v1/units/{code}/floor/board", "public", GetBoard,
      {.tag = "floor", .summary = "The last calls, as a display board shows them",
       .headers = {device}, .response = "Object", .problems = {403}});
  add(Method::kPost, "/api/v1/units/{code}/floor/ratings", "public", PostRating,
      {.tag = "floor", .summary = "Rate a service at the counter's terminal (1–4)",
       .headers = {device}, .body = "Object", .status = 204, .problems = {403, 404, 409, 422}});
  add(Method::kGet, "/api/v1/units/{code}/floor/ratings", "perm:report.read@code", GetRatings,
      {.tag = "floor", .summary = "The ratings given at a centre's counters",
       .query = {{"from", "RFC 3339 date-time"}, {"to", "RFC 3339 date-time"}},
       .response = "Object"});
  add(Method::kGet, "/api/v1/units/{code}/floor/slots", "public", GetSlots,
      {.tag = "floor", .summary = "Appointment slots of an area on a day, with what is free",
       .query = {{"area", "the area code", "string", true}, {"day", "2026-12-08", "string", true}},
       .response = "Object", .problems = {404}});
  add(Method::kPost, "/api/v1/units/{code}/floor/appointments", "resident", PostAppointment,
      {.tag = "floor", .summary = "Book an appointment slot (a resident)",
       .body = "Object", .status = 201, .response = "Object", .problems = {422, 429}});
  add(Method::kGet, "/api/v1/units/{code}/floor/stats", "perm:report.read@code",
      [](FloorService* f, Request& r) { return GetStats(f, r, false); },
      {.tag = "floor", .summary = "Waiting and service times, tickets, no-shows and ratings",
       .query = {{"from", "first day, 2026-12-01", "string", true},
                 {"to", "last day, 2026-12-31", "string", true}},
       .response = "Object"});
  add(Method::kGet, "/api/v1/units/{code}/floor/stats.xlsx", "perm:report.read@code",
      [](FloorService* f, Request& r) { return GetStats(f, r, true); },
      {.tag = "floor", .summary = "The statistics as an XLSX workbook",
       .query = {{"from", "first day", "string", true}, {"to", "last day", "string", true},
                 {"lang", "vi (default) or en"}},
       .response = "Binary",
       .response_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"});
}

}  // namespace motcua::api
